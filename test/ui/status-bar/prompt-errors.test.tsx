/**
 * An error inside the `:` and `T` prompts is shown whole at 80 columns
 * (wrapped above the prompt, never cut) and kept in the message history (L).
 */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';
import { promptOf } from '../../../src/store/selectors.js';

const source = () => new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
const squeeze = (text: string): string => text.replace(/\s+/g, '');

async function promptError(keys: string, typed: string) {
  const app = await renderApp(source());
  app.view.stdin.write(keys);
  await app.waitFor(() => app.store.getState().overlay?.kind === 'prompt', 'the prompt');
  // Typed, then Enter on its own: text and Enter in one read is a paste (a new line, for `:`).
  await app.press(typed, () => promptOf(app.store.getState())?.value === typed, 'the typed text');
  const before = app.frame();
  app.view.stdin.write('\r');
  const frame = await app.waitFor((f) => f !== before && promptOf(app.store.getState())?.error != null, 'the error');
  return { ...app, frame, error: promptOf(app.store.getState())!.error! };
}

describe('errors inside a prompt at 80 columns', () => {
  for (const [name, keys, typed] of [
    [
      ':',
      ':',
      'iptables -A NO-SUCH-CHAIN-ANYWHERE-HERE -p tcp --dport 8080 -m comment --comment "a long line to cut" -j ACCEPT',
    ],
    ['T', 'T', '-p tcp -s 198.51.100.7 --dport 22 --some-option-nobody-knows-of-and-that-is-long value'],
  ] as const) {
    it(`${name}: the whole error is on screen, no line wider than 80, and L lists it after Esc`, async () => {
      const { frame, error, press, store } = await promptError(keys, typed);
      expect(error.length).toBeGreaterThan(60);
      const lines = frame.split('\n');
      expect(lines).toHaveLength(24);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
      // The prompt stays the last line; the error is wrapped above it, every character there.
      expect(lines.at(-1)).toMatch(/^(iptables command|Packet)/);
      expect(squeeze(lines.slice(-8).join('\n'))).toContain(squeeze(`error: ${error}`));
      expect(
        store
          .getState()
          .history.filter((h) => h.kind === 'error')
          .map((h) => h.text)
          .join('\n'),
      ).toContain(error);
      await press('\x1b', () => store.getState().overlay === null, 'the prompt closed');
      const shown = await press('L', (f) => f.includes('Messages and commands'), 'the history');
      expect(squeeze(shown)).toContain(squeeze(error));
    });
  }
});
