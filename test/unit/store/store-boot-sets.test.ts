/** The view's saved-vs-running covers the IP sets too (BootPort.diff): D shows them, S says they differ. */
import { describe, expect, it } from 'vitest';
import type { BootPort, SavedFamilyDiff } from '../../../src/domain/ports/firewall-source.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { confirmOf } from '../../../src/store/selectors.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const SETS_DIFF: SavedFamilyDiff = {
  family: 'sets',
  path: '/etc/iptables/ipsets',
  lines: [
    { kind: '@', text: '@@ -1,2 +1,3 @@' },
    { kind: ' ', text: 'create blacklist hash:net family inet hashsize 1024 maxelem 65536' },
    { kind: '+', text: 'add blacklist 203.0.113.9' },
  ],
  problem: null,
};

const port = (diffs: SavedFamilyDiff[]): BootPort => ({
  target: '/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)',
  warnings: [],
  diff: async () => diffs,
  save: async () => 'Saved\n',
});

describe('saved vs running IP sets in the view', () => {
  it('D shows the running sets against the saved file; S asks naming the sets as what differs', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    source.boot = port([SETS_DIFF]);
    const store = createAppStore({ source });
    await store.getState().actions.load();
    await store.getState().actions.checkSaved();
    store.getState().actions.askSave();
    expect(confirmOf(store.getState())?.question).toBe(
      'Save the running rules to /etc/iptables/rules.v4 + rules.v6 (netfilter-persistent) ' +
        '(the running IP sets differ from the saved ones)?',
    );
    const { view, press } = await renderApp(source, { columns: 120, rows: 24 });
    const frame = await press('D', (f) => f.includes('+++ running'), 'the saved view');
    expect(frame).toContain('--- /etc/iptables/ipsets (saved)   +++ running IP sets');
    expect(frame).toContain('+add blacklist 203.0.113.9');
    expect(frame).toContain('not saved for boot');
    view.unmount();
  });

  it('nothing saved yet: said in words, naming the sets', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    source.boot = port([{ ...SETS_DIFF, lines: [], missing: true }]);
    const { view, press } = await renderApp(source, { columns: 120, rows: 24 });
    const frame = await press('D', (f) => f.includes('nothing is saved'), 'the saved view');
    expect(frame).toContain('nothing is saved at /etc/iptables/ipsets yet (S saves the running IP sets there)');
    view.unmount();
  });
});
