/**
 * The view's refresh with iptables-save parsed in a worker thread (issue #20 item 3), on real iptables in a
 * namespace (nft and legacy): what the view shows equals a read parsed on this thread, counters moved by real
 * packets are seen as moved, unchanged rules stay the objects read before, and another program's rule arrives.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIptables } from '../../src/backend/iptables.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { workerReader, type SaveReader } from '../../src/backend/parse-worker/save-reader.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { ruleKeys } from '../../src/domain/diff/counter-diff.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { plain, workerCode } from '../unit/backend/parse-worker/worker-code.js';

const available = await requireNetns();

/** 2000 rules that no packet matches, and one for ICMP on lo, which ping moves. */
function rules(): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':hosts - [0:0]'];
  for (let i = 0; i < 2000; i++)
    lines.push(`-A hosts -s 10.9.${i >> 8}.${i & 255}/32 -p tcp --dport ${1024 + i} -j DROP`);
  lines.push('-A INPUT -i lo -p icmp -m comment --comment "ping here" -j ACCEPT', '-A INPUT -j hosts', 'COMMIT', '');
  return lines.join('\n');
}

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`refreshes parsed in a worker thread (${variant})`, () => {
    let ns: TestNetns;
    let code: string;
    beforeAll(async () => {
      code = await workerCode();
    }, 30_000);
    beforeEach(async () => {
      ns = await createNetns();
      await ns.exec([`iptables-${variant}-restore`, '-w', '5'], rules());
    });
    afterEach(async () => {
      await ns.remove();
    });

    it('shows what a read on this thread shows, with moved counters, and another program’s rule', async () => {
      const reader: SaveReader = workerReader(code);
      expect(reader.threaded).toBe(true);
      const runner = createExecaRunner();
      const store = createAppStore({
        source: liveSource(createIptables({ runner, netns: ns.name, variant, reader })),
      });
      const inline = createIptables({ runner, netns: ns.name, variant });
      const a = store.getState().actions;
      const shown = () => store.getState().views.ipv4!.tables.find((t) => t.name === 'filter')!;
      const asRead = async () => (await inline.saveTable('ipv4', 'filter')).ruleset.tables[0]!;
      await a.load();
      expect(store.getState().status, store.getState().error ?? '').toBe('loaded');
      expect(await a.refresh()).toBe(true);
      expect(plain({ family: 'ipv4', warnings: [], tables: [shown()] })).toEqual(
        plain({ family: 'ipv4', warnings: [], tables: [await asRead()] }),
      );

      const before = shown();
      await ns.exec(['ping', '-c', '3', '-i', '0.2', '-W', '1', '127.0.0.1']);
      expect(await a.refresh()).toBe(true);
      const after = shown();
      expect(plain({ family: 'ipv4', warnings: [], tables: [after] })).toEqual(
        plain({ family: 'ipv4', warnings: [], tables: [await asRead()] }),
      );
      const input = after.chains.find((c) => c.name === 'INPUT')!;
      const pingKey = ruleKeys(input)[0]!;
      expect([...store.getState().views.ipv4!.moved]).toContain(pingKey);
      expect(input.rules[0]!.counters!.packets).toBeGreaterThanOrEqual(6n);
      // The 2000 rules no packet matched are the objects read before: only what changed crossed the threads.
      const hosts = (t: typeof after) => t.chains.find((c) => c.name === 'hosts')!.rules;
      expect(hosts(after).every((r, i) => r === hosts(before)[i])).toBe(true);

      await ns.exec([`iptables-${variant}`, '-w', '5', '-I', 'hosts', '5', '-s', '192.0.2.7/32', '-j', 'ACCEPT']);
      expect(await a.refresh()).toBe(true);
      expect(hosts(shown())).toHaveLength(2001);
      expect(hosts(shown())[4]!.spec).toBe('-s 192.0.2.7/32 -j ACCEPT');
      expect(plain({ family: 'ipv4', warnings: [], tables: [shown()] })).toEqual(
        plain({ family: 'ipv4', warnings: [], tables: [await asRead()] }),
      );
      expect(store.getState().notice ?? '').toMatch(/hosts/);
    });
  });
}
