/**
 * `fwtui trace` against the kernel (nft and legacy, IPv4 and IPv6): a client
 * namespace sends generated packets over a veth pair to a server namespace
 * whose ruleset uses raw, mangle, nat and filter, user chains, gotos, RETURN,
 * marks, NOTRACK, negations, multiport, interface wildcards, a rate limit and
 * ipset matches (a hash:net with a nomatch hole, a negated hash:ip).
 * For every packet where trace says it is certain, the rules whose counters
 * moved must be exactly the rules on its path, and a packet it says is
 * dropped must get no answer. Traffic stays between the two namespaces.
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
  clients: [string, string, string];
  len: string;
  /** Where multicast noise (IPv6 MLD, router solicitations) goes: one rule, left out of the comparison. */
  multicast: string;
}
const NETS: Record<Family, Net> = {
  ipv4: { server: '10.88.0.1', clients: ['10.88.0.2', '10.88.0.3', '10.88.1.5'], len: '16', multicast: '224.0.0.0/4' },
  ipv6: { server: 'fd88::1', clients: ['fd88::2', 'fd88::3', 'fd88:0:0:1::5'], len: '48', multicast: 'ff00::/8' },
};

function ruleset(family: Family): string {
  const n = NETS[family];
  const v6 = family === 'ipv6';
  const icmp = v6 ? '-p ipv6-icmp -m icmp6 --icmpv6-type 128' : '-p icmp -m icmp --icmp-type 8';
  const reject = v6 ? 'icmp6-port-unreachable' : 'icmp-port-unreachable';
  const sub = (a: string, p: string) =>
    v6 ? `${a.replace(/::\d+$/, '::')}/${p}` : `${a.replace(/\.\d+$/, '.0')}/${p}`;
  return `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 6000:6010 -j MARK --set-mark 0x5
-A PREROUTING ${icmp} -m comment --comment "pings counted here"
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 53
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:BLOCK - [0:0]
:SUB - [0:0]
:WEB - [0:0]
-A INPUT -d ${n.multicast} -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -s ${n.clients[1]} -j BLOCK
-A INPUT -p tcp -m multiport --dports 80,443,8000:8010 -j WEB
-A INPUT -p tcp -m mark --mark 0x5 -j ACCEPT
-A INPUT ! -s ${sub(n.clients[0], v6 ? '64' : '24')} -p udp -j REJECT --reject-with ${reject}
-A INPUT -p udp -m udp --dport 5000:5100 -g SUB
-A INPUT -p udp -m udp --dport 6666 -m limit --limit 1/hour --limit-burst 1 -j ACCEPT
-A INPUT -p udp -m udp ! --dport 53 -j DROP
-A INPUT ${icmp} -j ACCEPT
-A INPUT -i vs+ -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --sport 4000 -j DROP
-A INPUT -p tcp -m tcp --dport 25 -m set --match-set fwt-net src -j DROP
-A INPUT -p tcp -m tcp --dport 9999 -m set ! --match-set fwt-ip src -j DROP
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A BLOCK -p tcp -m tcp --dport 22 -j RETURN
-A BLOCK -j DROP
-A SUB -p udp -m udp --dport 5050 -j ACCEPT
-A SUB -p udp -m udp --sport 4000 -j RETURN
-A SUB -j REJECT --reject-with ${reject}
-A WEB -p tcp -m tcp --dport 443 -j REJECT --reject-with tcp-reset
-A WEB -s ${sub(n.clients[2], v6 ? '64' : '24')} -j RETURN
-A WEB -j ACCEPT
COMMIT
`;
}

/** The sets the rules use: a hash:net with a nomatch hole for clients[0], a hash:ip with clients[2]. */
function sets(family: Family): string {
  const n = NETS[family];
  const fam = family === 'ipv6' ? 'inet6' : 'inet';
  const wide = family === 'ipv6' ? 'fd88::/48' : '10.88.0.0/16';
  return (
    `create fwt-net hash:net family ${fam}\nadd fwt-net ${wide}\nadd fwt-net ${n.clients[0]} nomatch\n` +
    `create fwt-ip hash:ip family ${fam}\nadd fwt-ip ${n.clients[2]}\n`
  );
}

interface Probe {
  proto: 'tcp' | 'udp' | 'icmp';
  src: string;
  sport: number;
  dport: number;
}

