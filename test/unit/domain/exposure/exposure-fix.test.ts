/** The one-key fix of an exposure: the rule admins are told to write, placed where it is seen, or why none. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
      spec: '-i eth0 -p tcp -m conntrack --ctorigdstport 8080 -j DROP',
    });
    expect(fix.edit.spec).not.toContain('--dport');
    expect(fix.words).toBe('tcp/8080 on eth0 dropped first in DOCKER-USER');
    // It lands first in DOCKER-USER, above Docker's RETURN.
    const after = applyEdit(dockerFilter, fix.edit) as Table;
    expect(after.chains.find((c) => c.name === 'DOCKER-USER')!.rules[0]!.spec).toBe(fix.edit.spec);
  });

  it('keeps one allowed network open, written as iptables-save prints it', () => {
    const fix = exposureFix(entry({ proto: 'udp', port: 5353 }), dockerFilter, 'ipv4', ' 10.1.2.3/8 ');
    expect(fix.ok && fix.edit.spec).toBe('! -s 10.0.0.0/8 -i eth0 -p udp -m conntrack --ctorigdstport 5353 -j DROP');
  });

  it('closes a DNAT of a range of ports whole, as iptables writes a range', () => {
    const fix = exposureFix(entry({ port: 8000, last_port: 8010 }), dockerFilter, 'ipv4');
    expect(fix.ok && fix.edit.spec).toBe('-i eth0 -p tcp -m conntrack --ctorigdstport 8000:8010 -j DROP');
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
