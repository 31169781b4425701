// In-process half of the sets rows of `npm run bench` (bundled by bench-sets.mjs with esbuild): the view over a
// store whose source holds a 100,000-member set, rendered by Ink into a capturing stream; key to frame written.
import { render } from 'ink';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { parseIpsetSave } from '../src/domain/sets/parse-ipset.ts';
import { parseSave } from '../src/domain/text/parse-save.ts';
import { createAppStore } from '../src/store/create-app-store.ts';
import { App } from '../src/ui/app.tsx';
import { AppTree } from '../src/ui/run-tui.tsx';
import { handleKey } from '../src/ui/keys/use-app-input.ts';
import { parseKeys } from '../src/ui/keys/keys.ts';
import { noColorTheme } from '../themes/no-color.ts';

const RULES = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blacklist src -j DROP\nCOMMIT\n';

/** Milliseconds from each key to the frame that shows its text, for the steps given. */
export async function measureSetsView(setText: string, steps: readonly [string, string][]): Promise<number[]> {
  const sets = parseIpsetSave(setText);
  const ruleset = parseSave(RULES, { family: 'ipv4' });
  const read = async () => ({ ruleset, variant: 'nft' as const, durationMs: 1 });
  const source = {
    live: true,
    label: 'bench',
    checks: false,
    families: async () => ['ipv4' as const],
    read,
    readTable: read,
    zeroChain: async () => {},
    commit: async () => {
      throw new Error('not in the bench');
    },
    checkRule: async () => null,
    sets: async () => ({ byName: new Map(sets.map((s) => [s.name, s])) }),
  };
  const store = createAppStore({ source });
  let written = '';
  const out = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        written += String(chunk);
        done();
      },
    }),
    { columns: 120, rows: 40, isTTY: true },
  );
  const instance = render(
    <AppTree store={store} theme={noColorTheme} intervalMs={600_000} utf8={true}>
      <App columns={120} rows={39} intervalMs={600_000} />
    </AppTree>,
    {
      stdout: out as unknown as NodeJS.WriteStream,
      // A terminal's stdin as Ink wants it (raw mode), fed nothing: keys go straight to handleKey.
      stdin: Object.assign(new EventEmitter(), {
        isTTY: true,
        setRawMode: () => {},
        setEncoding: () => {},
        read: () => null,
        ref: () => {},
        unref: () => {},
        resume: () => {},
        pause: () => {},
      }) as unknown as NodeJS.ReadStream,
      patchConsole: false,
      incrementalRendering: true,
      maxFps: 60,
    },
  );
  await store.getState().actions.load();
  // The rules use the set, so the view reads the sets after the rules: the steps start once that read is in.
  while (!store.getState().sets) await new Promise((r) => setTimeout(r, 5));
  const times: number[] = [];
  for (const [keys, text] of steps) {
    written = '';
    const started = performance.now();
    for (const [input, key] of parseKeys(keys)) handleKey(input, key, store.getState(), 30, () => {});
    while (!written.includes(text)) {
      if (performance.now() - started > 30_000)
        throw new Error(`"${text}" never showed after ${keys}: ${JSON.stringify(written.slice(-800))}`);
      await new Promise((r) => setImmediate(r));
    }
    times.push(performance.now() - started);
    // The panel reads the sets again when it opens: the next key is timed once that read is done.
    while (store.getState().setsPanel?.reading) await new Promise((r) => setTimeout(r, 5));
  }
  instance.unmount();
  return times;
}
