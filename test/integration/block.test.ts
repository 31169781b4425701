/**
 * `fwtui block` on real ipset in a throwaway namespace: 100,000 addresses
 * into a new hash:net set under the safety net; a list with bad lines is
 * refused whole, each bad line named, nothing created.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

describe.runIf(available)('fwtui block on real ipset', () => {
  let ns: TestNetns;
  let dir: string;
  const target = (): string[] => ['--netns', ns.name, '--backend', 'nft'];
  beforeAll(async () => {
    ns = await createNetns();
    dir = await mkdtemp(join(tmpdir(), 'fwtui-block-'));
  });
  afterAll(async () => {
    await ns?.exec(['iptables-nft', '-F']).catch(() => undefined);
    await ns?.exec(['ip6tables-nft', '-F']).catch(() => undefined);
    await ns?.exec(['ipset', 'destroy']).catch(() => undefined);
    await ns?.remove();
    if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('a list with bad lines: every one named with its number and text, nothing applied (exit 3)', async () => {
    const list = join(dir, 'bad.txt');
    await writeFile(list, '# blocklist\n192.0.2.1\n192.0.2.300\n\n10.0.0.5/24\n2001:db8::1\n');
    const r = await runCli(['block', '--set', 'bad', '--create', 'hash:net', '--file', list, '--rule', ...target()]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('has 3 bad lines; nothing was applied');
    expect(r.stderr).toContain('line 3: 192.0.2.300: not an IP address');
    expect(r.stderr).toContain('line 5: 10.0.0.5/24: host bits set: the network is 10.0.0.0/24');
    expect(r.stderr).toContain('line 6: 2001:db8::1: an IPv6 address in an IPv4 set (use -6)');
    expect(await ns.exec(['ipset', 'list', '-n'])).toBe('');
    expect(await ns.exec(['iptables-nft', '-S', 'INPUT'])).not.toContain('match-set');
  });

  it('a set that does not exist without --create: says how to create it', async () => {
    const list = join(dir, 'one.txt');
    await writeFile(list, '192.0.2.1\n');
    const r = await runCli(['block', '--set', 'nope', '--file', list, ...target()]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('there is no set nope here: add --create hash:net (or hash:ip) to create it');
  });

  it('-6: IPv6 addresses as ipset prints them, the rule in the IPv6 INPUT; kept with y', async () => {
    const list = join(dir, 'v6.txt');
    await writeFile(list, '2001:DB8:0:0:0:0:0:1\n2001:db8:1::/48 # a net\n');
    const argv = ['block', '--set', 'bl6', '--create', 'hash:net', '--file', list, '-6', '--rule', ...target()];
    const r = await runCli(argv, { stdin: 'y\n' });
    expect(r.stderr).toBe('');
    expect(
      (await ns.exec(['ipset', 'save', 'bl6']))
        .split('\n')
        .filter((l) => l.startsWith('add'))
        .sort(),
    ).toEqual(['add bl6 2001:db8:1::/48', 'add bl6 2001:db8::1']);
    expect(await ns.exec(['ip6tables-nft', '-S', 'INPUT'])).toContain('-A INPUT -m set --match-set bl6 src -j DROP');
    await runCli(['confirm', ...target()]);
  });

  it('-6 with IPv4-mapped and -compatible addresses: no false warning; the same list again adds nothing', async () => {
    const list = join(dir, 'v6-mapped.txt');
    await writeFile(list, '::ffff:1.2.3.4\n::2:3\n');
    const argv = ['block', '--set', 'bl6m', '--create', 'hash:ip', '--file', list, '-6', ...target()];
    const first = await runCli(argv, { stdin: 'y\n' });
    expect(first.stderr).toBe('');
    await runCli(['confirm', ...target()]);
    const save = (await ns.exec(['ipset', 'save', 'bl6m'])).split('\n').filter((l) => l.startsWith('add'));
    expect(save.sort()).toEqual(['add bl6m ::0.2.0.3', 'add bl6m ::ffff:1.2.3.4']);
    const again = await runCli(['block', '--set', 'bl6m', '--file', list, '-6', ...target()], { stdin: 'y\n' });
    expect(again.stderr).not.toContain('already added');
    expect(again.stderr).not.toContain('missing');
    expect(again.stdout).toContain('nothing to apply: every address of');
  });

  it('100,000 addresses into a new hash:net set with the DROP rule, then confirmed', async () => {
    const list = join(dir, 'big.txt');
    const lines = Array.from({ length: 100_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    await writeFile(list, `# 100k\n${lines.join('\n')}\n`);
    const argv = ['block', '--set', 'big', '--create', 'hash:net', '--file', list, '--rule', '--no-wait'];
    const r = await runCli([...argv, '--confirm-timeout', '120', ...target()]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('set big: created (hash:net, 100000 members)');
    expect(await ns.exec(['ipset', 'list', '-t', 'big'])).toContain('Number of entries: 100000');
    expect(await ns.exec(['iptables-nft', '-S', 'INPUT'])).toContain('-A INPUT -m set --match-set big src -j DROP');
    expect((await runCli(['confirm', ...target()])).exitCode).toBe(0);
    // Again: every address is in the set already, the rule is there: nothing to apply.
    const again = await runCli([...argv, ...target()]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('nothing to apply');
  }, 120_000);
});
