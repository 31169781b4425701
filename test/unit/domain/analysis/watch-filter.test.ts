import { describe, expect, it } from 'vitest';
import { PacketSpecError } from '../../../../src/domain/analysis/packet-spec.js';
import { parseWatchFilter, traceRuleArgs, watchIdOf } from '../../../../src/domain/analysis/watch-filter.js';
import { judgePacket } from '../../../../src/domain/analysis/watch-compare.js';
import type { WatchedPacket } from '../../../../src/domain/analysis/watched-packets.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

describe('the TRACE rule of a watch', () => {
  it('matches exactly the filter, in both raw chains, named by its comment', () => {
    const f = parseWatchFilter(['-p', 'tcp', '--dport', '22', '-s', '198.51.100.7']);
    expect(f.chains).toEqual(['PREROUTING', 'OUTPUT']);
    expect(traceRuleArgs(f, '42-ab')).toEqual([
      ...['-s', '198.51.100.7', '-p', 'tcp', '-m', 'tcp', '--dport', '22'],
      ...['-m', 'comment', '--comment', 'fwtui-watch 42-ab', '-j', 'TRACE'],
    ]);
  });

  it('-i marks arriving packets only, -o sent ones only; flags and ICMP types are kept', () => {
    expect(parseWatchFilter(['-i', 'eth0', '-p', 'udp']).chains).toEqual(['PREROUTING']);
    expect(parseWatchFilter(['-o', 'eth0']).match).toEqual(['-o', 'eth0']);
    expect(parseWatchFilter(['-p', 'tcp', '--tcp-flags', 'SYN']).match).toEqual([
      ...['-p', 'tcp', '-m', 'tcp', '--tcp-flags', 'FIN,SYN,RST,PSH,ACK,URG', 'SYN'],
    ]);
    expect(parseWatchFilter(['-p', 'icmp', '--icmp-type', 'echo-request']).match).toEqual([
      ...['-p', 'icmp', '-m', 'icmp', '--icmp-type', '8'],
    ]);
    expect(parseWatchFilter(['-p', 'icmp', '-d', '2001:db8::1']).match).toContain('ipv6-icmp');
  });

  it('ports with the protocols whose ports iptables matches (tcp, udp, sctp, dccp; not udplite)', () => {
    expect(parseWatchFilter(['-p', 'dccp', '--dport', '5']).match).toEqual([
      '-p',
      'dccp',
      '-m',
      'dccp',
      '--dport',
      '5',
    ]);
    expect(parseWatchFilter(['-p', 'sctp', '--sport', '5']).match).toEqual([
      '-p',
      'sctp',
      '-m',
      'sctp',
      '--sport',
      '5',
    ]);
    expect(() => parseWatchFilter(['-p', 'udplite', '--dport', '5'])).toThrow(
      new PacketSpecError("--dport needs -p tcp, udp, sctp or dccp (iptables matches no other protocol's ports)"),
    );
  });

  it('refuses what raw cannot match, in words', () => {
    expect(() => parseWatchFilter(['--state', 'NEW'])).toThrow(/before connection tracking/);
    expect(() => parseWatchFilter(['-i', 'a', '-o', 'b'])).toThrow(PacketSpecError);
    expect(() => parseWatchFilter(['--direction', 'input'])).toThrow(/not needed/);
    expect(() => parseWatchFilter(['--dport', '22'])).toThrow(/needs -p tcp/);
  });

  it('reads its id back from a rule as iptables-save prints it, and only from a TRACE rule', () => {
    expect(watchIdOf(['-p', 'tcp', '-m', 'comment', '--comment', 'fwtui-watch 7-1f', '-j', 'TRACE'])).toBe('7-1f');
    expect(watchIdOf(['-m', 'comment', '--comment', 'fwtui-watch 7-1f', '-j', 'ACCEPT'])).toBeNull();
    expect(watchIdOf(['-m', 'comment', '--comment', 'fwtui-watch ../x y', '-j', 'TRACE'])).toBeNull();
    expect(watchIdOf(['-p', 'icmp', '-j', 'TRACE'])).toBeNull();
  });
});

describe('a watched packet beside the prediction', () => {
  const rules = parseSave(
    `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j DROP
COMMIT
`,
    { family: 'ipv4' },
  );
  const filter = parseWatchFilter(['-p', 'tcp', '--dport', '22']);
  const syn = (verdict: string, number: number | null, extra: Record<string, string> = {}): WatchedPacket => ({
    id: '1',
    family: 'ipv4',
    fields: { IN: 'eth0', SRC: '192.0.2.9', DST: '192.0.2.1', SPORT: '40000', DPORT: '22', SYN: '', ...extra },
    steps: [
      number === null
        ? {
            table: 'filter',
            chain: 'INPUT',
            kind: 'policy',
            handle: null,
            verdict,
            target: null,
            rule: null,
            numbers: [],
          }
        : {
            ...{ table: 'filter', chain: 'INPUT', kind: 'rule', handle: '0x2', verdict, target: null },
            ...{ rule: '-A INPUT -p tcp -m tcp --dport 22 -j DROP', numbers: [number] },
          },
    ],
  });

  it('agrees when the kernel did what fwtui trace says', () => {
    expect(judgePacket(syn('DROP', 1), filter, rules)).toMatchObject({ prediction: 'agrees', note: null });
  });

  it('says so, as a bug report, when the kernel did otherwise', () => {
    const j = judgePacket(syn('ACCEPT', null), filter, rules);
    expect(j.prediction).toBe('differs');
    expect(j.note).toBe(
      "fwtui's trace predicted DROP at filter INPUT #1; the kernel did ACCEPT at filter INPUT policy: please report",
    );
  });

  it('claims nothing for a packet whose connection state the trace does not show', () => {
    expect(judgePacket(syn('DROP', 1, { ACK: '' }), filter, rules)).toMatchObject({ prediction: 'none' });
    expect(judgePacket(syn('DROP', 1), filter, null)).toMatchObject({ prediction: 'none' });
  });
});
