/** Findings of a new admin's tryout: another interface's address, dual-stack binds, port ranges, row order. */
import { describe, expect, it } from 'vitest';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { exposureReport, type ExposureFacts } from '../../../../src/domain/exposure/exposure-report.js';
import { listenersOf, type Listener } from '../../../../src/domain/exposure/listeners.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const save = (...lines: string[]) => parseSave([...lines, ''].join('\n'));
const listen = (proto: 'tcp' | 'udp', port: number, address = '0.0.0.0'): Listener => ({
  proto,
  family: 'ipv4',
  address,
  port,
  inode: port,
  process: null,
});
const locals = [
  { iface: 'lo', address: '127.0.0.1', prefix: 8 },
  { iface: 'eth0', address: '203.0.113.10', prefix: 24 },
  { iface: 'br0', address: '10.77.2.1', prefix: 24 },
];
const facts = (ruleset: ReturnType<typeof save>, over: Partial<ExposureFacts> = {}): ExposureFacts => ({
  ruleset: { ...ruleset, localAddresses: locals },
  interfaces: ['eth0', 'br0'],
  locals,
  listeners: [],
  dnat: [],
  ...over,
});
const filter = (...rules: string[]) =>
  save('*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT');

describe("a socket bound to another interface's address", () => {
  const rules = filter('-A INPUT -p tcp -m tcp --dport 7000 -j ACCEPT');

  it('is judged by the rules like any local socket (weak host model), with the way it is reached', () => {
    const r = exposureReport(
      facts(rules, { listeners: [listen('tcp', 7000, '10.77.2.1'), listen('tcp', 7001, '10.77.2.1')] }),
    );
    const on = (port: number, iface: string) => r.entries.find((e) => e.port === port && e.interface === iface);
    expect(on(7000, 'eth0')).toMatchObject({
      verdict: 'open',
      bind: '10.77.2.1',
      decided_by: { table: 'filter', chain: 'INPUT', num: 1 },
      reason:
        "bound to br0's address 10.77.2.1: reached through eth0 by a sender that routes 10.77.2.1 to this host " +
        '(e.g. a neighbour on the link)',
    });
    expect(on(7000, 'br0')).toMatchObject({ verdict: 'open', reason: null });
    expect(on(7001, 'eth0')).toMatchObject({ verdict: 'filtered', decided_by: { policy: 'INPUT' } });
  });

  it('loopback stays local only', () => {
    const r = exposureReport(facts(rules, { listeners: [listen('tcp', 7000, '127.0.0.1')] }));
    expect(r.entries.map((e) => e.verdict)).toEqual(['local-only', 'local-only']);
  });
});

describe('a dual-stack socket', () => {
  it('keeps its bind :: in the IPv4 report (bindv6only 0), and is judged as every address', () => {
    const six: Listener = { proto: 'tcp', family: 'ipv6', address: '::', port: 8443, inode: 1, process: null };
    expect(listenersOf('ipv4', [six], false).map((l) => [l.family, l.address])).toEqual([['ipv4', '::']]);
    const rules = filter('-A INPUT -p tcp -m tcp --dport 8443 -j ACCEPT');
    const r = exposureReport(facts(rules, { listeners: listenersOf('ipv4', [six], false) }));
    expect(r.entries.map((e) => [e.bind, e.verdict])).toEqual([
      ['::', 'open'],
      ['::', 'open'],
    ]);
  });
});

describe("a DNAT'd range of ports", () => {
  const nat = save(
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    '-A PREROUTING -i eth0 -p tcp -m tcp --dport 9000:9010 -j DNAT --to-destination 10.77.2.2:80',
    'COMMIT',
  );

  it('is one entry with last_port, as README says', () => {
    expect(dnatPorts(nat, 'ipv4').map((d) => [d.port, d.lastPort, d.reason])).toEqual([[9000, 9010, undefined]]);
    const r = exposureReport(facts(nat, { dnat: dnatPorts(nat, 'ipv4') }));
    expect(r.entries.map((e) => [e.port, e.last_port, e.interface])).toEqual([[9000, 9010, 'eth0']]);
  });

  it('is split where the filter rules tell its ports apart: each entry is true for all its ports', () => {
    const both = save(
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -i eth0 -p tcp -m tcp --dport 9000:9010 -j DNAT --to-destination 10.77.2.1',
      'COMMIT',
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -p tcp -m tcp --dport 9005 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 9007:9010 -j ACCEPT',
      'COMMIT',
    );
    const listeners = [9000, 9005, 9006].map((p) => listen('tcp', p));
    const r = exposureReport(facts(both, { dnat: dnatPorts(both, 'ipv4'), listeners, interfaces: ['eth0'] }));
    // The DNAT keeps the port: where a socket listens splits the range too.
    expect(r.entries.map((e) => [e.port, e.last_port, e.verdict])).toEqual([
      [9000, undefined, 'filtered'],
      [9001, 9004, 'filtered'],
      [9005, undefined, 'open'],
      [9006, undefined, 'filtered'],
      [9007, 9010, 'no-listener'],
    ]);
  });
});

describe('row order', () => {
  it("is by protocol, port, then interface (in the order of the report's interfaces)", () => {
    const rules = filter();
    const listeners = [listen('udp', 53), listen('tcp', 8081), listen('tcp', 22), listen('tcp', 6379)];
    const r = exposureReport(facts(rules, { listeners }));
    expect(r.entries.map((e) => `${e.proto}/${e.port}@${e.interface}`)).toEqual([
      'tcp/22@eth0',
      'tcp/22@br0',
      'tcp/6379@eth0',
      'tcp/6379@br0',
      'tcp/8081@eth0',
      'tcp/8081@br0',
      'udp/53@eth0',
      'udp/53@br0',
    ]);
  });
});

describe('a namespace with no rules', () => {
  it('is open with nothing deciding, and the reason says so (decided_by null)', () => {
    const r = exposureReport(facts(save(''), { listeners: [listen('tcp', 22)], interfaces: ['eth0'] }));
    expect(r.entries[0]).toMatchObject({
      verdict: 'open',
      decided_by: null,
      reason: 'no iptables chain is on its way (no table holds one): nothing in iptables filters it',
    });
  });
});

describe("a DNAT published on another interface's address", () => {
  it('meets the rules on this interface too, with the way it is reached', () => {
    const rules = save(
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -d 10.77.2.1/32 -p tcp -m tcp --dport 8081 -j REDIRECT --to-ports 7000',
      'COMMIT',
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -p tcp -m tcp --dport 7000 -j ACCEPT',
      'COMMIT',
    );
    const r = exposureReport(facts(rules, { dnat: dnatPorts(rules, 'ipv4'), listeners: [listen('tcp', 7000)] }));
    const eth0 = r.entries.find((e) => e.port === 8081 && e.interface === 'eth0');
    expect(eth0).toMatchObject({ via: 'dnat', bind: '10.77.2.1', verdict: 'open', decided_by: { num: 1 } });
    expect(eth0?.reason).toContain("bound to br0's address 10.77.2.1: reached through eth0 by a sender");
  });
});
