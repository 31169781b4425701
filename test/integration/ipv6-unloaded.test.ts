/**
 * A namespace whose IPv6 filter table was never loaded (ip6tables-save prints
 * nothing): to the view it is the built-in chains with ACCEPT policy, as
 * `ip6tables -L` shows it, and an `ip6tables` line pasted at `:` is staged
 * and applied there (nft and legacy).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIptables } from '../../src/backend/iptables.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';

const available = await requireNetns();

const V4 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
COMMIT
`;

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`an IPv6 filter table not loaded yet (${variant})`, () => {
    let ns: TestNetns;
    beforeEach(async () => {
      ns = await createNetns();
    });
    afterEach(async () => {
      await ns.remove();
    });

    it('reads as the built-in chains, ACCEPT, and a pasted ip6tables line is staged and applied', async () => {
      await ns.exec([`iptables-${variant}-restore`, '-w', '5'], V4);
      expect((await ns.exec([`ip6tables-${variant}-save`])).trim()).toBe('');
      const source = liveSource(createIptables({ runner: createExecaRunner(), netns: ns.name, variant }));
      const store = createAppStore({ source });
      const act = store.getState().actions;
      await act.load();
      expect(store.getState().status, store.getState().error ?? '').toBe('loaded');

      // Shown and polled (-t filter prints an unloaded table's chains): still the table nothing loaded.
      await act.selectFamily('ipv6');
      await act.refresh();
      expect(store.getState().views.ipv6!.tables.map((t) => `${t.name}${t.unloaded ? ' (not loaded)' : ''}`)).toEqual([
        'filter (not loaded)',
      ]);

      const line = 'ip6tables -A INPUT -s 2001:db8::/32 -p tcp --dport 22 -j ACCEPT';
      expect(await act.runCommands(line)).toBeNull();
      expect(store.getState().staging.edits).toHaveLength(1);
      const filter = store.getState().views.ipv6!.tables.find((t) => t.name === 'filter')!;
      expect(filter.chains.map((c) => `${c.name} ${c.policy} ${c.rules.length}`)).toEqual([
        'INPUT ACCEPT 0',
        'FORWARD ACCEPT 0',
        'OUTPUT ACCEPT 0',
      ]);
      act.openCommit();
      await act.applyCommit();
      expect(store.getState().notice).toMatch(/^1 edit\(s\) applied$/);
      const saved = await ns.exec([`ip6tables-${variant}-save`]);
      expect(saved).toMatch(/^:INPUT ACCEPT/m);
      expect(saved).toContain('-A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -j ACCEPT');
    });
  });
}
