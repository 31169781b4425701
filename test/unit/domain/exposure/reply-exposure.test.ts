/**
 * A connection is reachable only if its first packet is accepted AND its replies get back (kernel-agreement
 * lab finding, tcp/8444): a DOCKER-USER rule `! -s ALLOWED … --ctorigdstport P -j DROP` without `--ctdir
 * ORIGINAL` also sees the container's replies (source: the container, not in ALLOWED) and drops them, so
 * nobody connects. Over the real Docker 20.10 and 28 layouts (test/fixtures/docker-*.v4).
 */
import { describe, expect, it } from 'vitest';
import type { Route } from '../../../../src/domain/analysis/routing.js';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { exposureReport } from '../../../../src/domain/exposure/exposure-report.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const ALLOWED = '100.64.7.0/24';
const LAYOUTS = {
  'Docker 20.10': { fixture: 'docker-20.10.v4', wan: 'wan0', bridge: 'docker0', net: '10.218.0', prefix: 24 },
  'Docker 28': { fixture: 'docker-28.v4', wan: 'eth0', bridge: 'bridge1', net: '192.0.2', prefix: 24 },
} as const;
type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];

const route = (destination: string, device: string): Route => ({ destination, device, type: 'unicast', metric: 0 });

/** The layout with one DOCKER-USER rule on top, the host's addresses and routes, forwarding on. */
function host(l: Layout, rule: string): { ruleset: Ruleset; locals: Ruleset['localAddresses'] } {
  const f = loadFixtures().find((x) => x.name === l.fixture)!;
  const save = f.save.replace(/^(\[\d+:\d+\] )?-A FORWARD -j DOCKER-USER$/m, `$&\n-A DOCKER-USER ${rule}`);
  const locals = [
    { iface: 'lo', address: '127.0.0.1', prefix: 8 },
    { iface: l.wan, address: '198.51.100.1', prefix: 24 },
    { iface: l.bridge, address: `${l.net}.1`, prefix: l.prefix },
  ];
  const routes = [route('default', l.wan), route('198.51.100.0/24', l.wan), route(`${l.net}.0/24`, l.bridge)];
  const ruleset = {
    ...parseSave(save, { family: 'ipv4' }),
    localAddresses: locals,
    routing: { forwarding: true, routes },
  };
  return { ruleset, locals };
}

function entry8080(l: Layout, rule: string) {
  const { ruleset, locals } = host(l, rule);
  const report = exposureReport({
    ruleset,
    interfaces: [l.wan],
    locals: locals!,
    listeners: [],
    dnat: dnatPorts(ruleset, 'ipv4'),
    routing: ruleset.routing!,
  });
  return report.entries.find((e) => e.port === 8080 && e.proto === 'tcp' && e.interface === l.wan)!;
}

for (const [name, l] of Object.entries(LAYOUTS)) {
  describe(`${name}: the replies of a DNAT'd port`, () => {
    it('`! -s ALLOWED --ctorigdstport 8080 -j DROP` without --ctdir: filtered, the replies are dropped', () => {
      const e = entry8080(l, `! -s ${ALLOWED} -p tcp -m conntrack --ctorigdstport 8080 -j DROP`);
      expect(e).toMatchObject({ verdict: 'filtered', from: [], decided_by: { table: 'filter', chain: 'DOCKER-USER' } });
      expect(e.reason).toContain('the replies are dropped by filter DOCKER-USER rule 1');
    });

    it('with --ctdir ORIGINAL the replies pass: open from ALLOWED only', () => {
      const rule = `! -s ${ALLOWED} -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j DROP`;
      expect(entry8080(l, rule)).toMatchObject({ verdict: 'open-from', from: [ALLOWED] });
    });

    it('with `-i` on the incoming interface the replies (from the bridge) pass: open from ALLOWED only', () => {
      const rule = `-i ${l.wan} ! -s ${ALLOWED} -p tcp -m conntrack --ctorigdstport 8080 -j DROP`;
      expect(entry8080(l, rule)).toMatchObject({ verdict: 'open-from', from: [ALLOWED] });
    });

    it('a rule that drops only the replies (source port 80 from the bridge) turns an open port filtered', () => {
      const e = entry8080(l, `-i ${l.bridge} -p tcp --sport 80 -m conntrack --ctstate DNAT -j DROP`);
      expect(e).toMatchObject({ verdict: 'filtered', decided_by: { chain: 'DOCKER-USER', num: 1 } });
      expect(e.reason).toContain('the replies are dropped');
    });
  });
}

describe('the replies of a local socket leave through OUTPUT', () => {
  const rules = (...output: string[]) =>
    parseSave(
      [
        '*filter',
        ':INPUT DROP [0:0]',
        ':FORWARD DROP [0:0]',
        ':OUTPUT DROP [0:0]',
        '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
        ...output,
        'COMMIT',
        '',
      ].join('\n'),
    );
  const locals = [
    { iface: 'lo', address: '127.0.0.1', prefix: 8 },
    { iface: 'eth0', address: '198.51.100.1', prefix: 24 },
  ];
  const ssh = (ruleset: Ruleset) =>
    exposureReport({
      ruleset: { ...ruleset, localAddresses: locals },
      interfaces: ['eth0'],
      locals,
      listeners: [{ proto: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 22, inode: 1, process: 'sshd' }],
      dnat: [],
    }).entries.find((e) => e.port === 22)!;

  it('OUTPUT dropping everything: sshd is filtered, by the policy of OUTPUT', () => {
    const e = ssh(rules());
    expect(e).toMatchObject({ verdict: 'filtered', decided_by: { policy: 'OUTPUT' } });
    expect(e.reason).toContain('the replies are dropped by the policy of OUTPUT');
  });

  it('OUTPUT letting the connection answer (ESTABLISHED, --ctdir REPLY): open', () => {
    const e = ssh(rules('-A OUTPUT -m conntrack --ctstate ESTABLISHED --ctdir REPLY -j ACCEPT'));
    expect(e).toMatchObject({ verdict: 'open', from: ['0.0.0.0/0'] });
  });
});
