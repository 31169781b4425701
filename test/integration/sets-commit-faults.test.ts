/**
 * Set changes that go wrong, on real ipset and iptables (nft and legacy) in
 * throwaway namespaces: a commit stopped before its destroys says so; a
 * header change the kernel cannot swap is refused with no temporary set
 * left; members timing out between the read and the write are no drift.
 */
import { execa } from 'execa';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlans, ApplyStopped } from '../../src/backend/apply.js';
import { createIptables } from '../../src/backend/iptables.js';
import { createIpset } from '../../src/backend/ipset.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { handRestore } from '../../src/app/safety/hand-restore.js';
import { safetyDeps } from '../../src/app/safety/safety-deps.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { listCommits, stateRoot } from '../../src/app/state/state-dir.js';
import { makePlan } from '../../src/domain/commit/commit-plan.js';
import { applyEdit } from '../../src/domain/edit/edits.js';
import type { Table } from '../../src/domain/model/ruleset.js';
import type { IpSet } from '../../src/domain/sets/ip-set.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();
const runner = createExecaRunner();
const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'fwtui.mjs');
const member = (elem: string) => ({ elem, options: [] });

const SETS = `create bl hash:net family inet maxelem 1000
add bl 192.0.2.0/24
add bl 198.51.100.7
create old hash:ip family inet
add old 10.0.0.1
create hs hash:ip family inet maxelem 1000
add hs 10.9.9.9
`;

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
      await ns.exec(['ipset', 'restore'], SETS);
      for (const set of ['old', 'hs', 'bl'])
        await ns.exec([prog, '-A', 'INPUT', '-m', 'set', '--match-set', set, 'src', '-j', 'DROP']);
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

    it('the printed hand restore, run as printed after the commit, brings every set back exactly', async () => {
      const save = async (n: string): Promise<string> => ns.exec(['ipset', 'save', n]);
      const before = {
        bl: await save('bl'),
        old: await save('old'),
        hs: await save('hs'),
        rules: await ns.exec([prog, '-S']),
      };
      const now = await readSets();
      const [bl, hs] = [now.get('bl')!, now.get('hs')!];
      const sets = [
        { name: 'bl', basis: bl, staged: { ...bl, members: [member('192.0.2.0/24'), member('203.0.113.0/24')] } },
        { name: 'old', basis: now.get('old')!, staged: null },
        { name: 'nw', basis: null, staged: { ...hs, name: 'nw', options: [], members: [member('10.1.1.1')] } },
        {
          name: 'hs',
          basis: hs,
          staged: {
            ...hs,
            options: hs.options.map((o) => (o.name === 'maxelem' ? { ...o, value: '2048' } : o)),
            members: [...hs.members, member('10.8.8.8')],
          },
        },
      ];
      const basis = await filter();
      let staged = applyEdit(basis, { kind: 'delete', chain: 'INPUT', at: 0, spec: basis.chains[0]!.rules[0]!.spec });
      staged = applyEdit(staged, { kind: 'insert', chain: 'INPUT', at: 0, spec: '-m set --match-set nw src -j DROP' });
      const deps = safetyDeps({ netns: ns.name, backend: variant }, runner, [process.execPath, BUNDLE]);
      const source = liveSource(iptables(), { deps, timeoutSec: 120 });
      const outcome = await source.commit([makePlan('ipv4', basis, staged, new Map())], sets);
      expect(outcome.kind === 'applied' && outcome.pending).toBeTruthy();
      const entry = (await listCommits(stateRoot(ns.name)))[0]!;
      const lines = handRestore(entry);
      for (const line of lines) await execa('sh', ['-c', line.slice(line.indexOf(': ') + 2)]);
      expect({
        bl: await save('bl'),
        old: await save('old'),
        hs: await save('hs'),
        rules: await ns.exec([prog, '-S']),
      }).toEqual(before);
      expect((await ns.exec(['ipset', 'list', '-n'])).split('\n').filter(Boolean).sort()).toEqual(['bl', 'hs', 'old']);
      await runCli(['confirm', '--netns', ns.name, '--backend', variant]);
    }, 30_000);

    it('a header change ipset refuses half-way: no temporary set is left, the set is as before', async () => {
      const before = await ns.exec(['ipset', 'save']);
      const hs = (await readSets()).get('hs')!;
      const options = hs.options.map((o) => (o.name === 'maxelem' ? { ...o, value: '1' } : o));
      const plan = { name: 'hs', basis: hs, staged: { ...hs, options, members: [...hs.members, member('10.8.8.8')] } };
      await expect(liveSource(iptables()).commit([], [plan])).rejects.toThrow(/ipset refused/);
      expect(await ns.exec(['ipset', 'list', '-n'])).not.toContain('fwtui-');
      expect(await ns.exec(['ipset', 'save'])).toBe(before);
    });

    it('a type change of a set in place: refused in plain words, nothing written, no temporary set', async () => {
      const before = await ns.exec(['ipset', 'save']);
      const hs = (await readSets()).get('hs')!;
      const plan = { name: 'hs', basis: hs, staged: { ...hs, type: 'hash:net' } };
      await expect(liveSource(iptables()).commit([], [plan])).rejects.toThrow(
        /set hs: its type or family cannot change in place/,
      );
      expect(await ns.exec(['ipset', 'save'])).toBe(before);
      expect(await ns.exec(['ipset', 'list', '-n'])).not.toContain('fwtui-');
    });

    it('a member timing out between the read and the write: an add-only plan goes on the fresh read', async () => {
      await ns.exec(['ipset', 'create', 'tm', 'hash:ip', 'timeout', '600']);
      await ns.exec(['ipset', 'add', 'tm', '10.0.0.8']);
      await ns.exec(['ipset', 'add', 'tm', '10.0.0.9', 'timeout', '1']);
      const tm = (await readSets()).get('tm')!;
      expect(tm.members.map((m) => m.elem).sort()).toEqual(['10.0.0.8', '10.0.0.9']);
      await new Promise((r) => setTimeout(r, 2500));
      const plan = { name: 'tm', basis: tm, staged: { ...tm, members: [...tm.members, member('10.0.0.7')] } };
      const outcome = await liveSource(iptables()).commit([], [plan]);
      expect(outcome.kind).toBe('applied');
      if (outcome.kind === 'applied') expect(outcome.problems).toEqual([]);
      const now = (await readSets()).get('tm')!;
      expect(now.members.map((m) => m.elem).sort()).toEqual(['10.0.0.7', '10.0.0.8']);
    });

    it('a member timing out under a plan that also removes: no drift when the read time is known', async () => {
      await ns.exec(['ipset', 'create', 'tm', 'hash:ip', 'timeout', '600']);
      await ns.exec(['ipset', 'add', 'tm', '10.0.0.8']);
      await ns.exec(['ipset', 'add', 'tm', '10.0.0.9', 'timeout', '1']);
      const readAt = Date.now();
      const tm = (await readSets()).get('tm')!;
      await new Promise((r) => setTimeout(r, 2500));
      const members = [...tm.members.filter((m) => m.elem !== '10.0.0.8'), member('10.0.0.7')];
      const plan = { name: 'tm', basis: tm, staged: { ...tm, members }, readAt };
      const outcome = await liveSource(iptables()).commit([], [plan]);
      expect(outcome.kind).toBe('applied');
      if (outcome.kind === 'applied') expect(outcome.problems).toEqual([]);
      expect((await readSets()).get('tm')!.members.map((m) => m.elem)).toEqual(['10.0.0.7']);
    });
  });
}
