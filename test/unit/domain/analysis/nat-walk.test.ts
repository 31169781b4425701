import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import type { InterfaceAddress } from '../../../../src/domain/analysis/local-addresses.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { parseRouteLines, routeFor, type RoutingFacts } from '../../../../src/domain/analysis/routing.js';
import { traceReport, verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const BUILTIN: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};
const LOCALS: InterfaceAddress[] = [
  { iface: 'lo', address: '127.0.0.1', prefix: 8 },
  { iface: 'eth0', address: '203.0.113.1', prefix: 24 },
  { iface: 'docker0', address: '172.17.0.1', prefix: 16 },
];
const ROUTES = parseRouteLines(
  [
    'default via 203.0.113.254 dev eth0 proto static metric 100',
    '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1',
    '172.18.0.0/16 dev br-5c1a2b3c4d5e proto kernel scope link src 172.18.0.1',
    'blackhole 10.66.0.0/16',
    '203.0.113.0/24 dev eth0 proto kernel scope link src 203.0.113.1',
  ].join('\n'),
);
const ON: RoutingFacts = { forwarding: true, routes: ROUTES };

/** A ruleset from tables (`{ nat: [...], filter: [...] }`, `:CHAIN - [0:0]` lines allowed) with the facts. */
function rules(
  tables: Record<string, string[]>,
  facts: { routing?: RoutingFacts; locals?: InterfaceAddress[] | null } = {},
  policies: Record<string, string> = {},
): Ruleset {
  const text = Object.entries(tables).flatMap(([name, lines]) => [
    `*${name}`,
    ...BUILTIN[name]!.map((c) => `:${c} ${policies[`${name} ${c}`] ?? 'ACCEPT'} [0:0]`),
    ...lines,
    'COMMIT',
  ]);
  const r = parseSave(`${text.join('\n')}\n`);
  const locals = facts.locals === undefined ? LOCALS : facts.locals;
  return {
    ...r,
    ...(locals ? { localAddresses: locals } : {}),
    ...(facts.routing === undefined ? { routing: ON } : { routing: facts.routing }),
  };
}
const IN = (dport: number, extra = '') =>
  parsePacketSpec(
    `-p tcp -s 198.51.100.7 --sport 40000 -d 203.0.113.1 --dport ${dport} -i eth0 ${extra}`.trim().split(' '),
  );
const DNAT_8080 = '-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80';

describe('routes', () => {
  it('takes the longest prefix, then the lowest metric; none when no route holds the address', () => {
    expect(routeFor(ROUTES, '172.17.0.2')?.device).toBe('docker0');
    expect(routeFor(ROUTES, '8.8.8.8')?.device).toBe('eth0');
    expect(routeFor(ROUTES, '10.66.1.1')?.type).toBe('blackhole');
    expect(routeFor(parseRouteLines('10.0.0.0/8 dev a metric 5\n10.0.0.0/8 dev b metric 1'), '10.1.1.1')?.device).toBe(
      'b',
    );
    expect(routeFor(parseRouteLines('10.0.0.0/8 dev a'), '192.0.2.1')).toBeNull();
    expect(routeFor(parseRouteLines('fd00::/64 dev v6 proto kernel metric 256 pref medium'), 'fd00::5')?.device).toBe(
      'v6',
    );
    expect(
      parseRouteLines(
        'default proto static metric 100 nexthop via 10.0.0.1 dev a weight 1 nexthop via 10.0.0.2 dev b weight 1',
      )[0]!.device,
    ).toBeNull();
  });
});

