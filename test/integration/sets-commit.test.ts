/**
 * Set changes applied on real ipset and iptables (nft and legacy) in
 * throwaway namespaces: add, remove, create, destroy and swap through the
 * live source's commit, read back; drift caught with nothing written; a
 * refused commit put back whole; the guard reverting a commit that
 * destroyed a set (members included) and created another; `fwtui block`
 * killed with kill -9 in its window, reverted by the guard.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApplyError } from '../../src/backend/apply.js';
import { createIptables } from '../../src/backend/iptables.js';
import { createIpset } from '../../src/backend/ipset.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { safetyDeps } from '../../src/app/safety/safety-deps.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { makePlan } from '../../src/domain/commit/commit-plan.js';
import { applyEdit } from '../../src/domain/edit/edits.js';
import type { Table } from '../../src/domain/model/ruleset.js';
import type { IpSet } from '../../src/domain/sets/ip-set.js';
import type { SetPlan } from '../../src/domain/sets/set-plan.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/safety-lab.js';

const available = await requireNetns();
const runner = createExecaRunner();
const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'fwtui.mjs');

const OLD_MEMBERS = Array.from({ length: 300 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
const SETS = `create bl hash:net family inet maxelem 1000
add bl 192.0.2.0/24
add bl 198.51.100.7
create old hash:ip family inet
${OLD_MEMBERS.map((m) => `add old ${m}`).join('\n')}
create hs hash:ip family inet maxelem 1000
add hs 10.9.9.9
`;

const elems = (s: IpSet | null | undefined): string[] => (s?.members.map((m) => m.elem) ?? []).sort();
const member = (elem: string) => ({ elem, options: [] });

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`set changes on real ipset (${variant})`, () => {
    let ns: TestNetns;
    const prog = `iptables-${variant}`;
    const iptables = () => createIptables({ runner, netns: ns.name, variant });
    const readSets = async (): Promise<Map<string, IpSet>> =>
      new Map((await createIpset({ runner, netns: ns.name }).read()).map((s) => [s.name, s]));
    const filter = async (): Promise<Table> => (await iptables().saveTable('ipv4', 'filter')).ruleset.tables[0]!;
    const input = async (): Promise<string> => ns.exec([prog, '-S', 'INPUT']);

    beforeEach(async () => {
      ns = await createNetns();
      await ns.exec(['ipset', 'restore'], SETS);
      await ns.exec([prog, '-A', 'INPUT', '-m', 'set', '--match-set', 'old', 'src', '-j', 'DROP']);
      await ns.exec([prog, '-A', 'INPUT', '-m', 'set', '--match-set', 'hs', 'src', '-j', 'DROP']);
    });
    afterEach(async () => {
      await ns?.exec([prog, '-F']).catch(() => undefined);
      await ns?.exec(['ipset', 'destroy']).catch(() => undefined);
      await ns?.remove();
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
    });

    /**
     * The commit of every kind of set change: bl members added and removed, old destroyed with the rule that
     * used it, nw created with a rule that uses it, hs's header changed (swapped in under its rule).
     */
    async function everyChange(): Promise<{ tables: ReturnType<typeof makePlan>[]; sets: SetPlan[] }> {
      const now = await readSets();
      const bl = now.get('bl')!;
      const hs = now.get('hs')!;
      const sets: SetPlan[] = [
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
      return { tables: [makePlan('ipv4', basis, staged, new Map())], sets };
    }

    it('add, remove, create, destroy and swap through the live commit, in a safe order; read back', async () => {
      const { tables, sets } = await everyChange();
      const outcome = await liveSource(iptables()).commit(tables, sets);
      expect(outcome.kind).toBe('applied');
      if (outcome.kind !== 'applied') return;
      expect(outcome.problems).toEqual([]);
      const now = await readSets();
      expect(elems(now.get('bl'))).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
      expect(now.has('old')).toBe(false);
      expect(elems(now.get('nw'))).toEqual(['10.1.1.1']);
      expect(now.get('hs')!.options).toContainEqual({ name: 'maxelem', value: '2048' });
      expect(elems(now.get('hs'))).toEqual(['10.8.8.8', '10.9.9.9']);
      // The rule kept its set through the swap; no temporary set is left.
      expect(now.get('hs')!.references).toBe(1);
      expect([...now.keys()].sort()).toEqual(['bl', 'hs', 'nw']);
      expect(await input()).toContain('--match-set nw src -j DROP');
      expect(await input()).not.toContain('--match-set old');
      expect(elems(outcome.freshSets?.get('nw'))).toEqual(['10.1.1.1']);
    });

    it('a set another program changed since the read is drift: nothing is written', async () => {
      const bl = (await readSets()).get('bl')!;
      await ns.exec(['ipset', 'add', 'bl', '10.7.7.7']);
      // A plan that removes a member too (an add-only one is rebuilt on the fresh read: see sets-commit-faults).
      const plan = { name: 'bl', basis: bl, staged: { ...bl, members: [...bl.members.slice(1), member('10.6.6.6')] } };
      const outcome = await liveSource(iptables()).commit([], [plan]);
      expect(outcome.kind).toBe('drift');
      if (outcome.kind === 'drift') expect(outcome.sets?.map((d) => d.words)).toEqual([['set bl: 1 added']]);
      expect(elems((await readSets()).get('bl'))).toEqual(['10.7.7.7', '192.0.2.0/24', '198.51.100.7']);
    });

    it('a table iptables refuses after the sets were written: sets and tables are put back as they were', async () => {
      const before = await ns.exec(['ipset', 'save']);
      const { sets } = await everyChange();
      const basis = await filter();
      // The rule names a set nobody creates: iptables-restore refuses the table.
      const staged = applyEdit(basis, {
        kind: 'insert',
        chain: 'INPUT',
        at: 0,
        spec: '-m set --match-set nx src -j DROP',
      });
      const commit = liveSource(iptables()).commit([makePlan('ipv4', basis, staged, new Map())], sets);
      await expect(commit).rejects.toThrow(ApplyError);
      await expect(commit).rejects.toThrow(/Sets bl, old, nw, hs read back as they were before/);
      expect(await ns.exec(['ipset', 'save'])).toBe(before);
    });

    it('the guard reverts at the deadline: a destroyed set comes back with its members before its rule', async () => {
      const beforeSets = await ns.exec(['ipset', 'save']);
      const beforeRules = await input();
      const deps = safetyDeps({ netns: ns.name, backend: variant }, runner, [process.execPath, BUNDLE]);
      const { tables, sets } = await everyChange();
      const outcome = await liveSource(iptables(), { deps, timeoutSec: 5 }).commit(tables, sets);
      expect(outcome.kind === 'applied' && outcome.pending).toBeTruthy();
      expect((await readSets()).has('old')).toBe(false);
      const back = await waitFor(async () => (await input()) === beforeRules, 12_000);
      expect(back, 'the guard put the rules back').not.toBeNull();
      await waitFor(async () => (await ns.exec(['ipset', 'save'])) === beforeSets, 3000);
      expect(await ns.exec(['ipset', 'save'])).toBe(beforeSets);
      expect(elems((await readSets()).get('old'))).toEqual([...OLD_MEMBERS].sort());
    }, 30_000);

    it('kill -9 of fwtui block in its window: the guard reverts the set (members included) and the rule', async () => {
      const beforeSets = await ns.exec(['ipset', 'save']);
      const beforeRules = await input();
      const dir = await mkdtemp(join(tmpdir(), 'fwtui-block-'));
      const list = join(dir, 'list.txt');
      await writeFile(list, '203.0.113.0/24\n# a comment\n198.51.100.99\n');
      const session = `fwtui-sets-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
      const argv = [BIN, 'block', '--set', 'bl', '--file', list, '--rule', '--confirm-timeout', '5'];
      await execa('tmux', [
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        '120',
        '-y',
        '20',
        [...argv, '--netns', ns.name, '--backend', variant].join(' '),
      ]);
      try {
        const asking = async (): Promise<boolean> =>
          (await execa('tmux', ['capture-pane', '-p', '-t', session])).stdout.includes('Keep these changes? (y/N)');
        expect(await waitFor(asking, 8000), 'fwtui block asks to keep').not.toBeNull();
        expect(elems((await readSets()).get('bl'))).toContain('198.51.100.99');
        expect(await input()).toContain('-A INPUT -m set --match-set bl src -j DROP');
        const status = JSON.parse(
          (await runCli(['status', '--json', '--netns', ns.name, '--backend', variant])).stdout,
        );
        process.kill(status.commit.by.pid, 'SIGKILL');
        const back = await waitFor(async () => (await input()) === beforeRules, 12_000);
        expect(back, 'the guard put the rule back').not.toBeNull();
        await waitFor(async () => (await ns.exec(['ipset', 'save'])) === beforeSets, 3000);
        expect(await ns.exec(['ipset', 'save'])).toBe(beforeSets);
      } finally {
        await execa('tmux', ['kill-session', '-t', session], { reject: false });
        await rm(dir, { recursive: true, force: true });
      }
    }, 40_000);
  });
}
