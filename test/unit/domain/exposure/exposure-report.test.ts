import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { exposureReport, type ExposureFacts } from '../../../../src/domain/exposure/exposure-report.js';
import type { Listener } from '../../../../src/domain/exposure/listeners.js';
import { boundarySources, internetAddress, sourcesFor } from '../../../../src/domain/exposure/probe-sources.js';
import { MAX_SOURCES } from '../../../../src/domain/exposure/exposure-verdict.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const save = (...lines: string[]) => parseSave([...lines, ''].join('\n'));
const listen = (proto: 'tcp' | 'udp', port: number, address = '0.0.0.0', process: string | null = null): Listener => ({
  proto,
  family: 'ipv4',
  address,
  port,
  inode: port,
  process,
});
const locals = [
  { iface: 'lo', address: '127.0.0.1', prefix: 8 },
  { iface: 'eth0', address: '203.0.113.10', prefix: 24 },
  { iface: 'docker0', address: '172.17.0.1', prefix: 16 },
];
const facts = (ruleset: ReturnType<typeof save>, over: Partial<ExposureFacts> = {}): ExposureFacts => ({
  ruleset: { ...ruleset, localAddresses: locals },
  interfaces: ['eth0'],
  locals,
  listeners: [],
  dnat: [],
  ...over,
});
const pick = (r: ReturnType<typeof exposureReport>, port: number) => r.entries.find((e) => e.port === port);

