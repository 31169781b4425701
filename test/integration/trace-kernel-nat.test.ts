/**
 * `fwtui trace` against the kernel through address translation (nft and legacy, IPv4 and IPv6): a
 * client namespace reaches a server namespace that DNATs ports to a "backend" namespace behind it
 * (forwarding on), DNATs one to itself, REDIRECTs one, and restricts one with Docker's DOCKER-USER
 * guidance (`-m conntrack --ctorigdstport`, where `--dport` no longer sees the original port). For every
 * packet trace is certain about, exactly the rules on its path must move, and a dropped packet gets no
 * answer. Then forwarding is turned off: trace says routing drops it, and the kernel agrees.
 * Traffic stays between the three namespaces.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSave } from '../../src/domain/text/parse-save.js';
import type { Family } from '../../src/domain/model/ruleset.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();
const PROBE = join(import.meta.dirname, '..', 'helpers', 'probe.mjs');

interface Net {
  server: string;
  clients: [string, string];
  len: string;
  gateway: string;
  backend: string;
  blen: string;
  multicast: string;
}
const NETS: Record<Family, Net> = {
  ipv4: {
    server: '10.88.0.1',
    clients: ['10.88.0.2', '10.88.0.3'],
    len: '24',
    gateway: '10.89.0.1',
    backend: '10.89.0.2',
    blen: '24',
    multicast: '224.0.0.0/4',
  },
  ipv6: {
    server: 'fd88::1',
    clients: ['fd88::2', 'fd88::3'],
    len: '64',
    gateway: 'fd89::1',
    backend: 'fd89::2',
    blen: '64',
    multicast: 'ff00::/8',
  },
};

function ruleset(family: Family): string {
  const n = NETS[family];
  const to = (addr: string, port: number) => (family === 'ipv6' ? `[${addr}]:${port}` : `${addr}:${port}`);
  return `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${to(n.backend, 80)}
-A PREROUTING -p tcp -m tcp --dport 8081 -j DNAT --to-destination ${to(n.backend, 81)}
-A PREROUTING -p tcp -m tcp --dport 2222 -j REDIRECT --to-ports 22
-A PREROUTING -p tcp -m tcp --dport 9090 -j DNAT --to-destination ${to(n.server, 22)}
-A POSTROUTING -o vb+ -j MASQUERADE
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER-USER - [0:0]
-A INPUT -d ${n.multicast} -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s ${n.clients[0]} -d ${n.server} -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j DROP
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -j DOCKER-USER
-A FORWARD -o vb+ -p tcp -m tcp --dport 80 -j ACCEPT
-A FORWARD -o vb+ -p tcp -m tcp --dport 81 -j ACCEPT
-A DOCKER-USER -p tcp -m tcp --dport 8081 -j DROP
-A DOCKER-USER -s ${n.clients[1]} -p tcp -m conntrack --ctorigdstport 8081 -j DROP
-A DOCKER-USER -j RETURN
COMMIT
`;
}

/** Rules every reply or multicast packet moves: left out of the comparison (no NEW packet matches them). */
const NOISE = new Set(['filter INPUT #1', 'filter INPUT #2', 'filter FORWARD #1']);

/** Packet counters of every rule and policy, keyed `table chain #n` / `table chain policy`. */
function counters(saveText: string, family: Family): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const t of parseSave(saveText, { family }).tables) {
    for (const c of t.chains) {
      if (c.policy) out.set(`${t.name} ${c.name} policy`, c.counters.packets);
      c.rules.forEach((r, i) => {
        out.set(`${t.name} ${c.name} #${i + 1}`, r.counters?.packets ?? 0n);
      });
    }
  }
  return out;
}

interface TraceJson {
  verdict: string | null;
  path: { table: string; chain: string; rule: number }[];
  decidedBy: { policy?: { table: string; chain: string }; routing?: string } | null;
  rewrites: { kind: string; to: string | null }[];
  routed: { to: string; via: string | null } | null;
}

