/** conntrack in the namespace: exact argv, the /proc fallback, the install hint, the deleted count. */
import { describe, expect, it } from 'vitest';
import { connectionsPort, dropArgs } from '../../../src/backend/conntrack.js';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import { parseConntrackLine } from '../../../src/domain/text/conntrack-entries.js';

const LINE =
  'ipv4 2 tcp 6 431999 ESTABLISHED src=10.78.0.2 dst=10.78.0.1 sport=36652 dport=22 ' +
  'src=10.78.0.1 dst=10.78.0.2 sport=22 dport=36652 [ASSURED] mark=0 use=1';
const ENTRY = parseConntrackLine(LINE)!;
const NS = ['ip', 'netns', 'exec', 'lab'];

describe('conntrack', () => {
  it('lists with conntrack -L -o extended inside the namespace', async () => {
    const runner = new FakeRunner().expect([...NS, 'conntrack', '-L', '-o', 'extended'], { stdout: `${LINE}\n` });
    const read = await connectionsPort(runner, 'lab').list();
    expect(read).toMatchObject({ ok: true, via: 'conntrack', unreadable: 0, note: null });
    expect(read.ok && read.entries).toEqual([ENTRY]);
    runner.assertAllCalled();
  });

  it('without conntrack: reads /proc/net/nf_conntrack and says dropping needs the package', async () => {
    const runner = new FakeRunner()
      .expect([...NS, 'conntrack', '-L', '-o', 'extended'], {
        exitCode: 255,
        stderr: 'exec of "conntrack" failed: No such file or directory',
      })
      .expect([...NS, 'cat', '/proc/net/nf_conntrack'], { stdout: `${LINE} zone=0\n` });
    const read = await connectionsPort(runner, 'lab').list();
    expect(read).toMatchObject({ ok: true, via: 'proc' });
    expect(read.ok && read.note).toMatch(
      /conntrack is not installed.*install conntrack.*dropping a connection needs it/,
    );
    runner.assertAllCalled();
  });

  it('neither: says which package to install', async () => {
    const runner = new FakeRunner()
      .expect(['conntrack', '-L', '-o', 'extended'], 'not-found')
      .expect(['cat', '/proc/net/nf_conntrack'], { exitCode: 1, stderr: 'cat: /proc/net/nf_conntrack: No such file' });
    const read = await connectionsPort(runner).list();
    expect(read.ok).toBe(false);
    expect(!read.ok && read.why).toMatch(/install conntrack.*nor can \/proc\/net\/nf_conntrack be read: cat:/);
  });

  it('drops exactly the tuple and counts what conntrack reports deleted', async () => {
    const argv = ['-D', '-f', 'ipv4', '-p', 'tcp', '-s', '10.78.0.2', '-d', '10.78.0.1', '--sport', '36652'];
    const runner = new FakeRunner()
      .expect([...NS, 'conntrack', ...argv, '--dport', '22', '--zone', '0'], {
        stderr: 'conntrack v1.4.7 (conntrack-tools): 1 flow entries have been deleted.\n',
      })
      .expect([...NS, 'conntrack', ...argv, '--dport', '22', '--zone', '0'], {
        exitCode: 1,
        stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n',
      });
    const port = connectionsPort(runner, 'lab');
    expect(await port.drop(ENTRY)).toEqual({ deleted: 1, words: '1 flow entries have been deleted' });
    expect((await port.drop(ENTRY)).deleted).toBe(0);
    runner.assertAllCalled();
  });

  it('a connection of zone 0 is dropped in zone 0 only (conntrack -D without --zone matches every zone)', () => {
    const line =
      'ipv4 2 udp 17 29 src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=53 src=10.0.0.2 dst=10.0.0.1 sport=53 dport=5000';
    const args = dropArgs(parseConntrackLine(line)!);
    expect(args).toEqual([
      ...['-D', '-f', 'ipv4', '-p', 'udp', '-s', '10.0.0.1', '-d', '10.0.0.2'],
      ...['--sport', '5000', '--dport', '53', '--zone', '0'],
    ]);
  });

  it('ICMP by type, code and id; a protocol without ports is refused, not dropped loosely', () => {
    const ping = parseConntrackLine(
      'ipv6 10 icmpv6 58 29 src=::1 dst=::1 type=128 code=0 id=27418 src=::1 dst=::1 type=129 code=0 id=27418 zone=4',
    )!;
    expect(dropArgs(ping)).toEqual([
      ...['-D', '-f', 'ipv6', '-p', 'icmpv6', '-s', '::1', '-d', '::1'],
      ...['--icmpv6-type', '128', '--icmpv6-code', '0', '--icmpv6-id', '27418', '--zone', '4'],
    ]);
    const gre = parseConntrackLine('ipv4 2 gre 47 170 src=10.0.0.1 dst=10.0.0.2 src=10.0.0.2 dst=10.0.0.1 mark=0')!;
    expect(dropArgs(gre)).toMatch(/only connections it can name exactly/);
  });
});
