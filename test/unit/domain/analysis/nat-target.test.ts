import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { formatAddress, natPicks, parseNatTo } from '../../../../src/domain/analysis/nat-target.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

describe('what a NAT target rewrites to', () => {
  it('reads addresses, ranges and ports of both families; refuses what it cannot read', () => {
    expect(parseNatTo('172.17.0.2:80', 'ipv4')).toEqual({ first: '172.17.0.2', last: '172.17.0.2', ports: [80, 80] });
    expect(parseNatTo('10.0.0.1-10.0.0.3:8000-8001', 'ipv4')).toEqual({
      first: '10.0.0.1',
      last: '10.0.0.3',
      ports: [8000, 8001],
    });
    expect(parseNatTo(':8080', 'ipv4')).toEqual({ first: null, last: null, ports: [8080, 8080] });
    expect(parseNatTo('[fd00::2]:80', 'ipv6')).toEqual({ first: 'fd00::2', last: 'fd00::2', ports: [80, 80] });
    expect(parseNatTo('fd00::2', 'ipv6')).toEqual({ first: 'fd00::2', last: 'fd00::2', ports: null });
    for (const bad of ['10.0.0.1:80/81', 'host:80', '10.0.0.9-10.0.0.1', '10.0.0.1:99999', 'fd00::1'])
      expect(parseNatTo(bad, 'ipv4'), bad).toBeNull();
    expect(natPicks(parseNatTo('10.0.0.1-10.0.0.3:80', 'ipv4')!, 'ipv4')?.map((p) => p.address)).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
    ]);
    expect(natPicks(parseNatTo('10.0.0.1-10.0.0.100', 'ipv4')!, 'ipv4')).toBeNull();
    expect(formatAddress('ipv6', (0xfd00n << 112n) | 2n)).toBe('fd00::2');
    expect(formatAddress('ipv6', 1n)).toBe('::1');
  });
});

describe('nat OUTPUT', () => {
  it('a DNAT of a sent packet to this machine re-routes it out of lo', () => {
    const r = {
      ...parseSave(
        [
          '*nat',
          ':PREROUTING ACCEPT [0:0]',
          ':INPUT ACCEPT [0:0]',
          ':OUTPUT ACCEPT [0:0]',
          ':POSTROUTING ACCEPT [0:0]',
          '-A OUTPUT -d 192.0.2.50/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 127.0.0.1:8080',
          'COMMIT',
          '*filter',
          ':INPUT ACCEPT [0:0]',
          ':FORWARD ACCEPT [0:0]',
          ':OUTPUT DROP [0:0]',
          '-A OUTPUT -o lo -p tcp -m tcp --dport 8080 -j ACCEPT',
          'COMMIT',
          '',
        ].join('\n'),
      ),
      localAddresses: [{ iface: 'lo', address: '127.0.0.1', prefix: 8 }],
    };
    const sent = parsePacketSpec('-p tcp -d 192.0.2.50 --dport 80 -o eth0 --direction output'.split(' '));
    const t = tracePacket(r, sent);
    expect(verdictLine(t)).toBe('ACCEPT by filter OUTPUT rule 1');
    expect(t.routed).toEqual({ to: 'OUTPUT', via: 'lo' });
  });
});
