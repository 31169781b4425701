/**
 * A NEW packet from the internet on two real Docker layouts (issue #18): Docker 20.10 as Debian 12's
 * dockerd wrote it (test/fixtures/docker-20.10.*, from test/integration/docker-real.test.ts) and Docker 28
 * as moby v28.5.2 writes it (test/fixtures/docker-28.*). Each host publishes tcp 8080 to everyone and udp
 * 5353 on 127.0.0.1 only. These are the evaluator's regression tests for Docker's chains.
 */
import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
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

/** The fixture with the host's addresses (what `fwtui` reads with the rules on a live host). */
function host(layout: Layout, extraSave: (save: string) => string = (s) => s): Ruleset {
  const f = loadFixtures().find((x) => x.name === layout.fixture);
  if (!f) throw new Error(`no fixture ${layout.fixture}`);
  const ruleset = parseSave(extraSave(f.save), { family: f.family });
  const localAddresses = [{ iface: 'lo', address: '127.0.0.1', prefix: 8 }, layout.wan, ...layout.bridges];
  return { ...ruleset, localAddresses };
}

const verdict = (ruleset: Ruleset, spec: string): string =>
  verdictLine(tracePacket(ruleset, parsePacketSpec(spec.split(' '))));

for (const [name, layout] of Object.entries(LAYOUTS)) {
  describe(`${name}: a NEW packet from the internet`, () => {
    const from = `-s ${INTERNET.ipv4} --sport 40000 -i ${layout.wan.iface}`;

    it('to the published tcp 8080 meets the DNAT in nat DOCKER (INPUT never sees it)', () => {
      const line = verdict(host(layout), `-p tcp ${from} -d ${layout.wan.address} --dport 8080`);
      expect(line).toMatch(/DNAT at nat DOCKER rule \d+/);
      expect(line).not.toMatch(/filter INPUT/);
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
    expect(verdict(host(d20), loopback(d20))).toMatch(/DNAT at nat DOCKER rule 3/);
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
