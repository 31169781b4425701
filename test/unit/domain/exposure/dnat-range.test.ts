import { describe, expect, it } from 'vitest';
import { dnatTarget } from '../../../../src/domain/exposure/dnat-entry.js';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { exposureReport } from '../../../../src/domain/exposure/exposure-report.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const locals = [
  { iface: 'lo', address: '127.0.0.1', prefix: 8 },
  { iface: 'eth0', address: '203.0.113.10', prefix: 24 },
  { iface: 'eth0', address: '203.0.113.11', prefix: 24 },
];
const report = (to: string) => {
  const r = parseSave(
    [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      `-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${to}`,
      'COMMIT',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      'COMMIT',
      '',
    ].join('\n'),
  );
  const ruleset = { ...r, localAddresses: locals, routing: { forwarding: true, routes: null } };
  return exposureReport({ ruleset, interfaces: ['eth0'], locals, listeners: [], dnat: dnatPorts(ruleset, 'ipv4') })
    .entries[0];
};

describe('a DNAT to an address range', () => {
  it('is read as a range, never as one address named "A-B"', () => {
    expect(dnatTarget('10.0.0.2-10.0.0.4:80', 8080)).toEqual({ address: '10.0.0.2', last: '10.0.0.4', port: 80 });
    expect(dnatTarget('10.0.0.2-10.0.0.4', 8080)).toEqual({ address: '10.0.0.2', last: '10.0.0.4', port: 8080 });
  });
  it("a range of this host's addresses with nothing listening: no listener, like one such address", () => {
    expect(report('203.0.113.10-203.0.113.11:80')).toMatchObject({ verdict: 'no-listener' });
    expect(report('203.0.113.10:80')).toMatchObject({ verdict: 'no-listener' });
  });
});

describe('a DNAT range part this host, part another', () => {
  it('is never called "no listener" (some connections go to the other host)', () => {
    expect(report('203.0.113.11-203.0.113.12:80')?.verdict).not.toBe('no-listener');
  });
});