describe('the walk follows DNAT and routes the packet again', () => {
  it('DNAT to an address of this machine goes to INPUT, not FORWARD', () => {
    const r = rules(
      {
        nat: ['-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.1:80'],
        filter: ['-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT', '-A FORWARD -j ACCEPT'],
      },
      {},
      { 'filter INPUT': 'DROP' },
    );
    const t = tracePacket(r, IN(8080));
    expect(verdictLine(t)).toBe('ACCEPT by filter INPUT rule 1');
    expect(t.routed).toEqual({ to: 'INPUT', via: null });
    expect(t.rewrites.map((w) => [w.kind, w.to])).toEqual([['DNAT', '172.17.0.1:80']]);
  });

  it('DNAT to another host with forwarding on goes to FORWARD, out of the route’s interface', () => {
    const r = rules(
      {
        nat: [DNAT_8080],
        filter: ['-A INPUT -j DROP', '-A FORWARD -d 172.17.0.2/32 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT'],
      },
      {},
      { 'filter FORWARD': 'DROP' },
    );
    const t = tracePacket(r, IN(8080));
    expect(verdictLine(t)).toBe('ACCEPT by filter FORWARD rule 1');
    expect(t.routed).toEqual({ to: 'FORWARD', via: 'docker0' });
    expect(traceReport(IN(8080), t)).toContain(
      '    nat PREROUTING rule 1 DNAT → 172.17.0.2:80, routed to FORWARD via docker0',
    );
    // Not the DNAT'd port: INPUT as before.
    expect(verdictLine(tracePacket(r, IN(22)))).toBe('DROP by filter INPUT rule 1');
  });

  it('forwarding off, no route or a blackhole route: dropped by routing, saying why', () => {
    const nat = { nat: [DNAT_8080] };
    const off = tracePacket(rules(nat, { routing: { forwarding: false, routes: ROUTES } }), IN(8080));
    expect(off.verdict).toBe('DROP');
    expect(off.decidedBy).toEqual({
      kind: 'routing',
      why: 'forwarding is off (172.17.0.2 is not an address of this machine)',
    });
    expect(verdictLine(off)).toBe('DROP by routing: forwarding is off (172.17.0.2 is not an address of this machine)');
    expect(traceReport(IN(8080), off)).toContain(
      '  routing: forwarding is off (172.17.0.2 is not an address of this machine)   <- decides',
    );
    const noRoute = rules(nat, { routing: { forwarding: true, routes: parseRouteLines('10.0.0.0/8 dev x') } });
    expect(verdictLine(tracePacket(noRoute, IN(8080)))).toBe('DROP by routing: no route to 172.17.0.2');
    const hole = rules({ nat: ['-A PREROUTING -j DNAT --to-destination 10.66.0.9'] });
    expect(verdictLine(tracePacket(hole, IN(8080)))).toBe('DROP by routing: the route to 10.66.0.9 is blackhole');
  });

  it('unknown facts (a --file) make the answer uncertain where they matter, never guessed', () => {
    const nat = { nat: [DNAT_8080] };
    const unknown = rules(nat, { routing: { forwarding: null, routes: null }, locals: null });
    expect(verdictLine(tracePacket(unknown, IN(8080)))).toBe(
      "uncertain at nat PREROUTING rule 1 (whether 172.17.0.2 is this machine's is not known): could be ACCEPT or DROP",
    );
    // The way shown took what it did not know as "no": it says "may", never "is".
    expect(tracePacket(unknown, IN(8080)).decidedBy).toEqual({
      kind: 'routing',
      why: 'forwarding may be off (172.17.0.2 may not be an address of this machine)',
    });
    // Whatever routing does, filter drops it everywhere: certain.
    const both = rules(
      { ...nat, filter: ['-A INPUT -p tcp -j DROP', '-A FORWARD -p tcp -j DROP'] },
      { routing: { forwarding: null, routes: null }, locals: null },
    );
    expect(tracePacket(both, IN(8080)).verdict).toBe('DROP');
    // Forwarding known, routes not: the outgoing interface is unknown where a rule asks.
    const noRoutes = rules(
      { ...nat, filter: ['-A FORWARD -o docker0 -j ACCEPT'] },
      { routing: { forwarding: true, routes: null } },
      { 'filter FORWARD': 'DROP' },
    );
    expect(verdictLine(tracePacket(noRoutes, IN(8080)))).toMatch(
      /^uncertain at filter FORWARD rule 1 \(-o docker0 \(the outgoing interface was not given\)\)/,
    );
  });

  it('an address range is a choice: uncertain only when the pick changes the answer', () => {
    const range = (accept: string) =>
      tracePacket(
        rules(
          {
            nat: ['-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2-172.17.0.3:80'],
            filter: [`-A FORWARD -d ${accept} -j ACCEPT`],
          },
          {},
          { 'filter FORWARD': 'DROP' },
        ),
        IN(8080),
      );
    expect(verdictLine(range('172.17.0.0/16'))).toBe('ACCEPT by filter FORWARD rule 1');
    expect(verdictLine(range('172.17.0.2/32'))).toBe(
      'uncertain at nat PREROUTING rule 1 (DNAT --to-destination 172.17.0.2-172.17.0.3:80: the kernel picks one ' +
        'of 2 destinations; here 172.17.0.2): could be ACCEPT or DROP',
    );
    // Too many to try each: the destination is unknown to every rule that looks at it.
    const wide = tracePacket(
      rules({
        nat: ['-A PREROUTING -j DNAT --to-destination 172.17.0.2-172.17.0.200'],
        filter: ['-A FORWARD -d 172.17.0.2/32 -j DROP'],
      }),
      IN(8080),
    );
    expect(wide.verdict).toBeNull();
  });

  it('REDIRECT: to the incoming interface’s first address and the given port; INPUT decides', () => {
    const r = rules(
      {
        nat: ['-A PREROUTING -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 3128'],
        filter: ['-A INPUT -d 203.0.113.1/32 -p tcp -m tcp --dport 3128 -j ACCEPT'],
      },
      {},
      { 'filter INPUT': 'DROP' },
    );
    const t = tracePacket(r, IN(80));
    expect(verdictLine(t)).toBe('ACCEPT by filter INPUT rule 1');
    expect(t.rewrites.map((w) => [w.kind, w.to])).toEqual([['REDIRECT', '203.0.113.1:3128']]);
    expect(t.routed).toEqual({ to: 'INPUT', via: null });
    // The interface unknown: the address it redirects to is too; -d decides, so uncertain.
    const noIface = parsePacketSpec('-p tcp -s 198.51.100.7 -d 203.0.113.1 --dport 80'.split(' '));
    expect(verdictLine(tracePacket(r, noIface))).toMatch(/^uncertain at filter INPUT rule 1 \(-d 203.0.113.1\/32/);
  });

  it('SNAT and MASQUERADE are recorded on the path', () => {
    const r = rules({
      nat: [DNAT_8080, '-A POSTROUTING -s 198.51.100.0/24 -o docker0 -j MASQUERADE'],
      filter: ['-A FORWARD -j ACCEPT'],
    });
    const t = tracePacket(r, IN(8080));
    expect(t.rewrites.map((w) => [w.kind, w.rule.chain, w.to])).toEqual([
      ['DNAT', 'PREROUTING', '172.17.0.2:80'],
      ['MASQUERADE', 'POSTROUTING', null],
    ]);
    const out = rules({ nat: ['-A POSTROUTING -o eth0 -j SNAT --to-source 203.0.113.1'] });
    const sent = parsePacketSpec('-p tcp -d 192.0.2.9 --dport 80 -o eth0 --direction output'.split(' '));
    expect(tracePacket(out, sent).rewrites.map((w) => [w.kind, w.to])).toEqual([['SNAT', '203.0.113.1']]);
  });
});

describe('conntrack after a DNAT', () => {
  const forward = (rule: string) =>
    tracePacket(rules({ nat: [DNAT_8080], filter: [rule] }, {}, { 'filter FORWARD': 'DROP' }), IN(8080));

  it('--ctorigdstport and --ctorigdst see the destination before DNAT; --dport the one after', () => {
    expect(verdictLine(forward('-A FORWARD -p tcp -m conntrack --ctorigdstport 8080 -j ACCEPT'))).toBe(
      'ACCEPT by filter FORWARD rule 1',
    );
    expect(forward('-A FORWARD -p tcp -m tcp --dport 8080 -j ACCEPT').verdict).toBe('DROP');
    expect(forward('-A FORWARD -p tcp -m tcp --dport 80 -j ACCEPT').verdict).toBe('ACCEPT');
    expect(forward('-A FORWARD -m conntrack --ctorigdst 203.0.113.1 -j ACCEPT').verdict).toBe('ACCEPT');
    expect(forward('-A FORWARD -m conntrack ! --ctorigdstport 8080 -j ACCEPT').verdict).toBe('DROP');
    expect(forward('-A FORWARD -m conntrack --ctorigsrc 198.51.100.0/24 --ctdir ORIGINAL -j ACCEPT').verdict).toBe(
      'ACCEPT',
    );
    expect(forward('-A FORWARD -m conntrack --ctreplsrc 172.17.0.2 -j ACCEPT').verdict).toBe('ACCEPT');
    expect(forward('-A FORWARD -m conntrack --ctdir REPLY -j ACCEPT').verdict).toBe('DROP');
  });

  it('--ctstate DNAT holds after a DNAT rewrite, not for an untranslated first packet', () => {
    expect(forward('-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT').verdict).toBe('ACCEPT');
    expect(forward('-A FORWARD -m conntrack --ctstate SNAT -j ACCEPT').verdict).toBe('DROP');
    const plain = rules({ filter: ['-A INPUT -m conntrack --ctstate DNAT -j DROP'] });
    expect(tracePacket(plain, IN(22)).verdict).toBe('ACCEPT');
  });

  it("Docker's DOCKER-USER guidance (--ctorigdstport) is decided on the FORWARD path of the fixture", () => {
    const docker: Ruleset = {
      ...parseSave(readFileSync('test/fixtures/docker-style.v4.save', 'utf8'), { family: 'ipv4' }),
      localAddresses: [...LOCALS, { iface: 'eth0', address: '10.1.2.3', prefix: 32 }],
      routing: ON,
    };
    const from = (src: string, dport: number, dst = '203.0.113.1') =>
      tracePacket(docker, parsePacketSpec(`-p tcp -s ${src} -d ${dst} --dport ${dport} -i eth0`.split(' ')));
    const open = from('198.51.100.7', 8080);
    expect(verdictLine(open)).toBe('ACCEPT by filter DOCKER rule 1');
    expect(open.routed).toEqual({ to: 'FORWARD', via: 'docker0' });
    expect(verdictLine(from('192.0.2.9', 8080))).toBe('ACCEPT by filter DOCKER rule 1');
    expect(verdictLine(from('8.8.8.8', 8080))).toBe('DROP by filter DOCKER-USER rule 4');
    // 5432 is published on 10.1.2.3 only; DOCKER-USER drops it by its original port, even from the allowed net.
    expect(verdictLine(from('198.51.100.7', 5432, '10.1.2.3'))).toBe('DROP by filter DOCKER-USER rule 3');
  });
});
