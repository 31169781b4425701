/**
 * The last minute's sparkline in the rule rows: a `last minute` column where the terminal is wide enough that no
 * rule text is cut for it; blank for a rule that did not move (no flat line claiming a measured zero); ASCII
 * without UTF-8.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { noColorTheme } from '../../../themes/no-color.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { App } from '../../../src/ui/app.js';
import { AppTree } from '../../../src/ui/run-tui.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const COMMENT = 'name resolution for the mail relay and the nightly backups';
/** SSH moves by `ssh` packets, the web rule by `web`; DNS (a long comment) never moves. */
const rules = (ssh: number, web: number) => `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[${ssh}:${ssh * 60}] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
[0:0] -A INPUT -p udp -m udp --dport 53 -m comment --comment "${COMMENT}" -j ACCEPT
[${web}:${web * 1500}] -A INPUT -p tcp -m tcp --dport 443 -j ACCEPT
COMMIT
`;

/** The view at `columns` x 30 after three polls (the first measures no rate). */
async function polled(columns: number, utf8 = true) {
  const source = new FakeSource(true, { ipv4: rules(0, 0) });
  const store = createAppStore({ source });
  await store.getState().actions.load();
  const view = render(
    <AppTree store={store} theme={noColorTheme} intervalMs={1000} utf8={utf8}>
      <App columns={columns} rows={30} intervalMs={1000} />
    </AppTree>,
  );
  for (const [ssh, web] of [
    [100, 10],
    [300, 30],
    [600, 50],
  ]) {
    await new Promise((ok) => setTimeout(ok, 20));
    source.set('ipv4', rules(ssh!, web!));
    await store.getState().actions.refresh();
  }
  const frame = (): string => view.lastFrame() ?? '';
  for (let i = 0; i < 200 && !frame().includes('measured 1 s'); i++) await new Promise((ok) => setTimeout(ok, 5));
  const last = frame();
  view.unmount();
  return last;
}

const lines = (frame: string) => frame.split('\n');
const rowWith = (frame: string, text: string): string => lines(frame).find((l) => l.includes(text)) ?? '';
/** The 12 characters of `row` under the `last minute` title. */
const sparkCell = (frame: string, row: string): string => {
  const at = lines(frame)[1]!.indexOf('last minute');
  return [...row].slice(at, at + 12).join('');
};

describe('sparklines in the rule rows', () => {
  it('a wide terminal shows each moving rule the last minute; a rule that did not move shows blank', async () => {
    const frame = await polled(200);
    expect(lines(frame)[1]).toMatch(/pkt\/s +B\/s +last minute +target/);
    // 12 slices of 5 s: the polls fall in the last one, the rest of the minute was not measured.
    expect(sparkCell(frame, rowWith(frame, 'dpt:22'))).toBe('           █');
    expect(sparkCell(frame, rowWith(frame, 'dpt:443'))).toMatch(/^ {11}[▁▂▃▄▅▆▇█]$/);
    expect(sparkCell(frame, rowWith(frame, 'dpt:53'))).toBe(' '.repeat(12));
    expect(rowWith(frame, 'dpt:53')).toContain(COMMENT);
  });

  it('never at the cost of rule text: the column shows only where every rule on screen stays whole', async () => {
    const shown: number[] = [];
    for (let columns = 100; columns <= 220; columns += 10) {
      const frame = await polled(columns);
      const rows = lines(frame).filter((l) => /dpt:(22|53|443)/.test(l));
      expect(rows, frame).toHaveLength(3);
      if (!lines(frame)[1]!.includes('last minute')) continue;
      shown.push(columns);
      for (const row of rows) expect(row, `${columns} columns:\n${frame}`).not.toContain('…');
      expect(rowWith(frame, 'dpt:53')).toContain(COMMENT);
    }
    // Where it fits it is there; where the comment would be cut for it, it is not.
    expect(shown.length).toBeGreaterThan(0);
    expect(shown[0]).toBeGreaterThan(100);
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => 220 - 10 * (shown.length - 1 - i)));
  });

  it('has no column for a saved file (no rates there)', async () => {
    const { frame, waitFor } = await renderApp(new FakeSource(false, { ipv4: rules(5, 5) }), {
      columns: 220,
      rows: 30,
    });
    await waitFor((f) => f.includes('Chain INPUT'), 'the view');
    expect(lines(frame())[1]).not.toContain('last minute');
  });

  it('draws ASCII where the terminal is not UTF-8', async () => {
    const frame = await polled(200, false);
    expect(sparkCell(frame, rowWith(frame, 'dpt:22'))).toBe('           @');
  });
});
