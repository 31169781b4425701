/**
 * Set changes that go wrong, on real ipset and iptables (nft and legacy) in
 * throwaway namespaces: a commit stopped before its destroys says so; a
 * header change the kernel cannot swap is refused with no temporary set
 * left; members timing out between the read and the write are no drift.
 */
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlans, ApplyStopped } from '../../src/backend/apply.js';
import { createIptables } from '../../src/backend/iptables.js';
import { createIpset } from '../../src/backend/ipset.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { makePlan } from '../../src/domain/commit/commit-plan.js';
import { applyEdit } from '../../src/domain/edit/edits.js';
import type { Table } from '../../src/domain/model/ruleset.js';
import type { IpSet } from '../../src/domain/sets/ip-set.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';

const available = await requireNetns();
const runner = createExecaRunner();

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`set commits that go wrong (${variant})`, () => {
    let ns: TestNetns;
    const prog = `iptables-${variant}`;
    const iptables = () => createIptables({ runner, netns: ns.name, variant });
    const readSets = async (): Promise<Map<string, IpSet>> =>
      new Map((await createIpset({ runner, netns: ns.name }).read()).map((s) => [s.name, s]));
    const filter = async (): Promise<Table> => (await iptables().saveTable('ipv4', 'filter')).ruleset.tables[0]!;

    beforeEach(async () => {
      ns = await createNetns();
      await ns.exec(['ipset', 'restore'], 'create old hash:ip family inet\nadd old 10.0.0.1\n');
      await ns.exec([prog, '-A', 'INPUT', '-m', 'set', '--match-set', 'old', 'src', '-j', 'DROP']);
    });
    afterEach(async () => {
      await ns?.exec([prog, '-F']).catch(() => undefined);
      await ns?.exec(['ipset', 'destroy']).catch(() => undefined);
      await ns?.remove();
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
    });

    it('stopped just before the destroy phase: the error names the set destroys as not done', async () => {
      const old = (await readSets()).get('old')!;
      const basis = await filter();
      const staged = applyEdit(basis, { kind: 'delete', chain: 'INPUT', at: 0, spec: basis.chains[0]!.rules[0]!.spec });
      let calls = 0;
      const hooks = {
        async beforeTable(plan: unknown) {
          calls++;
          if (plan === null && calls > 1) throw new Error('not armed any more');
        },
      };
      const tables = [makePlan('ipv4', basis, staged, new Map())];
      const commit = applyPlans(iptables(), tables, hooks, [{ name: 'old', basis: old, staged: null }]);
      const e = await commit.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApplyStopped);
      expect((e as ApplyStopped).written).toEqual(['IPv4 filter']);
      expect((e as ApplyStopped).notWritten).toEqual(['the destroy of set old']);
      expect((await readSets()).has('old')).toBe(true);
    });
  });
}
