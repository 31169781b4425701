/** conntrack's table as text → entries: lines as conntrack 1.4.7 and /proc/net/nf_conntrack print them. */
import { describe, expect, it } from 'vitest';
import { parseConntrack, parseConntrackLine, tupleText } from '../../../../src/domain/text/conntrack-entries.js';

// Printed by `conntrack -L -o extended` in a test namespace (a held TCP connection, a UDP probe, a ping).
const EXTENDED = `ipv4     2 tcp      6 431999 ESTABLISHED src=10.78.0.2 dst=10.78.0.1 sport=36652 dport=5556 \
src=10.78.0.1 dst=10.78.0.2 sport=5556 dport=36652 [ASSURED] mark=0 use=1
ipv4     2 udp      17 29 src=10.78.0.2 dst=10.78.0.1 sport=40000 dport=53 [UNREPLIED] src=10.78.0.1 dst=10.78.0.2 \
sport=53 dport=40000 mark=7 use=1
ipv4     2 icmp     1 29 src=10.78.0.2 dst=10.78.0.1 type=8 code=0 id=4242 src=10.78.0.1 dst=10.78.0.2 type=0 \
code=0 id=4242 mark=0 use=1
conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.
`;

describe('conntrack lines', () => {
  it('reads a TCP entry: family, protocol, timeout, state, both tuples, [ASSURED], mark', () => {
    const [tcp] = parseConntrack(EXTENDED).entries;
    expect(tcp).toMatchObject({
      family: 'ipv4',
      protocol: 'tcp',
      protocolNumber: 6,
      timeout: 431999,
      state: 'ESTABLISHED',
      original: { source: '10.78.0.2', destination: '10.78.0.1', sourcePort: 36652, destinationPort: 5556 },
      reply: { source: '10.78.0.1', destination: '10.78.0.2', sourcePort: 5556, destinationPort: 36652 },
      assured: true,
      unreplied: false,
      mark: 0,
      zone: null,
    });
  });

  it('reads UDP without a state and [UNREPLIED]; ICMP with its type, code and id', () => {
    const { entries, unreadable } = parseConntrack(EXTENDED);
    expect(unreadable).toEqual([]);
    expect(entries).toHaveLength(3);
    expect(entries[1]).toMatchObject({ protocol: 'udp', state: null, timeout: 29, unreplied: true, mark: 7 });
    expect(entries[2]!.original).toMatchObject({ sourcePort: null, icmp: { type: 8, code: 0, id: 4242 } });
    expect(tupleText(entries[2]!.original)).toBe('10.78.0.2 → 10.78.0.1 type 8 code 0 id 4242');
  });

  it('reads plain conntrack -L lines (no family word) and /proc lines (zone, accounting, IPv6 in full)', () => {
    const plain = parseConntrackLine(
      'tcp      6 117 TIME_WAIT src=10.0.0.2 dst=10.0.0.1 sport=1 dport=22 ' +
        'src=10.0.0.1 dst=10.0.0.2 sport=22 dport=1 [ASSURED] mark=0 use=1',
    );
    expect(plain).toMatchObject({ family: 'ipv4', state: 'TIME_WAIT', timeout: 117 });
    const proc = parseConntrackLine(
      'ipv6     10 tcp      6 300 ESTABLISHED src=fd77:0000:0000:0000:0000:0000:0000:0002 ' +
        'dst=fd77:0000:0000:0000:0000:0000:0000:0001 sport=40100 dport=22 packets=5 bytes=300 ' +
        'src=fd77:0000:0000:0000:0000:0000:0000:0001 dst=fd77:0000:0000:0000:0000:0000:0000:0002 sport=22 ' +
        'dport=40100 packets=4 bytes=400 [ASSURED] mark=0 zone=3 use=2',
    );
    expect(proc).toMatchObject({ family: 'ipv6', zone: 3, reply: { sourcePort: 22, destinationPort: 40100 } });
    expect(tupleText(proc!.original, '->')).toBe(
      '[fd77:0000:0000:0000:0000:0000:0000:0002]:40100 -> [fd77:0000:0000:0000:0000:0000:0000:0001]:22',
    );
  });

  it('counts a line it cannot read instead of guessing; skips the summary line', () => {
    const t = parseConntrack('garbage here\nconntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
    expect(t).toEqual({ entries: [], unreadable: ['garbage here'] });
    expect(parseConntrackLine('tcp 6 10 ESTABLISHED sport=1 dport=2')).toBeNull();
  });
});
