import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { parseRouteLines } from '../../../../src/domain/analysis/routing.js';
import { verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const LOCALS = [
  { iface: 'lo', address: '127.0.0.1', prefix: 8 },
  { iface: 'eth0', address: '203.0.113.1', prefix: 24 },
];
const ruleset = (dnat: string) => ({
  ...parseSave(
    [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      `-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${dnat}`,
      'COMMIT',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      'COMMIT',
      '',
    ].join('\n'),
  ),
  localAddresses: LOCALS,
  routing: { forwarding: true, routes: parseRouteLines('default via 203.0.113.254 dev eth0') },
});
const spec = (iface: string) =>
  parsePacketSpec(`-p tcp -s 198.51.100.7 --sport 40000 -d 203.0.113.1 --dport 8080 -i ${iface}`.split(' '));

describe('a DNAT in PREROUTING to the loopback address', () => {
  it('from another interface: the kernel drops it as martian unless route_localnet is on, so uncertain', () => {
    const t = tracePacket(ruleset('127.0.0.1:80'), spec('eth0'));
    expect(t.verdict).toBeNull();
    expect(verdictLine(t)).toContain('route_localnet');
  });
  it('arriving on lo itself: delivered as before', () => {
    expect(tracePacket(ruleset('127.0.0.1:80'), spec('lo')).verdict).toBe('ACCEPT');
  });
  it('IPv6 to ::1 from another interface: dropped by routing, never accepted', () => {
    const r = {
      ...parseSave('*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j DNAT --to-destination [::1]:80\nCOMMIT\n', {
        family: 'ipv6',
      }),
      localAddresses: [{ iface: 'lo', address: '::1', prefix: 128 }],
      routing: { forwarding: true, routes: null },
    };
    const p = parsePacketSpec('-p tcp -s 2001:db8::7 -d 2001:db8::1 --dport 8080 -i eth0'.split(' '));
    const t = tracePacket(r, { ...p, family: 'ipv6' });
    expect(t.verdict).toBe('DROP');
    expect(verdictLine(t)).toContain('::1');
  });
});
