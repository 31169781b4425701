/** Reading `ipset save` and deciding whether a packet is in a set, for every set type fwtui models. */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { unknownPacket, type Packet } from '../../../../src/domain/analysis/packet.js';
import { hasCounters, memberTimeout } from '../../../../src/domain/sets/ip-set.js';
import { parseIpsetSave, parseIpsetTerse, withTerse } from '../../../../src/domain/sets/parse-ipset.js';
import { packetInSet, type SetQuery } from '../../../../src/domain/sets/set-membership.js';

// A backslash at the end of a line inside these templates joins it to the next (no line break there).
// What ipset 7.17 printed in a namespace (bucketsize/initval as it writes them).
const SAVE = `create bl hash:net family inet hashsize 64 maxelem 1000 timeout 600 counters comment bucketsize \
12 initval 0xad4cdc42
add bl 192.0.2.0/24 timeout 299 packets 3 bytes 180 comment "test net"
add bl 192.0.2.128/25 timeout 599 nomatch packets 0 bytes 0
add bl 198.51.100.7 timeout 5 packets 0 bytes 0
create p hash:ip,port family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1391d3b9
add p 2001:db8::1,tcp:22
add p 2001:db8::1,udp:53
create bp bitmap:port range 1-1024
add bp 22
create ifs hash:net,iface family inet hashsize 1024 maxelem 65536
add ifs 10.0.0.0/8,eth0
create ls list:set size 8
add ls p
add ls bl
`;
const TERSE =
  'Name: bl\nType: hash:net\nRevision: 7\nHeader: family inet\nSize in memory: 705\nReferences: ' +
  '1\nNumber of entries: 2\n\nName: p\nType: hash:ip,port\nSize in memory: 304\nReferences: 0\n';

const sets = withTerse(parseIpsetSave(SAVE), parseIpsetTerse(TERSE));
const byName = new Map(sets.map((s) => [s.name, s]));
const set = (name: string) => byName.get(name)!;

const pkt = (over: Partial<Packet>): Packet => ({ ...unknownPacket('ipv4', 'input', 'NEW'), protocol: 6, ...over });
const q = (flags: string, extra: Partial<SetQuery> = {}): SetQuery => ({
  flags: flags.split(','),
  returnNomatch: false,
  ...extra,
});

describe('ipset save', () => {
  it('reads headers, options, members with their own options, and -t figures', () => {
    expect(sets.map((s) => [s.name, s.type, s.family])).toEqual([
      ['bl', 'hash:net', 'inet'],
      ['p', 'hash:ip,port', 'inet6'],
      ['bp', 'bitmap:port', null],
      ['ifs', 'hash:net,iface', 'inet'],
      ['ls', 'list:set', null],
    ]);
    expect(set('bl').members[0]).toEqual({
      elem: '192.0.2.0/24',
      options: [
        { name: 'timeout', value: '299' },
        { name: 'packets', value: '3' },
        { name: 'bytes', value: '180' },
        { name: 'comment', value: 'test net' },
      ],
    });
    expect(hasCounters(set('bl'))).toBe(true);
    expect(hasCounters(set('p'))).toBe(false);
    expect(memberTimeout(set('bl'), set('bl').members[2]!)).toBe(5);
    expect(memberTimeout(set('p'), set('p').members[0]!)).toBeNull();
    expect([set('bl').memsize, set('bl').references, set('bp').memsize]).toEqual([705, 1, null]);
  });

  it('names the line of what it cannot read', () => {
    expect(() => parseIpsetSave('add x 1.2.3.4\n')).toThrow(
      new ParseError(1, 'add to set x, which is not created before it'),
    );
    expect(() => parseIpsetSave('create x hash:ip family ipx\n')).toThrow(/family of x must be inet or inet6/);
    expect(() => parseIpsetSave('create x hash:ip\ncreate x hash:ip\n')).toThrow(
      new ParseError(2, 'set x is created twice'),
    );
    expect(() => parseIpsetSave('create x hash:ip comment\nadd x 1.2.3.4 comment "open\n')).toThrow(
      /line 2: a double quote is never closed/,
    );
    expect(() => parseIpsetSave('flush x\n')).toThrow(/"flush" is not a line ipset save writes/);
    expect(() => parseIpsetSave('create x hash:ip timeout\n')).toThrow(/option timeout needs a value/);
  });
});

