/**
 * A NEW packet from the internet on two real Docker layouts (issue #18): Docker 20.10 as Debian 12's
 * dockerd wrote it (test/fixtures/docker-20.10.*, from test/integration/docker-real.test.ts) and Docker 28
 * as moby v28.5.2 writes it (test/fixtures/docker-28.*). Each host publishes tcp 8080 to everyone and udp
 * 5353 on 127.0.0.1 only. These are the evaluator's regression tests for Docker's chains.
 */
import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import type { Route } from '../../../../src/domain/analysis/routing.js';
import { verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

/** An address no rule and no interface of either host names: "the internet". */
const INTERNET = { ipv4: '203.0.113.50', ipv6: '2001:db8:ffff::50' };

interface Layout {
  fixture: string;
  /** The interface the internet comes in on, and its address. */
  wan: { iface: string; address: string; prefix: number };
  bridges: { iface: string; address: string; prefix: number }[];
  /** The container behind 8080, and the bridge it is on. */
  web: { address: string; bridge: string };
}

const LAYOUTS: Record<string, Layout> = {
  'Docker 20.10 (Debian 12, real dockerd)': {
    fixture: 'docker-20.10.v4',
    wan: { iface: 'wan0', address: '198.51.100.1', prefix: 24 },
    bridges: [{ iface: 'docker0', address: '10.218.0.1', prefix: 24 }],
    web: { address: '10.218.0.2', bridge: 'docker0' },
  },
  'Docker 28 (moby v28.5.2)': {
    fixture: 'docker-28.v4',
    wan: { iface: 'eth0', address: '198.51.100.1', prefix: 24 },
    bridges: [
      { iface: 'docker0', address: '172.17.0.1', prefix: 16 },
      { iface: 'bridge1', address: '192.0.2.1', prefix: 24 },
    ],
    web: { address: '192.0.2.2', bridge: 'bridge1' },
  },
};

const route = (destination: string, device: string): Route => ({ destination, device, type: 'unicast', metric: 0 });
/** The network of an interface address (the /16 and /24 of these hosts). */
const network = (a: { address: string; prefix: number }) =>
  `${a.address
    .split('.')
    .slice(0, a.prefix / 8)
    .concat(['0', '0'])
    .slice(0, 4)
    .join('.')}/${a.prefix}`;

/** The fixture with the host's addresses and routes, forwarding on (what fwtui reads on a live Docker host). */
function host(layout: Layout, edit: (save: string) => string = (s) => s): Ruleset {
  const f = loadFixtures().find((x) => x.name === layout.fixture);
  if (!f) throw new Error(`no fixture ${layout.fixture}`);
  const ruleset = parseSave(edit(f.save), { family: f.family });
  const localAddresses = [{ iface: 'lo', address: '127.0.0.1', prefix: 8 }, layout.wan, ...layout.bridges];
  const routes = [
    route('default', layout.wan.iface),
    ...[layout.wan, ...layout.bridges].map((a) => route(network(a), a.iface)),
  ];
  return { ...ruleset, localAddresses, routing: { forwarding: true, routes } };
}

/** Docker's advice for closing a published port, first in DOCKER-USER (it sees the packet after DNAT). */
const withDockerUserDrop = (save: string): string =>
  save.replace(
    /^(\[\d+:\d+\] )?-A FORWARD -j DOCKER-USER$/m,
    '$&\n-A DOCKER-USER -p tcp -m conntrack --ctorigdstport 8080 -j DROP',
  );

const verdict = (ruleset: Ruleset, spec: string): string =>
  verdictLine(tracePacket(ruleset, parsePacketSpec(spec.split(' '))));

for (const [name, layout] of Object.entries(LAYOUTS)) {
  describe(`${name}: a NEW packet from the internet`, () => {
    const from = `-s ${INTERNET.ipv4} --sport 40000 -i ${layout.wan.iface}`;

    const to8080 = `-p tcp ${from} -d ${layout.wan.address} --dport 8080`;

    it('to the published tcp 8080: accepted in FORWARD after the DNAT to the container (INPUT never sees it)', () => {
      const t = tracePacket(host(layout), parsePacketSpec(to8080.split(' ')));
      expect(verdictLine(t)).toBe('ACCEPT by filter DOCKER rule 1');
      expect(t.rewrites?.map((r) => `${r.kind} ${r.to}`)).toContain(`DNAT ${layout.web.address}:80`);
      expect(t.path.map((r) => `${r.table} ${r.chain}`)).not.toContain('filter INPUT');
    });

    it("with Docker's DOCKER-USER advice (--ctorigdstport 8080 -j DROP) it is dropped there", () => {
      expect(verdict(host(layout, withDockerUserDrop), to8080)).toBe('DROP by filter DOCKER-USER rule 1');
      // The advice admins get wrong: --dport 8080 in DOCKER-USER never matches, the packet has port 80 by then.
      const wrong = (s: string) => withDockerUserDrop(s).replace('-m conntrack --ctorigdstport 8080', '--dport 8080');
      expect(verdict(host(layout, wrong), to8080)).toBe('ACCEPT by filter DOCKER rule 1');
    });

    it('to a port nothing publishes: INPUT decides (its policy here)', () => {
      const line = verdict(host(layout), `-p tcp ${from} -d ${layout.wan.address} --dport 8081`);
      expect(line).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    });

    it('from the bridge itself, 8080 is not translated (nat DOCKER returns for -i bridge)', () => {
      const bridge = layout.web.bridge;
      const spec = `-p tcp -s ${layout.web.address} --sport 40000 -i ${bridge} -d ${layout.wan.address} --dport 8080`;
      expect(verdict(host(layout), spec)).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    });
  });
}

describe('what changed from Docker 20.10 to 28 (the exposure report must be right on both)', () => {
  const d20 = LAYOUTS['Docker 20.10 (Debian 12, real dockerd)']!;
  const d28 = LAYOUTS['Docker 28 (moby v28.5.2)']!;

  it('28 drops direct access to a container address in raw PREROUTING; 20.10 forwards it', () => {
    const direct = (l: Layout) =>
      `-p tcp -s ${INTERNET.ipv4} --sport 40000 -i ${l.wan.iface} -d ${l.web.address} --dport 80 ` +
      `-o ${l.web.bridge} --direction forward`;
    expect(verdict(host(d28), direct(d28))).toBe('DROP by raw PREROUTING rule 3');
    expect(verdict(host(d20), direct(d20))).toBe('ACCEPT by filter DOCKER rule 1');
  });

  it('28 drops packets for a loopback-only publish that arrive on another interface; 20.10 DNATs them', () => {
    const loopback = (l: Layout) =>
      `-p udp -s ${INTERNET.ipv4} --sport 40000 -i ${l.wan.iface} -d 127.0.0.1 --dport 5353`;
    expect(verdict(host(d28), loopback(d28))).toBe('DROP by raw PREROUTING rule 2');
    // 20.10 rewrites it to the container and forwards it: a neighbour on the link reaches the loopback-only port.
    expect(verdict(host(d20), loopback(d20))).toBe('ACCEPT by filter DOCKER rule 2');
  });

  it('20.10 has no DOCKER-USER chain for IPv6 (its ip6tables support was experimental); 28 has', () => {
    const chains = (fixture: string) => {
      const f = loadFixtures().find((x) => x.name === fixture)!;
      const filter = parseSave(f.save, { family: f.family }).tables.find((t) => t.name === 'filter')!;
      return filter.chains.map((c) => c.name);
    };
    expect(chains('docker-20.10.v6')).not.toContain('DOCKER-USER');
    expect(chains('docker-20.10.v4')).toContain('DOCKER-USER');
    expect(chains('docker-28.v6')).toContain('DOCKER-USER');
  });
});

describe('IPv6: tcp 8080 published on [::] is translated to the container and accepted in FORWARD', () => {
  const hosts = [
    { fixture: 'docker-20.10.v6', wan: 'wan0', bridge: 'docker0', net: 'fd18:d0c::', web: 'fd18:d0c::242:ada:2' },
    { fixture: 'docker-28.v6', wan: 'eth0', bridge: 'bridge1', net: 'fd1c:d0c:28::', web: 'fd1c:d0c:28::2' },
  ];
  for (const h of hosts) {
    it(`${h.fixture}: ACCEPT by filter DOCKER rule 1, DNAT to [${h.web}]:80`, () => {
      const f = loadFixtures().find((x) => x.name === h.fixture)!;
      const ruleset: Ruleset = {
        ...parseSave(f.save, { family: 'ipv6' }),
        localAddresses: [
          { iface: 'lo', address: '::1', prefix: 128 },
          { iface: h.wan, address: '2001:db8:18::1', prefix: 64 },
          { iface: h.bridge, address: `${h.net}1`, prefix: 64 },
        ],
        routing: {
          forwarding: true,
          routes: [route('default', h.wan), route('2001:db8:18::/64', h.wan), route(`${h.net}/64`, h.bridge)],
        },
      };
      const spec = `-p tcp -s ${INTERNET.ipv6} --sport 40000 -i ${h.wan} -d 2001:db8:18::1 --dport 8080`;
      const t = tracePacket(ruleset, parsePacketSpec(spec.split(' '), 'ipv6'));
      expect(verdictLine(t)).toBe('ACCEPT by filter DOCKER rule 1');
      expect(t.rewrites?.map((r) => `${r.kind} ${r.to}`)).toContain(`DNAT [${h.web}]:80`);
    });
  }
});

describe('dnatPorts names what each layout publishes (the exposure report lists these)', () => {
  const cases = [
    { fixture: 'docker-20.10.v4', bridge: 'docker0', web: '10.218.0.2:80', dhcp: '10.218.0.3:67' },
    { fixture: 'docker-28.v4', bridge: 'bridge1', web: '192.0.2.2:80', dhcp: '172.17.0.2:53' },
  ];
  for (const c of cases) {
    it(`${c.fixture}: tcp 8080 on every address, udp 5353 on 127.0.0.1 only`, () => {
      const f = loadFixtures().find((x) => x.name === c.fixture)!;
      const ports = dnatPorts(parseSave(f.save, { family: 'ipv4' }), 'ipv4').map((p) => ({
        proto: p.proto,
        port: p.port,
        bindAddress: p.bindAddress,
        inNot: p.inNot,
        to: p.to,
      }));
      expect(ports).toContainEqual({ proto: 'tcp', port: 8080, bindAddress: null, inNot: [c.bridge], to: c.web });
      const dhcpBridge = c.fixture === 'docker-28.v4' ? 'docker0' : c.bridge;
      expect(ports).toContainEqual({
        proto: 'udp',
        port: 5353,
        bindAddress: '127.0.0.1/32',
        inNot: [dhcpBridge],
        to: c.dhcp,
      });
      expect(ports).toHaveLength(2);
    });
  }
});
