import { describe, expect, it } from 'vitest';
import { listenersOf, parseListeners } from '../../../../src/domain/exposure/listeners.js';
import { ListenSpecError, parseListenSpec } from '../../../../src/domain/exposure/listen-spec.js';

const HEAD = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const line = (sl: number, local: string, remote: string, st: string, inode: number) =>
  `   ${sl}: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0 100 0 0 10 0`;

describe('listening sockets from /proc/net', () => {
  it('keeps TCP sockets in LISTEN (0A) with their inode, not established ones', () => {
    const text = [
      HEAD,
      line(0, '00000000:0016', '00000000:0000', '0A', 111),
      line(1, '0100007F:0277', '00000000:0000', '0A', 112),
      line(2, '0200000A:0016', '0100000A:C350', '01', 113),
    ].join('\n');
    expect(parseListeners(text, 'tcp')).toEqual([
      { proto: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 22, inode: 111, process: null },
      { proto: 'tcp', family: 'ipv4', address: '127.0.0.1', port: 631, inode: 112, process: null },
    ]);
  });

  it('keeps UDP sockets that are bound and unconnected (07), not connected ones (01)', () => {
    const text = [
      HEAD,
      line(5, '00000000:0035', '00000000:0000', '07', 222),
      line(6, '0200000A:D431', '08080808:0035', '01', 223),
    ].join('\n');
    expect(parseListeners(text, 'udp')).toEqual([
      { proto: 'udp', family: 'ipv4', address: '0.0.0.0', port: 53, inode: 222, process: null },
    ]);
  });

  it('reads tcp6 addresses, and counts :: for IPv4 only when bindv6only is 0', () => {
    const any6 = '00000000000000000000000000000000:0050';
    const text = [HEAD, line(0, any6, '00000000000000000000000000000000:0000', '0A', 333)].join('\n');
    const six = parseListeners(text, 'tcp6');
    expect(six).toEqual([{ proto: 'tcp', family: 'ipv6', address: '::', port: 80, inode: 333, process: null }]);
    expect(listenersOf('ipv4', six, false)).toEqual([{ ...six[0], family: 'ipv4', address: '::' }]);
    expect(listenersOf('ipv4', six, true)).toEqual([]);
    expect(listenersOf('ipv6', six, false)).toEqual(six);
  });
});

describe('--listen SPEC', () => {
  it('reads proto/port[@address]; no address means every address of the family', () => {
    expect(
      parseListenSpec('tcp/22, tcp/80@10.0.0.1,udp/53@127.0.0.1', 'ipv4').map((l) => [l.proto, l.port, l.address]),
    ).toEqual([
      ['tcp', 22, '0.0.0.0'],
      ['tcp', 80, '10.0.0.1'],
      ['udp', 53, '127.0.0.1'],
    ]);
    expect(parseListenSpec('tcp/443', 'ipv6')[0]!.address).toBe('::');
  });

  it.each([
    ['sctp/22', 'is not proto/port'],
    ['tcp/0', 'is not proto/port'],
    ['tcp/70000', 'is not proto/port'],
    ['tcp/22@example.com', 'is not an IP address'],
    ['tcp/22@2001:db8::1', 'is not IPv4'],
    ['', 'at least one'],
  ])('refuses %j with a clear message', (spec, words) => {
    expect(() => parseListenSpec(spec, 'ipv4')).toThrow(ListenSpecError);
    expect(() => parseListenSpec(spec, 'ipv4')).toThrow(words);
  });
});
