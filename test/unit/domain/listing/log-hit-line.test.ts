import { describe, expect, it } from 'vitest';
import type { LogHit } from '../../../../src/domain/text/log-hit.js';
import { logHitLine, signatureWords } from '../../../../src/domain/listing/log-hit-line.js';

const at = new Date(2026, 10, 30, 12, 4, 5, 123).getTime();
const hit = (p: Partial<LogHit>): LogHit => ({
  ...{ via: 'nflog', family: 'ipv6', prefix: 'x', level: null, group: 2, fromKernel: true, time: at },
  ...{ in: 'eth0', out: null, src: '2001:db8::7', dst: '2001:db8::1', proto: 'UDP', spt: 5353, dpt: 53 },
  ...p,
});

describe('log panel lines', () => {
  it('one packet: local time to the ms, interfaces, protocol, IPv6 ends in brackets with their ports', () => {
    expect(logHitLine(hit({}))).toBe('12:04:05.123 in eth0 out - UDP [2001:db8::7]:5353 > [2001:db8::1]:53');
    expect(logHitLine(hit({ proto: 'ICMPv6', spt: null, dpt: null, in: null, out: 'eth1' }))).toBe(
      '12:04:05.123 in - out eth1 ICMPv6 2001:db8::7 > 2001:db8::1',
    );
  });

  it('marks a line that a program, not the kernel, wrote', () => {
    expect(logHitLine(hit({ fromKernel: false, family: 'ipv4', src: '192.0.2.7', dst: '192.0.2.1' }))).toBe(
      '12:04:05.123 in eth0 out - UDP 192.0.2.7:5353 > 192.0.2.1:53 ' +
        '(written to the kernel log by a program, not by the kernel)',
    );
  });

  it('says how a rule signs its lines', () => {
    expect(signatureWords({ kind: 'LOG', family: 'ipv4', prefix: 'ssh: ', level: 6, group: null })).toBe(
      'LOG prefix "ssh: " level 6 (info)',
    );
    expect(signatureWords({ kind: 'NFLOG', family: 'ipv4', prefix: '', level: null, group: 0 })).toBe(
      'NFLOG group 0 no prefix',
    );
  });
});
