/**
 * The lockout check with a real sshd: the admin connects from a client
 * namespace and runs `sudo fwtui apply FILE` on the server. fwtui must find
 * that connection (sudo dropped SSH_CONNECTION) and refuse rules that would
 * cut it off, naming the rule or policy, and stay quiet for safe rules.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import { createSshLab, type SshLab } from '../helpers/ssh-lab.js';

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
const BASE = filter('ACCEPT', ['-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT']);

describe.runIf(available)('lockout check with a real sshd, under sudo', () => {
  let lab: SshLab;
  beforeAll(async () => {
    lab = await createSshLab();
  }, 30_000);
  afterAll(async () => {
    await lab?.remove();
  });

  async function reset(): Promise<void> {
    await lab.server.exec(['iptables-restore'], BASE);
    await lab.server.exec(['ip6tables-restore'], BASE);
  }

  async function apply(name: string, rules: string, six = false) {
    await reset();
    const file = join(lab.dir, `${name}.rules`);
    await writeFile(file, rules, { mode: 0o600 });
    const before = await lab.server.exec([six ? 'ip6tables-save' : 'iptables-save']);
    const r = await lab.fwtui(six ? 'ipv6' : 'ipv4', [
      'apply',
      file,
      ...(six ? ['-6'] : []),
      '--confirm-timeout',
      '30',
    ]);
    const after = await lab.server.exec([six ? 'ip6tables-save' : 'iptables-save']);
    const strip = (t: string) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n')
        .replace(/\[\d+:\d+\]/g, '');
    return { ...r, unchanged: strip(before) === strip(after) };
  }

  const mine = (six = false) =>
    new RegExp(
      `checked your SSH connection ` +
        `${six ? '\\[fd89::2\\]:\\d+ -> \\[fd89::1\\]:22' : '10\\.89\\.0\\.2:\\d+ -> 10\\.89\\.0\\.1:22'}`,
    );

  it('a DROP policy with no rule for SSH: refused, naming the policy, nothing applied', async () => {
    const r = await apply('drop-policy', filter('DROP', ['-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT']));
    expect(r.exitCode, r.stderr).toBe(9);
    expect(r.stderr).toMatch(mine());
    expect(r.stderr).toMatch(/its next packet in would be dropped by the policy of filter INPUT \(DROP\)/);
    expect(r.stderr).toMatch(
      /a new SSH connection from the same client would be dropped by the policy of filter INPUT \(DROP\)/,
    );
    expect(r.stderr).toContain(
      'the INPUT policy is DROP and no rule accepts new SSH connections (port 22) from anywhere',
    );
    expect(r.stderr).toContain('pass --allow-lockout');
    expect(r.unchanged).toBe(true);
  }, 60_000);

  it('a REJECT above the SSH rule: refused, naming the rule', async () => {
    const r = await apply(
      'reject-above',
      filter('ACCEPT', [
        '-A INPUT -s 10.89.0.0/24 -j REJECT --reject-with icmp-port-unreachable',
        '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      ]),
    );
    expect(r.exitCode, r.stderr).toBe(9);
    expect(r.stderr).toMatch(mine());
    expect(r.stderr).toContain(
      'its next packet in would be rejected by filter INPUT rule 1 (-A ' +
        'INPUT -s 10.89.0.0/24 -j REJECT --reject-with icmp-port-unreachable)',
    );
    expect(r.unchanged).toBe(true);
  }, 60_000);

  it("a drop on the admin's interface: refused (the interface comes from the route to the client)", async () => {
    const r = await apply(
      'iface-drop',
      filter('ACCEPT', [`-A INPUT -i ${lab.serverIf} -p tcp -j DROP`, '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT']),
    );
    expect(r.exitCode, r.stderr).toBe(9);
    expect(r.stderr).toContain(`would be dropped by filter INPUT rule 1 (-A INPUT -i ${lab.serverIf} -p tcp -j DROP)`);
    expect(r.unchanged).toBe(true);
  }, 60_000);

  it('replies blocked on the way out: refused', async () => {
    const r = await apply('output-drop', filter('ACCEPT', ['-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'], 'DROP'));
    expect(r.exitCode, r.stderr).toBe(9);
    expect(r.stderr).toMatch(/the replies going out would be dropped by the policy of filter OUTPUT \(DROP\)/);
  }, 60_000);

  it('an IPv6 session: ip6tables rules that reject it are refused', async () => {
    const r = await apply(
      'v6-reject',
      filter('ACCEPT', ['-A INPUT -s fd89::2/128 -p tcp -j REJECT --reject-with tcp-reset']),
      true,
    );
    expect(r.exitCode, r.stderr).toBe(9);
    expect(r.stderr).toMatch(mine(true));
    expect(r.stderr).toContain(
      'would be rejected by filter INPUT rule 1 (-A INPUT -s fd89::2/128 -p tcp -j REJECT --reject-with tcp-reset)',
    );
    expect(r.unchanged).toBe(true);
  }, 60_000);

  it('an IPv6 change does not warn about the IPv4 session it cannot touch', async () => {
    const r = await apply('v6-only', filter('DROP', []), true);
    // The v6 rules drop all new SSH over IPv6: that is warned about, the IPv4 session is not named.
    expect(r.stderr).not.toMatch(/10\.89\.0\.2/);
  }, 60_000);

  it('a safe DROP policy (established and SSH accepted) passes the check and applies', async () => {
    const safe = filter('DROP', [
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 80 -j DROP',
    ]);
    const r = await apply('safe', safe);
    expect(r.stderr).not.toMatch(/lock you out/);
    // Applied, then (no terminal to answer "keep?") put back at once.
    expect(r.stdout, r.stderr).toMatch(/Applied commit/);
    expect(r.exitCode).toBe(6);
  }, 60_000);

  it('from outside the namespace (--netns), no SSH connection ' +
    'of this firewall is ours to find: only sshd peers there', async () => {
    await reset();
    const file = join(lab.dir, 'netns.rules');
    await writeFile(file, filter('DROP', ['-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT']), { mode: 0o600 });
    const r = await runCli(['apply', file, '--netns', lab.server.name, '--confirm-timeout', '30']);
    expect(r.exitCode, r.stderr).toBe(9);
    // No ssh connection is open there now: every sshd peer (none) is checked, and whether SSH can get in at all.
    expect(r.stderr).toMatch(/no SSH connection found to check/);
    expect(r.stderr).toContain('no rule accepts new SSH connections (port 22) from anywhere');
  }, 60_000);
});
