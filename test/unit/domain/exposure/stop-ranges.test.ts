import { describe, expect, it } from 'vitest';
import { exposureReport, type ExposureFacts } from '../../../../src/domain/exposure/exposure-report.js';
import type { Listener } from '../../../../src/domain/exposure/listeners.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const save = (...lines: string[]) => parseSave([...lines, ''].join('\n'));
const ssh: Listener = { proto: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 22, inode: 1, process: 'sshd' };
const locals = [
  { iface: 'lo', address: '127.0.0.1', prefix: 8 },
  { iface: 'eth0', address: '203.0.113.10', prefix: 24 },
];
const facts = (ruleset: ReturnType<typeof save>): ExposureFacts => ({
  ruleset: { ...ruleset, localAddresses: locals },
  interfaces: ['eth0'],
  locals,
  listeners: [ssh],
  dnat: [],
});
const ssh22 = (...stops: string[]) =>
  exposureReport(
    facts(
      save(
        '*filter',
        ':INPUT DROP [0:0]',
        ':f2b-sshd - [0:0]',
        '-A INPUT -p tcp -m tcp --dport 22 -j f2b-sshd',
        '-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT',
        ...stops,
        '-A f2b-sshd -j RETURN',
        'COMMIT',
      ),
    ),
  ).entries.find((e) => e.port === 22);

describe('a block on part of an allowed network does not close the whole network', () => {
  it('a fail2ban ban of the network second address: still open-from the network', () => {
    expect(ssh22('-A f2b-sshd -s 10.0.0.1/32 -j REJECT')).toMatchObject({ verdict: 'open-from', from: ['10.0.0.0/8'] });
  });
  it('a DROP of a /24 inside the /8: still open-from the network', () => {
    expect(ssh22('-A f2b-sshd -s 10.0.0.0/24 -j DROP')).toMatchObject({ verdict: 'open-from', from: ['10.0.0.0/8'] });
  });
  it('bans at both ends and on the point beyond: uncertain, never filtered', () => {
    const e = ssh22(
      '-A f2b-sshd -s 10.0.0.0/24 -j DROP',
      '-A f2b-sshd -s 10.255.255.0/24 -j DROP',
      '-A f2b-sshd -s 10.0.1.0/24 -j DROP',
      '-A f2b-sshd -s 10.0.2.0/23 -j DROP',
      '-A f2b-sshd -s 10.0.4.0/22 -j DROP',
    );
    expect(e?.verdict).not.toBe('filtered');
  });
  it('every tried address turned away by smaller stop ranges: uncertain, saying which rule cuts in', () => {
    const e = ssh22('-A f2b-sshd -s 10.0.0.0/9 -j DROP', '-A f2b-sshd -s 10.128.0.0/9 -j DROP');
    expect(e).toMatchObject({ verdict: 'uncertain' });
    expect(e?.reason).toContain('a rule stops only part of it (10.0.0.0/9)');
  });
  it('a ban of the whole network: filtered', () => {
    expect(ssh22('-A f2b-sshd -s 10.0.0.0/8 -j DROP')).toMatchObject({ verdict: 'filtered' });
  });
});