describe('the verdict per port', () => {
  const rules = save(
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    '-A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 5432 -j ACCEPT',
    '-A INPUT -p udp -m udp --dport 161 -m limit --limit 5/sec -j ACCEPT',
    '-A INPUT -p tcp -m tcp --dport 8000 -j REJECT --reject-with tcp-reset',
    'COMMIT',
  );
  const listeners = [
    listen('tcp', 22, '0.0.0.0', 'sshd'),
    listen('tcp', 5432),
    listen('udp', 161),
    listen('tcp', 8000),
    listen('tcp', 9000),
    listen('tcp', 631, '127.0.0.1', 'cupsd'),
    listen('tcp', 2375, '172.17.0.1'),
  ];
  const r = exposureReport(facts(rules, { listeners }));

  it('open: a packet from the internet is accepted, by the rule named', () => {
    expect(pick(r, 22)).toMatchObject({
      verdict: 'open',
      from: ['0.0.0.0/0'],
      via: 'local',
      process: 'sshd',
      interface: 'eth0',
      decided_by: { table: 'filter', chain: 'INPUT', num: 1, rule: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT' },
    });
  });

  it('open-from: only a source network the rules name is accepted', () => {
    expect(pick(r, 5432)).toMatchObject({ verdict: 'open-from', from: ['192.0.2.0/24'], decided_by: { num: 2 } });
  });

  it('uncertain: the match that decides is named', () => {
    expect(pick(r, 161)).toMatchObject({ verdict: 'uncertain', decided_by: null });
    expect(pick(r, 161)?.reason).toContain('filter INPUT rule 3');
    expect(pick(r, 161)?.reason).toContain('limit');
  });

  it('filtered: the rule or the policy that turns it away', () => {
    expect(pick(r, 8000)).toMatchObject({ verdict: 'filtered', from: [], decided_by: { num: 4 } });
    expect(pick(r, 9000)).toMatchObject({ verdict: 'filtered', decided_by: { policy: 'INPUT' } });
  });

  it("local-only: bound to loopback; another interface's address meets the rules (weak host model)", () => {
    expect(pick(r, 631)).toMatchObject({ verdict: 'local-only', reason: 'bound to 127.0.0.1 (loopback)' });
    expect(pick(r, 2375)).toMatchObject({ verdict: 'filtered', bind: '172.17.0.1', decided_by: { policy: 'INPUT' } });
  });

  it('the internet address is outside every network the rules and interfaces name', () => {
    const ruleset = save('*filter', ':INPUT DROP [0:0]', '-A INPUT -s 203.0.113.0/24 -j ACCEPT', 'COMMIT');
    const addr = internetAddress(ruleset, locals);
    expect(addr).not.toMatch(/^203\.0\.113\./);
    expect(addr).toBe('198.51.100.7');
    expect(sourcesFor(boundarySources(ruleset), 'tcp', 22)).toEqual([
      { address: '203.0.113.1', label: '203.0.113.0/24' },
    ]);
  });

  it('the search tries a source only for ports its rule takes, and never one a rule only drops (a blocklist)', () => {
    const ruleset = save(
      '*filter',
      ':INPUT DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A INPUT -s 198.18.0.0/15 -j DROP',
      '-A INPUT -s 192.0.2.0/24 -p tcp -m multiport --dports 80,8000:8100 -j ACCEPT',
      '-A INPUT ! -s 10.0.0.0/8 -p udp -j DROP',
      '-A OUTPUT -s 100.64.0.0/10 -j ACCEPT',
      'COMMIT',
    );
    const all = boundarySources(ruleset);
    expect(sourcesFor(all, 'tcp', 8080).map((s) => s.label)).toEqual(['192.0.2.0/24']);
    expect(sourcesFor(all, 'tcp', 22).map((s) => s.label)).toEqual([]);
    expect(sourcesFor(all, 'udp', 53).map((s) => s.label)).toEqual(['10.0.0.0/8']);
  });

  it('past MAX_SOURCES source networks the answer says the rest were not tried, never "filtered"', () => {
    const allow = Array.from({ length: MAX_SOURCES + 2 }, (_, i) => `-A INPUT -s 10.${i >> 8}.${i & 255}.0/24 -j LOG`);
    const ruleset = save('*filter', ':INPUT DROP [0:0]', ...allow, 'COMMIT');
    const r = exposureReport(facts(ruleset, { listeners: [listen('tcp', 22)] }));
    expect(pick(r, 22)).toMatchObject({ verdict: 'uncertain' });
    expect(pick(r, 22)?.reason).toContain('from the 2 source networks past the first 256: not tried');
  });
});

describe('no listener', () => {
  it('a port the rules accept for anyone with nothing listening: open the day something listens', () => {
    const rules = save(
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
      '-A INPUT -p udp -m udp --dport 1194 -j ACCEPT',
      '-A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 3306 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 6000:7000 -j ACCEPT',
      'COMMIT',
    );
    const r = exposureReport(facts(rules, { listeners: [listen('tcp', 80, '0.0.0.0', 'nginx')] }));
    expect(r.entries.map((e) => [e.proto, e.port, e.verdict, e.bind, e.process])).toEqual([
      ['tcp', 80, 'open', '0.0.0.0', 'nginx'],
      ['tcp', 443, 'no-listener', null, null],
      ['udp', 1194, 'no-listener', null, null],
    ]);
    expect(pick(r, 443)).toMatchObject({ from: ['0.0.0.0/0'], decided_by: { num: 1 } });
  });
});

describe('DNAT and the docker-style fixture', () => {
  const docker = parseSave(readFileSync('test/fixtures/docker-style.v4.save', 'utf8'));
  const routing = {
    forwarding: true,
    routes: [
      { destination: 'default', device: 'eth0', type: 'unicast', metric: 0 },
      { destination: '172.17.0.0/16', device: 'docker0', type: 'unicast', metric: 0 },
      { destination: '172.18.0.0/16', device: 'br-5c1a2b3c4d5e', type: 'unicast', metric: 0 },
    ],
  };
  const listeners = [listen('tcp', 8080, '0.0.0.0', 'docker-proxy'), listen('udp', 5353, '127.0.0.1', 'docker-proxy')];
  const r = exposureReport(
    facts({ ...docker, routing }, { dnat: dnatPorts(docker, 'ipv4'), listeners, interfaces: ['eth0', 'docker0'] }),
  );
  const eth0 = (port: number) => r.entries.find((e) => e.interface === 'eth0' && e.port === port);

  it('docker-proxy is counted under its DNAT where the DNAT applies, not as a local port of its own', () => {
    expect(r.entries.filter((e) => e.interface === 'eth0' && e.via === 'local')).toEqual([]);
    expect(eth0(8080)).toMatchObject({ via: 'dnat', to: '172.17.0.2:80', process: 'docker-proxy', bind: null });
    // From the containers' bridge nothing is rewritten: the proxy itself answers there.
    expect(r.entries.filter((e) => e.interface === 'docker0').map((e) => [e.via, e.port, e.verdict])).toEqual([
      ['dnat', 5432, 'local-only'],
      ['local', 8080, 'open'],
      ['local', 5353, 'local-only'],
    ]);
  });

  it('a published port INPUT never sees: open from the sources DOCKER-USER lets on, decided in FORWARD', () => {
    expect(eth0(8080)).toMatchObject({
      verdict: 'open-from',
      from: ['192.0.2.0/24', '198.51.100.0/24'],
      decided_by: { table: 'filter', chain: 'DOCKER', num: 1 },
      reason: 'whether something listens at 172.17.0.2:80 is not seen from here',
    });
  });

  it('a loopback-only publish is local-only', () => {
    expect(eth0(5353)).toMatchObject({ via: 'dnat', verdict: 'local-only', to: '172.17.0.3:53', bind: '127.0.0.1' });
  });

  it('a DNAT that excludes an interface (! -i docker0) has no entry there', () => {
    const dnat = r.entries.filter((e) => e.via === 'dnat').map((e) => `${e.port}@${e.interface}`);
    expect(dnat).toEqual(['5432@eth0', '5432@docker0', '8080@eth0', '8443@eth0', '5353@eth0']);
  });

  it('a port published on one address is asked about at that address: DOCKER-USER lets one network on', () => {
    const onEth0 = [...locals, { iface: 'eth0', address: '10.1.2.3', prefix: 32 }];
    const ruleset = { ...docker, routing, localAddresses: onEth0 };
    const dnat = dnatPorts(docker, 'ipv4');
    const r2 = exposureReport({ ...facts(ruleset, { dnat }), ruleset, locals: onEth0 });
    expect(r2.entries.find((e) => e.port === 5432)).toMatchObject({
      via: 'dnat',
      bind: '10.1.2.3',
      verdict: 'open-from',
      from: ['192.0.2.0/24'],
      decided_by: { chain: 'DOCKER', num: 4 },
    });
  });

  it('a publish on an address of another interface is local-only on this one', () => {
    expect(eth0(5432)).toMatchObject({ via: 'dnat', verdict: 'local-only', bind: '10.1.2.3' });
    expect(eth0(5432)?.reason).toBe('bound to 10.1.2.3, not an address of eth0');
  });
});
