/**
 * A saved boot file must load at boot: `fwtui save` checks each file the way
 * boot loads it, in a fresh, empty namespace (with only what the loader
 * restores before it), not in the namespace whose rules are saved. A rule
 * using an ipset that boot would not have is refused with its own exit code,
 * nothing written; saved-diff uses the same check. Real iptables and ipset.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m set --match-set blacklist src -j DROP
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

/** What iptables-restore --test says of the set rule in a namespace without the set. */
const REFUSED = "-A INPUT -m set --match-set blacklist src -j DROP: Set blacklist doesn't exist";
const DECOY = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 203.0.113.66/32 -j ACCEPT\nCOMMIT\n';

const checkNamespaces = async (): Promise<string[]> =>
  (await execa('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith('fwtui-check-'));

describe.runIf(available)('a saved boot file must load at boot (fresh namespace check, real ipset)', () => {
  let held: TestNetns;
  let root: string;
  beforeAll(async () => {
    if (!existsSync('/usr/sbin/ipset') && !existsSync('/sbin/ipset')) {
      throw new Error('ipset is not installed (.ci/run installs it)');
    }
    held = await createNetns();
    await held.exec(['ipset', 'create', 'blacklist', 'hash:ip']);
    await held.exec(['iptables-restore'], RULES);
  });
  afterAll(async () => {
    await held?.remove();
    if (root) await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
    root = await mkdtemp(join(tmpdir(), 'fwtui-bootcheck-'));
    const wants = 'etc/systemd/system/multi-user.target.wants';
    const plugins = 'usr/share/netfilter-persistent/plugins.d';
    await execa('mkdir', ['-p', join(root, 'usr/sbin'), join(root, plugins), join(root, wants)]);
    const loader = [
      'usr/sbin/netfilter-persistent',
      `${plugins}/15-ip4tables`,
      `${wants}/netfilter-persistent.service`,
    ];
    for (const f of loader) await writeFile(join(root, f), '');
  });

  it(
    'refuses rules whose ipset boot would not have: names ' + 'the rule and the reason, exit 10, nothing written',
    async () => {
      const before = await checkNamespaces();
      const r = await runCli(['save', '--root', root, '--netns', held.name]);
      expect(r.stderr).toContain(`the IPv4 rules would not load at boot: ${REFUSED}`);
      expect(r.stderr).toMatch(/nothing was saved/);
      expect(r.exitCode).toBe(10);
      expect(existsSync(join(root, 'etc/iptables/rules.v4'))).toBe(false);
      expect(existsSync(join(root, 'etc/iptables'))).toBe(false);
      // The throwaway namespace is gone again.
      expect(await checkNamespaces()).toEqual(before);
    },
  );

  it('the same on legacy iptables (--backend legacy)', async () => {
    const legacy = await createNetns();
    try {
      await legacy.exec(['ipset', 'create', 'blacklist', 'hash:ip']);
      await legacy.exec(['iptables-legacy-restore'], RULES);
      const r = await runCli(['save', '--root', root, '--netns', legacy.name, '--backend', 'legacy']);
      expect(r.stderr).toContain(`the IPv4 rules would not load at boot: ${REFUSED}`);
      expect(r.exitCode).toBe(10);
      expect(existsSync(join(root, 'etc/iptables/rules.v4'))).toBe(false);
    } finally {
      await legacy.remove();
    }
  });

  it('saved-diff says a saved file using that set would not load at boot', async () => {
    await execa('mkdir', ['-p', join(root, 'etc/iptables')]);
    await writeFile(join(root, 'etc/iptables/rules.v4'), RULES);
    const r = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
    expect(r.stderr).toContain(
      `the saved IPv4 rules in ${root}/etc/iptables/rules.v4 would not load at boot: ${REFUSED}`,
    );
    expect(r.exitCode).toBe(1);
  });

  it('with ipset-persistent restoring the set before the rules, the same rules save', async () => {
    await writeFile(join(root, 'usr/share/netfilter-persistent/plugins.d/10-ipset'), '');
    await execa('mkdir', ['-p', join(root, 'etc/iptables')]);
    await writeFile(join(root, 'etc/iptables/ipsets'), 'create blacklist hash:ip family inet hashsize 1024\n');
    const r = await runCli(['save', '--root', root, '--netns', held.name]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(root, 'etc/iptables/rules.v4'))).toBe(true);
  });
});

describe.runIf(available)('saved-diff and save never read a boot file through a link', () => {
  it('a rules.v4 linked to a decoy: saved-diff does not show the decoy, save refuses and names the link', async () => {
    const held = await createNetns();
    const root = await mkdtemp(join(tmpdir(), 'fwtui-bootlink-'));
    try {
      await held.exec(['iptables-restore'], '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n');
      await execa('mkdir', ['-p', join(root, 'usr/sbin'), join(root, 'etc/iptables')]);
      await writeFile(join(root, 'usr/sbin/netfilter-persistent'), '');
      await writeFile(join(root, 'decoy'), DECOY);
      await execa('ln', ['-s', join(root, 'decoy'), join(root, 'etc/iptables/rules.v4')]);
      const diff = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
      const link = `${root}/etc/iptables/rules.v4`;
      expect(diff.stderr).toContain(`the saved IPv4 rules are not compared: ${link} is a symbolic link`);
      expect(diff.stdout + diff.stderr).not.toContain('203.0.113.66');
      expect(diff.exitCode).toBe(1);
      const save = await runCli(['save', '--root', root, '--netns', held.name]);
      expect(save.stderr).toContain(`${root}/etc/iptables/rules.v4 is a symbolic link (to ${root}/decoy)`);
      expect(save.exitCode).toBe(1);
      expect(existsSync(join(root, 'etc/iptables/rules.v4.bak'))).toBe(false);
    } finally {
      await held.remove();
      await rm(root, { recursive: true, force: true });
    }
  });
});
