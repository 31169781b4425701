import { describe, expect, it } from 'vitest';
import type { ExposureEntry } from '../../../../src/domain/exposure/exposure-entry.js';
import { ExpectListError, parseExpectList, unexpectedOpen } from '../../../../src/domain/exposure/expect-list.js';

const entry = (port: number, iface: string, verdict: ExposureEntry['verdict']): ExposureEntry => ({
  proto: 'tcp',
  port,
  bind: '0.0.0.0',
  interface: iface,
  via: 'local',
  to: null,
  process: null,
  verdict,
  from: [],
  decided_by: null,
  reason: null,
});

describe('--expect FILE', () => {
  it('reads proto/port[@iface] lines, comments and blank lines', () => {
    const text = '# web\ntcp/80\n\ntcp/22@eth0   # ssh from the LAN only\nudp/53@wg0\n';
    expect(parseExpectList(text, 'ok.txt')).toEqual([
      { proto: 'tcp', port: 80, iface: null, address: null, line: 2 },
      { proto: 'tcp', port: 22, iface: 'eth0', address: null, line: 4 },
      { proto: 'udp', port: 53, iface: 'wg0', address: null, line: 5 },
    ]);
  });

  it('@ is a bind address when it reads as one (as the table prints it), else an interface', () => {
    const text = 'tcp/80@192.0.2.10\nudp/53@[::1]\ntcp/443@2001:db8::1\ntcp/22@br-5c1a2b3c4d5e\n';
    expect(parseExpectList(text, 'f').map((x) => [x.iface, x.address])).toEqual([
      [null, '192.0.2.10'],
      [null, '::1'],
      [null, '2001:db8::1'],
      ['br-5c1a2b3c4d5e', null],
    ]);
    expect(() => parseExpectList('tcp/80@[eth0]\n', 'f')).toThrow(ExpectListError);
    expect(() => parseExpectList('tcp/80@1:2:3\n', 'f')).toThrow(ExpectListError);
  });

  it.each(['tcp 22', 'tcp/0', 'icmp/8', 'tcp/22@', 'tcp/99999'])(
    'a bad line (%j) is an error naming its line',
    (bad) => {
      expect(() => parseExpectList(`tcp/80\n${bad}\n`, 'x.txt')).toThrow(ExpectListError);
      expect(() => parseExpectList(`tcp/80\n${bad}\n`, 'x.txt')).toThrow('x.txt line 2');
    },
  );

  it('what is open or open-from and not expected is left; other verdicts never count', () => {
    const entries = [
      entry(22, 'eth0', 'open'),
      entry(22, 'eth1', 'open-from'),
      entry(80, 'eth0', 'open'),
      entry(3306, 'eth0', 'filtered'),
      entry(631, 'eth0', 'local-only'),
      entry(9, 'eth0', 'no-listener'),
    ];
    const left = unexpectedOpen(entries, parseExpectList('tcp/80\ntcp/22@eth0\n', 'f'));
    expect(left.map((e) => `${e.port}@${e.interface}`)).toEqual(['22@eth1']);
  });
});