/** Packets from every client address to ports each rule cares about; seeded, so a failure can be replayed. */
function generate(family: Family, seed: number, count: number): Probe[] {
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
  const ports = { tcp: [22, 80, 443, 6005, 8005, 9999, 25], udp: [53, 7000, 5050, 5070, 6666, 9999] };
  const probes: Probe[] = [];
  const seen = new Set<string>();
  while (probes.length < count) {
    const proto = (['tcp', 'tcp', 'udp', 'udp', 'icmp'] as const)[rnd(5)]!;
    const src = NETS[family].clients[rnd(3)]!;
    const dport = proto === 'icmp' ? 0 : ports[proto][rnd(ports[proto].length)]!;
    const sport = rnd(4) === 0 ? 4000 : 20000 + probes.length;
    const key = `${proto} ${src} ${sport} ${dport}`;
    if (proto === 'icmp' && probes.filter((p) => p.proto === 'icmp').length >= 4) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    probes.push({ proto, src, sport, dport });
  }
  return probes;
}

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
  decidedBy: { policy?: { table: string; chain: string } } | null;
}

for (const variant of ['nft', 'legacy'] as const) {
  for (const family of ['ipv4', 'ipv6'] as const) {
    describe.runIf(available)(`trace agrees with the kernel (${variant}, ${family})`, () => {
      let server: TestNetns;
      let client: TestNetns;
      const net = NETS[family];
      const save = `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}-save`;
      const restore = `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}-restore`;

      beforeAll(async () => {
        server = await createNetns();
        client = await createNetns();
        const tag = randomBytes(2).toString('hex');
        const [sv, cv] = [`vs${tag}`, `vc${tag}`];
        await server.exec(['ip', 'link', 'add', sv, 'type', 'veth', 'peer', 'name', cv, 'netns', client.name]);
        const nodad = family === 'ipv6' ? ['nodad'] : [];
        await server.exec(['ip', 'addr', 'add', `${net.server}/${net.len}`, 'dev', sv, ...nodad]);
        for (const a of net.clients) await client.exec(['ip', 'addr', 'add', `${a}/${net.len}`, 'dev', cv, ...nodad]);
        await server.exec(['ip', 'link', 'set', sv, 'up']);
        await client.exec(['ip', 'link', 'set', cv, 'up']);
        // Fixed neighbours: no ARP/NDP traffic of their own to move counters between probes.
        const mac = async (ns: TestNetns, dev: string) =>
          /link\/ether (\S+)/.exec(await ns.exec(['ip', 'link', 'show', dev]))![1]!;
        const [smac, cmac] = [await mac(server, sv), await mac(client, cv)];
        for (const a of net.clients)
          await server.exec(['ip', 'neigh', 'replace', a, 'lladdr', cmac, 'dev', sv, 'nud', 'permanent']);
        await client.exec(['ip', 'neigh', 'replace', net.server, 'lladdr', smac, 'dev', cv, 'nud', 'permanent']);
        await server.exec(['ipset', 'restore'], sets(family));
        await server.exec([restore], ruleset(family));
      }, 30_000);

      afterAll(async () => {
        await server?.remove();
        await client?.remove();
      });

      it('every packet trace is certain about moves exactly the rules on its path', async () => {
        const seed = Number(process.env.FWTUI_TRACE_SEED ?? Date.now() % 100000);
        const probes = generate(family, seed, 26);
        const results: string[] = [];
        let certain = 0;
        const verdicts = new Set<string>();
        for (const p of probes) {
          const r = await check(p, seed);
          results.push(r.line);
          if (r.verdict === null) continue;
          certain++;
          verdicts.add(r.verdict);
        }
        // Not vacuous: most packets are decided, and they are decided differently.
        expect(certain, results.join('\n')).toBeGreaterThanOrEqual(probes.length * 0.7);
        expect([...verdicts].sort(), results.join('\n')).toEqual(expect.arrayContaining(['ACCEPT', 'DROP', 'REJECT']));
      }, 120_000);

      it('-m set: members, non-members and a nomatch hole are decided as the kernel decides', async () => {
        const [inHole, , inNet] = net.clients;
        const cases: [Probe, string][] = [
          [{ proto: 'tcp', src: inNet, sport: 31000, dport: 25 }, 'DROP'], // in fwt-net
          [{ proto: 'tcp', src: inHole, sport: 31001, dport: 25 }, 'REJECT'], // the nomatch hole
          [{ proto: 'tcp', src: inNet, sport: 31002, dport: 9999 }, 'REJECT'], // in fwt-ip: ! --match-set fails
          [{ proto: 'tcp', src: inHole, sport: 31003, dport: 9999 }, 'DROP'], // not in fwt-ip
        ];
        for (const [p, expected] of cases) expect((await check(p, 0)).verdict, `${p.src} -> ${p.dport}`).toBe(expected);
      }, 60_000);

      /** Traces one packet, sends it, and checks that exactly the predicted rules' counters moved. */
      async function check(p: Probe, seed: number): Promise<{ verdict: string | null; line: string }> {
        {
          const words =
            p.proto === 'icmp'
              ? ['-p', family === 'ipv6' ? 'ipv6-icmp' : 'icmp', '--icmp-type', family === 'ipv6' ? '128' : '8']
              : ['-p', p.proto, '--sport', String(p.sport), '--dport', String(p.dport)];
          const traced = await runCli([
            'trace',
            '--netns',
            server.name,
            '--backend',
            variant,
            '--json',
            '-s',
            p.src,
            '-d',
            net.server,
            ...words,
          ]);
          expect([0, 1, 3], traced.stderr).toContain(traced.exitCode);
          const t = JSON.parse(traced.stdout) as TraceJson;
          expect(traced.exitCode).toBe(t.verdict === null ? 3 : t.verdict === 'ACCEPT' ? 0 : 1);

          const before = counters(await server.exec([save, '-c']), family);
          let seen: string;
          if (p.proto === 'icmp') {
            const r = await execa(
              'ip',
              [
                'netns',
                'exec',
                client.name,
                'ping',
                family === 'ipv6' ? '-6' : '-4',
                '-c',
                '1',
                '-W',
                '1',
                '-I',
                p.src,
                net.server,
              ],
              { reject: false },
            );
            seen = r.exitCode === 0 ? 'answered' : 'timeout';
          } else {
            const r = await execa(
              'ip',
              [
                'netns',
                'exec',
                client.name,
                process.execPath,
                PROBE,
                p.proto,
                p.src,
                String(p.sport),
                net.server,
                String(p.dport),
              ],
              { reject: false, timeout: 5000 },
            );
            seen = r.stdout.trim();
          }
          await new Promise((r) => setTimeout(r, 30));
          const after = counters(await server.exec([save, '-c']), family);
          const moved = [...after]
            .filter(
              ([k, v]) =>
                v > (before.get(k) ?? 0n) &&
                ((k.includes('#') && k !== 'filter INPUT #1') || k === 'filter INPUT policy'),
            )
            .map(([k]) => k)
            .sort();
          const predicted = [
            ...t.path.map((r) => `${r.table} ${r.chain} #${r.rule}`),
            ...(t.decidedBy?.policy ? [`${t.decidedBy.policy.table} ${t.decidedBy.policy.chain} policy`] : []),
          ].sort();
          const label =
            `${p.proto} ${p.src}:${p.sport} -> ${p.dport} (seed ` +
            `${seed}): trace ${t.verdict ?? 'uncertain'}, probe ${seen}`;
          const line = `${label}; moved ${moved.join(', ')}`;
          if (t.verdict === null) return { verdict: null, line };
          expect(moved, label).toEqual(predicted);
          if (p.proto === 'tcp') expect(seen === 'timeout', label).toBe(t.verdict === 'DROP');
          if (p.proto === 'icmp') expect(seen === 'answered', label).toBe(t.verdict === 'ACCEPT');
          return { verdict: t.verdict, line };
        }
      }

      it('a rate-limited rule makes trace say uncertain (exit 3), naming the rule', async () => {
        const r = await runCli([
          'trace',
          '--netns',
          server.name,
          '--backend',
          variant,
          '-s',
          net.clients[0],
          '-d',
          net.server,
          '-p',
          'udp',
          '--sport',
          '30000',
          '--dport',
          '6666',
        ]);
        expect(r.exitCode, r.stdout + r.stderr).toBe(3);
        expect(r.stdout).toContain(
          'verdict: uncertain at filter INPUT rule 10 (-m limit ' +
            '(matches only while under its rate)): could be ACCEPT or DROP',
        );
      });
    });
  }
}
