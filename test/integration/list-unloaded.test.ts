/**
 * `fwtui list` of a table nothing loaded yet (a fresh namespace's IPv6, its nat table): `ip6tables -L` prints the
 * built-in chains with policy ACCEPT there, and so does fwtui list, byte for byte (nft and legacy). fwtui reads
 * first: on legacy, `iptables -L` itself loads the table it names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`list of a table nothing loaded (${variant})`, () => {
    let ns: TestNetns;
    beforeEach(async () => {
      ns = await createNetns();
    });
    afterEach(async () => {
      await ns.remove();
    });

    for (const [flag, base, table] of [
      ['-6', 'ip6tables', 'filter'],
      ['-4', 'iptables', 'nat'],
    ] as const) {
      it(`${base} -t ${table}: the built-in chains, ACCEPT, as ${base} -L prints them`, async () => {
        expect((await ns.exec([`${base}-${variant}-save`])).trim()).toBe('');
        const args = ['list', flag, '-t', table, '--netns', ns.name, '--backend', variant];
        const ours = await runCli(args);
        expect(ours.exitCode, ours.stderr).toBe(0);
        const real = ['-w', '5', '-t', table, '-L', '-n', '-v', '-x', '--line-numbers'];
        expect(ours.stdout).toBe(await ns.exec([`${base}-${variant}`, ...real]));
      });
    }
  });
}
