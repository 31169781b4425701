/** What the admin types for a set: members checked per type and family (lines named), the create prompt's answer. */
import { describe, expect, it } from 'vitest';
import { parseMemberList } from '../../../../src/domain/sets/member-list.js';
import { parseCreate } from '../../../../src/domain/sets/set-create.js';
import { formatAddress, normalizeElement } from '../../../../src/domain/sets/set-elements.js';
import { addressValue } from '../../../../src/domain/model/ip-net.js';

describe('members as the kernel will hold them', () => {
  it('hash:net keeps the network; a full prefix is a bare address; IPv6 compressed like ipset prints it', () => {
    expect(normalizeElement('10.0.0.5/24', 'hash:net', 'ipv4')).toBe('10.0.0.0/24');
    expect(normalizeElement('10.0.0.5/32', 'hash:net', 'ipv4')).toBe('10.0.0.5');
    expect(normalizeElement('2001:DB8:0:0:0:0:0:1/64', 'hash:net', 'ipv6')).toBe('2001:db8::/64');
    expect(normalizeElement('192.0.2.1,22', 'hash:ip,port', 'ipv4')).toBe('192.0.2.1,tcp:22');
    expect(normalizeElement('192.0.2.0/24,udp:53', 'hash:net,port', 'ipv4')).toBe('192.0.2.0/24,udp:53');
  });

  it('refuses what the set cannot hold, saying why', () => {
    expect(() => normalizeElement('10.0.0.0/8', 'hash:ip', 'ipv4')).toThrow(/a hash:ip set holds single addresses/);
    expect(() => normalizeElement('0.0.0.0/0', 'hash:net', 'ipv4')).toThrow(/cannot hold \/0/);
    expect(() => normalizeElement('192.0.2.1', 'hash:ip,port', 'ipv4')).toThrow(/address,port/);
    expect(() => normalizeElement('192.0.2.1,70000', 'hash:ip,port', 'ipv4')).toThrow(/0 to 65535/);
    expect(() => normalizeElement('example.com', 'hash:ip', 'ipv4')).toThrow(/is not an address/);
  });

  it('formats IPv6 as inet_ntop: only a run of two or more zero groups is compressed', () => {
    const v = (t: string): bigint => addressValue(t)!.value;
    expect(formatAddress('ipv6', v('2001:db8:0:1:1:1:1:1'))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatAddress('ipv6', v('::'))).toBe('::');
    expect(formatAddress('ipv6', v('1:0:0:2:0:0:0:3'))).toBe('1:0:0:2::3');
  });

  it('a pasted list: lines, commas, spaces, # comments, repeats once; every bad line named', () => {
    const list = parseMemberList('# list\n10.0.0.1, 10.0.0.2 10.0.0.1\n\n10.0.0.3 # the last\n', 'hash:ip', 'ipv4');
    expect(list).toEqual({ elements: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], problems: [] });
    expect(parseMemberList('10.0.0.1\nnope\n10.0.0.9/8', 'hash:ip', 'ipv4').problems).toEqual([
      'line 2: nope is not an address',
      'line 3: 10.0.0.9/8 is a network: a hash:ip set holds single addresses (use a hash:net set)',
    ]);
    // ip,port members hold a comma: there, only spaces and lines separate them.
    expect(parseMemberList('192.0.2.1,22 192.0.2.2,udp:53', 'hash:ip,port', 'ipv4').elements).toEqual([
      '192.0.2.1,tcp:22',
      '192.0.2.2,udp:53',
    ]);
    expect(parseMemberList('# nothing\n', 'hash:ip', 'ipv4').problems).toEqual(['no member given']);
  });
});

describe('the create prompt', () => {
  it('name, type, options in the order ipset save prints them; family from the view', () => {
    expect(parseCreate('bl hash:net comment timeout 600 counters maxelem 1000', 'ipv6')).toMatchObject({
      name: 'bl',
      type: 'hash:net',
      family: 'inet6',
      options: [
        { name: 'maxelem', value: '1000' },
        { name: 'timeout', value: '600' },
        { name: 'counters', value: null },
        { name: 'comment', value: null },
      ],
    });
  });

  it('says what is wrong', () => {
    expect(parseCreate('bl', 'ipv4')).toMatch(/^give a name and a type/);
    expect(parseCreate('bl hash:net timeout 9999999', 'ipv4')).toBe('timeout is at most 2147483 seconds');
    expect(parseCreate('bl hash:net counters counters', 'ipv4')).toBe('counters is given twice');
    expect(parseCreate('bl hash:net hashsize 64', 'ipv4')).toBe(
      'hashsize: options are timeout S, counters, comment, maxelem N',
    );
  });
});
