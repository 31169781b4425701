import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { HISTORY_LIMIT } from '../../../src/store/messages-slice.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { promptOf } from '../../../src/store/selectors.js';

const ran = (command: string, exitCode = 0, at = 1) => ({
  at,
  command,
  exitCode,
  durationMs: 5,
  stderr: exitCode ? 'boom' : '',
});

describe('the message history in the store', () => {
  it('keeps every notice and error, whichever action set it', async () => {
    const store = createAppStore({ source: new FakeSource(true, { ipv4: RULES_V4() }), now: () => 42 });
    const a = store.getState().actions;
    await a.load();
    a.openSearch();
    a.setQuery('no-such-thing');
    a.closeSearch(true);
    a.dismissNotice();
    store.setState({ error: 'cannot read the firewall: gone' });
    expect(store.getState().history).toEqual([
      { at: 42, kind: 'notice', text: 'no rule in filter matches "no-such-thing"' },
      { at: 42, kind: 'error', text: 'cannot read the firewall: gone' },
    ]);
  });

  it('keeps the errors of the : and T prompts, with what was typed (they vanish with the prompt)', async () => {
    const store = createAppStore({ source: new FakeSource(true, { ipv4: RULES_V4() }), now: () => 7 });
    const a = store.getState().actions;
    await a.load();
    a.askTrace();
    a.promptType('-p tcp --bogus 1');
    a.submitPrompt();
    const traceError = promptOf(store.getState())!.error!;
    expect(traceError).toMatch(/--bogus/);
    a.closeOverlay();
    a.askCommand();
    a.promptType('iptables -A NOPE -j ACCEPT\niptables -A INPUT -j ACCEPT');
    a.submitPrompt();
    await vi.waitFor(() => expect(promptOf(store.getState())?.error).toBeTruthy());
    const commandError = promptOf(store.getState())!.error!;
    expect(store.getState().history.filter((h) => h.kind === 'error')).toEqual([
      {
        at: 7,
        kind: 'error',
        text: `Packet (-p tcp -s ADDR --dport 22 -i eth0 [--state ESTABLISHED]) -p tcp --bogus 1: ${traceError}`,
      },
      { at: 7, kind: 'error', text: `iptables command(s): (2 lines): ${commandError}` },
    ]);
  });

  it('counts a repeated command on one line, keeps failures apart, and drops the oldest past the limit', () => {
    const store = createAppStore({ source: new FakeSource(true, { ipv4: RULES_V4() }) });
    const a = store.getState().actions;
    a.logCommand(ran('iptables-save -c', 0, 1));
    a.logCommand(ran('iptables-save -c', 0, 2));
    a.logCommand(ran('iptables-save -c', 1, 3));
    const h = store.getState().history;
    expect(h).toHaveLength(2);
    expect(h[0]).toMatchObject({ text: 'iptables-save -c', at: 2, repeats: { count: 2, since: 1 } });
    expect(h[1]).toMatchObject({ exitCode: 1, detail: 'boom' });
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) a.logCommand(ran(`cmd ${i}`));
    expect(store.getState().history).toHaveLength(HISTORY_LIMIT);
    expect(store.getState().history.at(-1)!.text).toBe(`cmd ${HISTORY_LIMIT + 4}`);
  });
});
