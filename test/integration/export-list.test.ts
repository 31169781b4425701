/**
 * fwtui export/list against real iptables (nft and legacy, IPv4 and IPv6)
 * in throwaway namespaces: export must equal iptables-save -c, list must
 * equal iptables -L -n -v -x --line-numbers, for rulesets real programs make.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFixtures, withoutComments } from '../helpers/fixtures.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import { RULESETS, type TestRuleset, type Variant } from './rulesets.js';

const available = await requireNetns();

const fixtureRulesets: TestRuleset[] = loadFixtures().map((fx) => ({
  name: `fixture ${fx.name}`,
  family: fx.family,
  load: async (ns, variant) => void (await ns.exec([`${fx.family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}-restore`, '-w', '5', '-c'], fx.save)),
}));

const tablesIn = (saveText: string): string[] => [...saveText.matchAll(/^\*(\w+)$/gm)].map((m) => m[1]!);

for (const variant of ['nft', 'legacy'] as Variant[]) {
  describe.runIf(available)(`real iptables (${variant})`, () => {
    let ns: TestNetns;
    beforeEach(async () => {
      ns = await createNetns();
    });
    afterEach(async () => {
      await ns.remove();
    });

    for (const rs of [...RULESETS, ...fixtureRulesets]) {
      it(`${rs.name} (${rs.family}): export equals iptables-save -c and list equals iptables -L`, async () => {
        await rs.load(ns, variant);
        const base = rs.family === 'ipv6' ? 'ip6tables' : 'iptables';
        const familyFlag = rs.family === 'ipv6' ? '-6' : '-4';
        const saved = withoutComments(await ns.exec([`${base}-${variant}-save`, '-c']));
        expect(saved).toMatch(/^\*\w+$/m);

        const exported = await runCli(['export', familyFlag, '--netns', ns.name, '--backend', variant]);
        expect(exported.stderr).toBe('');
        expect(exported.exitCode).toBe(0);
        expect(withoutComments(exported.stdout)).toBe(saved);

        for (const table of tablesIn(saved)) {
          const listed = await ns.exec([`${base}-${variant}`, '-w', '5', '-t', table, '-L', '-n', '-v', '-x', '--line-numbers']);
          const ours = await runCli(['list', familyFlag, '-t', table, '--netns', ns.name, '--backend', variant]);
          expect(ours.exitCode, ours.stderr).toBe(0);
          expect(withoutComments(ours.stdout), `table ${table}`).toBe(withoutComments(listed));
        }
      });
    }
  });
}