describe('a packet in a set', () => {
  it('hash:net: the most specific member decides, nomatch members are holes', () => {
    expect(packetInSet(set('bl'), pkt({ source: '192.0.2.9' }), q('src'), byName)).toBe(true);
    expect(packetInSet(set('bl'), pkt({ source: '192.0.2.200' }), q('src'), byName)).toBe(false);
    expect(packetInSet(set('bl'), pkt({ source: '203.0.113.1' }), q('src'), byName)).toBe(false);
    expect(packetInSet(set('bl'), pkt({ destination: '192.0.2.9' }), q('dst'), byName)).toBe(true);
    expect(packetInSet(set('bl'), pkt({ source: '192.0.2.9' }), q('dst'), byName)).toMatch(
      /destination address was not given/,
    );
  });

  it('--return-nomatch turns it round', () => {
    expect(packetInSet(set('bl'), pkt({ source: '192.0.2.200' }), q('src', { returnNomatch: true }), byName)).toBe(
      true,
    );
    expect(packetInSet(set('bl'), pkt({ source: '192.0.2.9' }), q('src', { returnNomatch: true }), byName)).toBe(false);
  });

  it('a member that may expire before the admin confirms makes the answer uncertain', () => {
    expect(packetInSet(set('bl'), pkt({ source: '198.51.100.7' }), q('src'), byName)).toBe(true);
    expect(packetInSet(set('bl'), pkt({ source: '198.51.100.7' }), q('src', { horizonSec: 60 }), byName)).toBe(
      'set bl: member 198.51.100.7 expires within 60 s',
    );
  });

  it('hash:ip,port: address and protocol:port, one per direction flag', () => {
    const v6 = (over: Partial<Packet>): Packet => ({ ...unknownPacket('ipv6', 'input', 'NEW'), ...over });
    expect(
      packetInSet(set('p'), v6({ protocol: 6, source: '2001:db8::1', destinationPort: 22 }), q('src,dst'), byName),
    ).toBe(true);
    expect(
      packetInSet(set('p'), v6({ protocol: 17, source: '2001:db8::1', destinationPort: 22 }), q('src,dst'), byName),
    ).toBe(false);
    expect(
      packetInSet(set('p'), v6({ protocol: 17, source: '2001:db8::1', destinationPort: 53 }), q('src,dst'), byName),
    ).toBe(true);
    expect(packetInSet(set('p'), v6({ protocol: 6, source: '2001:db8::1' }), q('src,dst'), byName)).toMatch(
      /destination port was not given/,
    );
    // An IPv4 packet is never in an inet6 set.
    expect(packetInSet(set('p'), pkt({ source: '192.0.2.1', destinationPort: 22 }), q('src,dst'), byName)).toBe(false);
    // Fewer directions than the type has: the kernel says no.
    expect(packetInSet(set('p'), v6({ source: '2001:db8::1', destinationPort: 22 }), q('src'), byName)).toBe(false);
  });

  it('bitmap:port matches the port of any protocol; hash:net,iface the interface of the direction', () => {
    expect(packetInSet(set('bp'), pkt({ destinationPort: 22 }), q('dst'), byName)).toBe(true);
    expect(packetInSet(set('bp'), pkt({ protocol: 17, destinationPort: 22 }), q('dst'), byName)).toBe(true);
    expect(packetInSet(set('bp'), pkt({ destinationPort: 23 }), q('dst'), byName)).toBe(false);
    expect(packetInSet(set('ifs'), pkt({ source: '10.1.2.3', inInterface: 'eth0' }), q('src,src'), byName)).toBe(true);
    expect(packetInSet(set('ifs'), pkt({ source: '10.1.2.3', inInterface: 'eth1' }), q('src,src'), byName)).toBe(false);
    expect(packetInSet(set('ifs'), pkt({ source: '10.1.2.3' }), q('src,src'), byName)).toMatch(
      /incoming interface was not given/,
    );
  });

  it('list:set looks in its member sets in order; a set that cannot be read is uncertain', () => {
    // p needs two directions (no), then bl has it.
    expect(packetInSet(set('ls'), pkt({ source: '192.0.2.9' }), q('src'), byName)).toBe(true);
    expect(packetInSet(set('ls'), pkt({ source: '203.0.113.9' }), q('src'), byName)).toBe(false);
    const onlyBl = new Map([['bl', set('bl')]]);
    expect(packetInSet(set('ls'), pkt({ source: '192.0.2.9' }), q('src'), onlyBl)).toBe(
      'set p (in list ls) could not be read',
    );
    expect(packetInSet(set('ls'), pkt({ source: '203.0.113.9' }), q('src'), null)).toBe(
      'set p (in list ls) could not be read',
    );
  });
});
