/** `fwtui connections`: its filter words, what they pick, and the usage errors that say why not. */
import { describe, expect, it } from 'vitest';
import { parseArgs, USAGE, UsageError } from '../../../src/cli/args.js';
import { connectionsCommand } from '../../../src/cli/connections-command.js';
import { FakeRunner } from '../../../src/backend/fake-runner.js';

const TABLE = `ipv4 2 tcp 6 431999 ESTABLISHED src=10.78.0.2 dst=10.78.0.1 sport=36652 dport=22 \
src=10.78.0.1 dst=10.78.0.2 sport=22 dport=36652 [ASSURED] mark=0 use=1
ipv4 2 tcp 6 431999 ESTABLISHED src=10.78.0.3 dst=10.78.0.1 sport=36653 dport=80 \
src=10.78.0.1 dst=10.78.0.3 sport=80 dport=36653 [ASSURED] mark=0 use=1
`;

describe('fwtui connections', () => {
  it('takes -p, -s, -d, --sport, --dport and --netns', () => {
    const o = parseArgs(['connections', '--netns', 'lab', '-p', 'tcp', '--dport', '22', '-s', '10.78.0.0/24']);
    expect(o).toMatchObject({
      command: 'connections',
      netns: 'lab',
      packet: ['-p', 'tcp', '--dport', '22', '-s', '10.78.0.0/24'],
    });
  });

  it.each([
    [['connections', '--dport', '22'], '--dport needs -p tcp, udp'],
    [['connections', '-p', 'tcp', '--dport', '70000'], '--dport 70000: not a port or range'],
    [['connections', '-s', 'nowhere'], '-s nowhere: not an address or network'],
    [['connections', '-i', 'eth0'], '-i does not pick connections'],
    [['connections', '--file', 'x'], 'connections works on the live firewall'],
  ])('%j: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('prints the matching connections, one a line, and how many of how many on stderr', async () => {
    const runner = new FakeRunner().expect(['ip', 'netns', 'exec', 'lab', 'conntrack', '-L', '-o', 'extended'], {
      stdout: TABLE,
    });
    const out: string[] = [];
    const err: string[] = [];
    const opts = parseArgs(['connections', '--netns', 'lab', '-p', 'tcp', '--dport', '22']);
    const code = await connectionsCommand(opts, runner, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    expect(code).toBe(0);
    expect(out.join('')).toBe('tcp    ESTABLISHED  10.78.0.2:36652 → 10.78.0.1:22  431999 s  assured\n');
    expect(err.join('')).toBe('fwtui: 1 of 2 tracked IPv4 connection(s) match\n');
  });

  const run = async (table: string, argv: string[]) => {
    const runner = new FakeRunner().expect(['ip', 'netns', 'exec', 'lab', 'conntrack', '-L', '-o', 'extended'], {
      stdout: table,
    });
    const out: string[] = [];
    const err: string[] = [];
    const opts = parseArgs(['connections', '--netns', 'lab', ...argv]);
    const code = await connectionsCommand(opts, runner, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, out: out.join(''), err: err.join('') };
  };
  const DNAT = `ipv4 2 tcp 6 100 ESTABLISHED src=10.77.1.2 dst=10.77.1.1 sport=5000 dport=8081 \
src=10.77.2.2 dst=10.77.1.2 sport=80 dport=5000 [ASSURED] mark=0 use=1
ipv6 10 tcp 6 300 ESTABLISHED src=fd77:1::2 dst=fd77:1::1 sport=40100 dport=8443 \
src=fd77:1::1 dst=fd77:1::2 sport=8443 dport=40100 [ASSURED] mark=0 use=1
`;

  it('IPv4 unless -6, as --help says; a DNAT connection shows where it went, either side picks', async () => {
    const v4 = await run(DNAT, ['-p', 'tcp', '--dport', '80']);
    expect(v4.out).toBe('tcp    ESTABLISHED  10.77.1.2:5000 → 10.77.1.1:8081 (DNAT → 10.77.2.2:80)  100 s  assured\n');
    expect(v4.out).not.toMatch(/maybe|rule/);
    expect(v4.err).toBe('fwtui: 1 of 1 tracked IPv4 connection(s) match\n');
    expect((await run(DNAT, ['-p', 'tcp', '--dport', '8081'])).out).toMatch(/DNAT → 10.77.2.2:80/);
    const v6 = await run(DNAT, ['-6']);
    expect(v6.out).toMatch(/fd77:1::2/);
    expect(v6.err).toBe('fwtui: 1 of 1 tracked IPv6 connection(s) match\n');
  });

  it('an empty table says that nothing is tracked and why, as README says', async () => {
    const r = await run('', []);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/No connection is tracked in this namespace/);
    expect(r.err).toMatch(/-m conntrack/);
  });

  it('the synopsis says --sport and --dport go with -p', () => {
    expect(USAGE).toContain('[-p PROTO [--sport N] [--dport N]]');
  });
});
