/**
 * fwtui export/list against real iptables (nft and legacy, IPv4 and IPv6)
 * in throwaway namespaces: export must equal iptables-save -c, list must
 * equal iptables -L -n -v -x --line-numbers, for rulesets real programs make.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_DIR, loadFixtures, withoutComments } from '../helpers/fixtures.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import { RULESETS, type TestRuleset, type Variant } from './rulesets.js';

const available = await requireNetns();

const fixtureRulesets: TestRuleset[] = loadFixtures().map((fx) => ({
  name: `fixture ${fx.name}`,
  family: fx.family,
  load: async (ns, variant) =>
    void (await ns.exec(
      [`${fx.family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}-restore`, '-w', '5', '-c'],
      fx.save,
    )),
}));

/** FWTUI_WRITE_FIXTURES=1 stores what real iptables printed, for the unit tests (test/fixtures/generated). */
function storeFixture(name: string, family: string, save: string, lists: string[]): void {
  if (!process.env.FWTUI_WRITE_FIXTURES) return;
  const dir = join(FIXTURE_DIR, 'generated');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${name}.${family === 'ipv6' ? 'v6' : 'v4'}`);
  writeFileSync(`${base}.save`, save);
  writeFileSync(`${base}.list`, lists.join(''));
}

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

        const lists: string[] = [];
        for (const table of tablesIn(saved)) {
          const listed = await ns.exec([
            `${base}-${variant}`,
            '-w',
            '5',
            '-t',
            table,
            '-L',
            '-n',
            '-v',
            '-x',
            '--line-numbers',
          ]);
          lists.push(`### ${base} -t ${table} -L -n -v -x --line-numbers\n${listed}\n`);
          const ours = await runCli(['list', familyFlag, '-t', table, '--netns', ns.name, '--backend', variant]);
          expect(ours.exitCode, ours.stderr).toBe(0);
          expect(withoutComments(ours.stdout), `table ${table}`).toBe(withoutComments(listed));
        }
        if (!rs.name.startsWith('fixture'))
          storeFixture(`${variant}-${rs.name}`, rs.family, await ns.exec([`${base}-${variant}-save`, '-c']), lists);
      });
    }
  });
}
