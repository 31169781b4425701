/** The one-key fix of an exposure: the rule admins are told to write, placed where it is seen, or why none. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import type { Packet } from '../../../../src/domain/analysis/packet.js';
import { replyPacket } from '../../../../src/domain/analysis/reply-packet.js';
import { applyEdit } from '../../../../src/domain/edit/edits.js';
import { allowedSourceProblem, exposureFix } from '../../../../src/domain/exposure/exposure-fix.js';
import type { ExposureEntry } from '../../../../src/domain/exposure/exposure-entry.js';
import { findTable, type Table } from '../../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { FIXTURE_DIR } from '../../../helpers/fixtures.js';

const docker = parseSave(readFileSync(join(FIXTURE_DIR, 'docker-style.v4.save'), 'utf8'), { family: 'ipv4' });
const dockerFilter = findTable(docker, 'filter')!;
const plainFilter = findTable(parseSave('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n', { family: 'ipv4' }), 'filter')!;

const entry = (over: Partial<ExposureEntry> = {}): ExposureEntry => ({
  proto: 'tcp',
  port: 8080,
  bind: '0.0.0.0',
  interface: 'eth0',
  via: 'dnat',
  to: '172.17.0.2:80',
  process: 'docker-proxy',
  verdict: 'open',
  from: ['0.0.0.0/0'],
  decided_by: { table: 'filter', chain: 'DOCKER', num: 1, rule: '-A DOCKER -d 172.17.0.2/32 -j ACCEPT' },
  reason: null,
  ...over,
});

describe('exposureFix', () => {
  it('closes a DNAT port in DOCKER-USER by its original port, never --dport (DOCKER-USER sees it after DNAT)', () => {
    const fix = exposureFix(entry(), dockerFilter, 'ipv4');
    if (!fix.ok) throw new Error(fix.why);
    expect(fix.edit).toEqual({
      kind: 'insert',
      chain: 'DOCKER-USER',
      at: 0,
      spec: '-i eth0 -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j DROP',
    });
    expect(fix.edit.spec).not.toContain('--dport');
    expect(fix.words).toBe('tcp/8080 on eth0 dropped first in DOCKER-USER');
    // It lands first in DOCKER-USER, above Docker's RETURN.
    const after = applyEdit(dockerFilter, fix.edit) as Table;
    expect(after.chains.find((c) => c.name === 'DOCKER-USER')!.rules[0]!.spec).toBe(fix.edit.spec);
  });

  it("leaves the containers' own outgoing connections to that port alone: their replies still get back", () => {
    const rules = parseSave(
      [
        '*filter',
        ':FORWARD DROP [0:0]',
        ':DOCKER-USER - [0:0]',
        '-A FORWARD -j DOCKER-USER',
        '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A FORWARD -i docker0 -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n'),
      { family: 'ipv4' },
    );
    const fix = exposureFix(entry({ port: 443 }), findTable(rules, 'filter'), 'ipv4');
    if (!fix.ok) throw new Error(fix.why);
    const staged = { ...rules, tables: rules.tables.map((t) => (t.name === 'filter' ? applyEdit(t, fix.edit) : t)) };
    // A container opens HTTPS to the internet: its reply comes in on eth0 with original destination port 443.
    const outbound: Packet = {
      family: 'ipv4',
      direction: 'forward',
      protocol: 6,
      source: '172.17.0.2',
      destination: '93.184.216.34',
      sourcePort: 50000,
      destinationPort: 443,
      inInterface: 'docker0',
      outInterface: 'eth0',
      icmpType: null,
      icmpCode: null,
      state: 'NEW',
      tcpFlags: null,
    };
    expect(tracePacket(staged, outbound).verdict).toBe('ACCEPT');
    expect(tracePacket(staged, replyPacket(outbound)).verdict).toBe('ACCEPT');
    // The published port itself is closed: the internet's first packet, DNAT'd to the container, is dropped.
    const inbound: Packet = {
      ...outbound,
      source: '203.0.113.50',
      destination: '172.17.0.2',
      sourcePort: 40000,
      destinationPort: 80,
      inInterface: 'eth0',
      outInterface: 'docker0',
      originalDestination: '198.51.100.1',
      originalDestinationPort: 443,
    };
    expect(tracePacket(staged, inbound).verdict).toBe('DROP');
  });

  it('keeps one allowed network open, written as iptables-save prints it', () => {
    const fix = exposureFix(entry({ proto: 'udp', port: 5353 }), dockerFilter, 'ipv4', ' 10.1.2.3/8 ');
    expect(fix.ok && fix.edit.spec).toBe(
      '! -s 10.0.0.0/8 -i eth0 -p udp -m conntrack --ctorigdstport 5353 --ctdir ORIGINAL -j DROP',
    );
  });

  it('closes a DNAT of a range of ports whole, as iptables writes a range', () => {
    const fix = exposureFix(entry({ port: 8000, last_port: 8010 }), dockerFilter, 'ipv4');
    expect(fix.ok && fix.edit.spec).toBe(
      '-i eth0 -p tcp -m conntrack --ctorigdstport 8000:8010 --ctdir ORIGINAL -j DROP',
    );
  });

  it('closes a port of this host first in INPUT', () => {
    const fix = exposureFix(entry({ via: 'local', to: null, port: 22, process: 'sshd' }), plainFilter, 'ipv4');
    expect(fix.ok && fix.edit).toEqual({
      kind: 'insert',
      chain: 'INPUT',
      at: 0,
      spec: '-i eth0 -p tcp -m tcp --dport 22 -j DROP',
    });
  });

  it('stages nothing for a DNAT port without DOCKER-USER, or when FORWARD does not jump to it, and says so', () => {
    const none = exposureFix(entry(), plainFilter, 'ipv4');
    expect(none).toEqual({ ok: false, why: expect.stringContaining('no DOCKER-USER chain') });
    const unjumped = parseSave('*filter\n:FORWARD ACCEPT [0:0]\n:DOCKER-USER - [0:0]\nCOMMIT\n', { family: 'ipv4' });
    const why = exposureFix(entry(), findTable(unjumped, 'filter'), 'ipv4');
    expect(why).toEqual({ ok: false, why: expect.stringContaining('FORWARD does not jump to DOCKER-USER') });
  });

  it('stages nothing for an interface no rule can name (a saved ruleset\'s "(other)")', () => {
    const fix = exposureFix(entry({ interface: '(other)' }), dockerFilter, 'ipv4');
    expect(fix).toEqual({ ok: false, why: '(other) is not an interface a rule can name: fwtui stages nothing' });
  });

  it('offers nothing for a port already filtered or reachable only from this host', () => {
    expect(exposureFix(entry({ verdict: 'filtered' }), dockerFilter, 'ipv4').ok).toBe(false);
    expect(exposureFix(entry({ verdict: 'local-only' }), dockerFilter, 'ipv4').ok).toBe(false);
    expect(exposureFix(entry({ verdict: 'no-listener' }), dockerFilter, 'ipv4').ok).toBe(true);
  });
});

describe('allowedSourceProblem', () => {
  it('takes one network of the family, or nothing', () => {
    expect(allowedSourceProblem('', 'ipv4')).toBeNull();
    expect(allowedSourceProblem('192.0.2.0/24', 'ipv4')).toBeNull();
    expect(allowedSourceProblem('2001:db8::/32', 'ipv6')).toBeNull();
  });

  it('refuses a list (each rule would drop the other), every address, a name and the other family', () => {
    expect(allowedSourceProblem('10.0.0.0/8,192.0.2.1', 'ipv4')).toMatch(/one network only/);
    expect(allowedSourceProblem('0.0.0.0/0', 'ipv4')).toMatch(/every address/);
    expect(allowedSourceProblem('::/0', 'ipv6')).toMatch(/every address/);
    expect(allowedSourceProblem('office.example', 'ipv4')).toMatch(/is a name/);
    expect(allowedSourceProblem('2001:db8::1', 'ipv4')).toMatch(/IPv6 address in an IPv4 rule/);
  });
});
