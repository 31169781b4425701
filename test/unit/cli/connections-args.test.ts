/** `fwtui connections`: its filter words, what they pick, and the usage errors that say why not. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../src/cli/args.js';
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
    expect(err.join('')).toBe('fwtui: 1 of 2 tracked connection(s) match\n');
  });
});
