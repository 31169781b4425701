/**
 * The lockout check when no SSH session is found (the console, or `--netns`
 * from outside the namespace): `fwtui apply` asks whether a new SSH
 * connection from anywhere can still get in on some interface of the
 * namespace and be answered. Real iptables (nft and legacy, IPv4 and the
 * IPv6 twin) in a namespace whose interfaces are eth0 and eth1 (a veth pair).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

const filter = (policy: string, rules: string[], output = 'ACCEPT') =>
  [
    '*filter',
    `:INPUT ${policy} [0:0]`,
    ':FORWARD ACCEPT [0:0]',
    `:OUTPUT ${output} [0:0]`,
    ...rules,
    'COMMIT',
    '',
  ].join('\n');
const SSH = '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT';
const ESTABLISHED = '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';
const BASE = filter('ACCEPT', [SSH]);

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`lockout check without an SSH session, on real iptables (${variant})`, () => {
    let ns: TestNetns;
    let dir: string;
    beforeAll(async () => {
      ns = await createNetns();
      dir = await mkdtemp(join(tmpdir(), 'fwtui-lockout-'));
      await ns.exec(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
      await ns.exec(['ip', 'link', 'set', 'eth0', 'up']);
      await ns.exec(['ip', 'link', 'set', 'eth1', 'up']);
    });
    afterAll(async () => {
      await ns?.remove();
      if (dir) await rm(dir, { recursive: true, force: true });
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
    });

    async function apply(name: string, rules: string, six = false) {
      const prog = `${six ? 'ip6tables' : 'iptables'}-${variant}`;
      await ns.exec([`${prog}-restore`], BASE);
      const file = join(dir, `${name}.rules`);
      await writeFile(file, rules, { mode: 0o600 });
      const strip = (t: string) =>
        t
          .split('\n')
          .filter((l) => !l.startsWith('#'))
          .join('\n')
          .replace(/\[\d+:\d+\]/g, '');
      const before = strip(await ns.exec([`${prog}-save`]));
      const target = ['--netns', ns.name, '--backend', variant, ...(six ? ['-6'] : [])];
      const r = await runCli(['apply', file, ...target, '--confirm-timeout', '30']);
      const after = strip(await ns.exec([`${prog}-save`]));
      return { ...r, unchanged: before === after };
    }

    const refused = (r: { exitCode: number; stderr: string; unchanged: boolean }, says: string) => {
      expect(r.exitCode, r.stderr).toBe(9);
      expect(r.stderr).toContain(
        'no SSH connection found to check (no sshd runs here): ' +
          'asked whether new SSH connections (port 22) can get in and be answered',
      );
      expect(r.stderr).toContain(says);
      expect(r.stderr).toContain('pass --allow-lockout');
      expect(r.unchanged).toBe(true);
    };

    it('a REJECT above the SSH accept: refused, naming the rule', async () => {
      const reject = '-A INPUT -j REJECT --reject-with icmp-port-unreachable';
      const r = await apply('reject', filter('ACCEPT', [reject, SSH]));
      refused(
        r,
        `no new SSH connection (port 22) can get in from anywhere on eth0, eth1: ` +
          `rejected by filter INPUT rule 1 (${reject})`,
      );
    }, 60_000);

    it('the IPv6 twin: refused, naming the rule', async () => {
      const reject = '-A INPUT -j REJECT --reject-with icmp6-port-unreachable';
      const r = await apply('reject6', filter('ACCEPT', [reject, SSH]), true);
      refused(r, 'rejected by filter INPUT rule 1 (-A INPUT -j REJECT --reject-with icmp6-port-unreachable)');
    }, 60_000);

    it('port 22 dropped for everyone: refused', async () => {
      const r = await apply('drop22', filter('ACCEPT', ['-A INPUT -p tcp -m tcp --dport 22 -j DROP', SSH]));
      refused(r, 'dropped by filter INPUT rule 1 (-A INPUT -p tcp -m tcp --dport 22 -j DROP)');
    }, 60_000);

    it('drops on every interface of the namespace (-i eth+): refused', async () => {
      const r = await apply('eth-plus', filter('ACCEPT', ['-A INPUT -i eth+ -j DROP', SSH]));
      refused(r, 'dropped by filter INPUT rule 1 (-A INPUT -i eth+ -j DROP)');
    }, 60_000);

    it('OUTPUT policy DROP (replies cannot leave): refused, naming the policy', async () => {
      const r = await apply('output-drop', filter('ACCEPT', [SSH], 'DROP'));
      refused(
        r,
        'SSH (port 22) can no longer answer: ' +
          'its replies going out would be dropped by the policy of filter OUTPUT (DROP)',
      );
    }, 60_000);

    it('safe rulesets pass: a DROP policy with SSH accepted, a drop on one interface of two', async () => {
      for (const [name, rules] of [
        ['safe-drop', filter('DROP', [ESTABLISHED, '-A INPUT -i lo -j ACCEPT', SSH])],
        ['one-iface', filter('ACCEPT', ['-A INPUT -i eth0 -j DROP', SSH])],
      ] as const) {
        const r = await apply(name, rules);
        expect(r.stderr, name).not.toMatch(/lock you out/);
        // Applied, then (no terminal to answer "keep?") put back at once.
        expect(r.stdout, `${name}: ${r.stderr}`).toMatch(/Applied commit/);
        expect(r.exitCode, name).toBe(6);
      }
    }, 60_000);
  });
}