for (const variant of ['nft', 'legacy'] as const) {
  for (const family of ['ipv4', 'ipv6'] as const) {
    describe.runIf(available)(`trace follows address translation as the kernel does (${variant}, ${family})`, () => {
      let server: TestNetns;
      let client: TestNetns;
      let backend: TestNetns;
      const net = NETS[family];
      const save = `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}-save`;
      const restore = `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}-restore`;
      const forwarding = family === 'ipv6' ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward';
      const tag = randomBytes(2).toString('hex');
      const [sv, cv, sb, bv] = [`vs${tag}`, `vc${tag}`, `vb${tag}`, `vk${tag}`];

      beforeAll(async () => {
        [server, client, backend] = [await createNetns(), await createNetns(), await createNetns()];
        const nodad = family === 'ipv6' ? ['nodad'] : [];
        await server.exec(['ip', 'link', 'add', sv, 'type', 'veth', 'peer', 'name', cv, 'netns', client.name]);
        await server.exec(['ip', 'link', 'add', sb, 'type', 'veth', 'peer', 'name', bv, 'netns', backend.name]);
        await server.exec(['ip', 'addr', 'add', `${net.server}/${net.len}`, 'dev', sv, ...nodad]);
        await server.exec(['ip', 'addr', 'add', `${net.gateway}/${net.blen}`, 'dev', sb, ...nodad]);
        for (const a of net.clients) await client.exec(['ip', 'addr', 'add', `${a}/${net.len}`, 'dev', cv, ...nodad]);
        await backend.exec(['ip', 'addr', 'add', `${net.backend}/${net.blen}`, 'dev', bv, ...nodad]);
        for (const [ns, dev] of [
          [server, sv],
          [server, sb],
          [client, cv],
          [backend, bv],
        ] as const)
          await ns.exec(['ip', 'link', 'set', dev, 'up']);
        await backend.exec(['ip', 'route', 'add', 'default', 'via', net.gateway]);
        // Fixed neighbours: no ARP/NDP traffic of their own to move counters between probes.
        const mac = async (ns: TestNetns, dev: string) =>
          /link\/ether (\S+)/.exec(await ns.exec(['ip', 'link', 'show', dev]))![1]!;
        const [smac, cmac, sbmac, bmac] = [
          await mac(server, sv),
          await mac(client, cv),
          await mac(server, sb),
          await mac(backend, bv),
        ];
        const fix = (ns: TestNetns, addr: string, lladdr: string, dev: string) =>
          ns.exec(['ip', 'neigh', 'replace', addr, 'lladdr', lladdr, 'dev', dev, 'nud', 'permanent']);
        for (const a of net.clients) await fix(server, a, cmac, sv);
        await fix(server, net.backend, bmac, sb);
        await fix(client, net.server, smac, cv);
        await fix(backend, net.gateway, sbmac, bv);
        await server.exec(['sysctl', '-qw', `${forwarding}=1`]);
        await server.exec([restore], ruleset(family));
      }, 30_000);

      afterAll(async () => {
        await server?.remove();
        await client?.remove();
        await backend?.remove();
      });

      /** Traces one TCP packet, sends it, and checks that exactly the predicted rules' counters moved. */
      async function check(src: string, sport: number, dport: number): Promise<{ t: TraceJson; seen: string }> {
        const words = ['-p', 'tcp', '--sport', String(sport), '--dport', String(dport)];
        const args = ['trace', '--netns', server.name, '--backend', variant, '--json', '-s', src, '-d', net.server];
        const traced = await runCli([...args, ...words]);
        expect([0, 1, 3], traced.stderr).toContain(traced.exitCode);
        const t = JSON.parse(traced.stdout) as TraceJson;
        const before = counters(await server.exec([save, '-c']), family);
        const r = await execa(
          'ip',
          ['netns', 'exec', client.name, process.execPath, PROBE, 'tcp', src, String(sport), net.server, String(dport)],
          { reject: false, timeout: 5000 },
        );
        const seen = r.stdout.trim();
        await new Promise((res) => setTimeout(res, 30));
        const after = counters(await server.exec([save, '-c']), family);
        const moved = [...after]
          .filter(
            ([k, v]) => v > (before.get(k) ?? 0n) && (k.includes('#') || /^filter (INPUT|FORWARD) policy/.test(k)),
          )
          .map(([k]) => k)
          .filter((k) => !NOISE.has(k))
          .sort();
        const predicted = [
          ...t.path.map((p) => `${p.table} ${p.chain} #${p.rule}`),
          ...(t.decidedBy?.policy ? [`${t.decidedBy.policy.table} ${t.decidedBy.policy.chain} policy`] : []),
        ].sort();
        const label = `tcp ${src}:${sport} -> ${dport}: trace ${t.verdict ?? 'uncertain'}, probe ${seen}`;
        expect(t.verdict, `${label}\n${traced.stdout}`).not.toBeNull();
        expect(moved, label).toEqual(predicted);
        // Routing's drop answers with an ICMP error; a rule's DROP does not answer at all.
        if (t.decidedBy?.routing) expect(['connected', 'refused'], label).not.toContain(seen);
        else expect(seen === 'timeout', label).toBe(t.verdict === 'DROP');
        return { t, seen };
      }

      it('DNAT to the backend or to itself, REDIRECT, --ctorigdstport: exactly the kernel counters move', async () => {
        const [ok, other] = net.clients;
        const cases: [string, number, string, string | null][] = [
          [ok, 8080, 'ACCEPT', 'FORWARD'], // DNAT → backend, FORWARD accepts port 80
          [ok, 8081, 'ACCEPT', 'FORWARD'], // --dport 8081 in DOCKER-USER no longer matches after DNAT
          [other, 8081, 'DROP', 'FORWARD'], // --ctorigdstport 8081 from clients[1]
          [other, 8080, 'ACCEPT', 'FORWARD'],
          [ok, 2222, 'ACCEPT', 'INPUT'], // REDIRECT to the incoming interface's address, port 22
          [other, 2222, 'DROP', 'INPUT'],
          [ok, 9090, 'ACCEPT', 'INPUT'], // DNAT to this machine
          [ok, 8082, 'DROP', null], // untranslated: INPUT's policy
        ];
        let sport = 32000;
        for (const [src, dport, verdict, routedTo] of cases) {
          const { t } = await check(src, sport++, dport);
          expect([t.verdict, t.routed?.to ?? null], `${src} -> ${dport}`).toEqual([verdict, routedTo]);
          if (routedTo === 'FORWARD') expect(t.routed?.via).toBe(sb);
        }
      }, 120_000);

      it('forwarding off: trace says routing drops the DNAT to the backend, and nothing reaches it', async () => {
        await server.exec(['sysctl', '-qw', `${forwarding}=0`]);
        try {
          const { t } = await check(net.clients[0], 33000, 8080);
          expect(t.verdict).toBe('DROP');
          expect(t.decidedBy?.routing).toMatch(/^forwarding is off/);
        } finally {
          await server.exec(['sysctl', '-qw', `${forwarding}=1`]);
        }
      }, 60_000);
    });
  }
}
