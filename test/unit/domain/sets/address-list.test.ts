/** `fwtui block --file LIST`: one address a line, comments, per-family checks, ipset's own spelling. */
import { describe, expect, it } from 'vitest';
import { parseAddressList, setElement } from '../../../../src/domain/sets/address-list.js';

describe('parseAddressList', () => {
  it('skips comments and blank lines, drops /32, keeps networks, lists each element once', () => {
    const list = parseAddressList('# blocklist\n\n192.0.2.1\n198.51.100.0/24  # spam\r\n192.0.2.1/32\n', 'inet', true);
    expect(list).toEqual({ elems: ['192.0.2.1', '198.51.100.0/24'], problems: [], repeated: 1 });
  });

  it('names each bad line with its number and text', () => {
    const list = parseAddressList('192.0.2.1\n2001:db8::1\nexample.com\n10.0.0.5/24\n0.0.0.0/0\n', 'inet', true);
    expect(list.problems).toEqual([
      { line: 2, text: '2001:db8::1', why: 'an IPv6 address in an IPv4 set (use -6)' },
      { line: 3, text: 'example.com', why: 'not an IP address' },
      { line: 4, text: '10.0.0.5/24', why: 'host bits set: the network is 10.0.0.0/24' },
      { line: 5, text: '0.0.0.0/0', why: 'a /0 network cannot go into a set' },
    ]);
  });

  it('IPv6 with an IPv4 tail as ipset prints it (inet_ntop): mapped and compatible addresses', () => {
    expect(setElement('::ffff:1.2.3.4', 'inet6', true)).toEqual({ elem: '::ffff:1.2.3.4' });
    expect(setElement('::ffff:102:304', 'inet6', true)).toEqual({ elem: '::ffff:1.2.3.4' });
    expect(setElement('::2:3', 'inet6', true)).toEqual({ elem: '::0.2.0.3' });
    expect(setElement('::ffff:0:0/96', 'inet6', true)).toEqual({ elem: '::ffff:0.0.0.0/96' });
    expect(setElement('::1', 'inet6', true)).toEqual({ elem: '::1' });
    expect(setElement('::2', 'inet6', true)).toEqual({ elem: '::2' });
    expect(setElement('::1:0:0:0', 'inet6', true)).toEqual({ elem: '::1:0:0:0' });
    expect(setElement('1::2:3', 'inet6', true)).toEqual({ elem: '1::2:3' });
  });

  it('IPv6 as ipset prints it: lower case, compressed, no /128', () => {
    expect(setElement('2001:DB8:0:0:0:0:0:1/128', 'inet6', true)).toEqual({ elem: '2001:db8::1' });
    expect(setElement('2001:db8:0:1:0:0:0:0/64', 'inet6', true)).toEqual({ elem: '2001:db8:0:1::/64' });
    expect(setElement('2001:db8:1:0:0:1:0:1', 'inet6', true)).toEqual({ elem: '2001:db8:1::1:0:1' });
    expect(setElement('192.0.2.1', 'inet6', true)).toEqual({ why: 'an IPv4 address in an IPv6 set (leave out -6)' });
  });

  it('a set of single addresses takes no network', () => {
    expect(setElement('10.0.0.0/8', 'inet', false)).toEqual({
      why: 'a network in a set of single addresses (use a hash:net set)',
    });
  });
});

describe('setElement, IPv4 quick path and full check agree', () => {
  it.each([
    ['10.0.0.1', { elem: '10.0.0.1' }],
    ['10.0.0.1/32', { elem: '10.0.0.1' }],
    ['10.0.0.0/8', { elem: '10.0.0.0/8' }],
    ['255.255.255.255', { elem: '255.255.255.255' }],
    ['10.0.0.0/33', { why: '/33 is not 0-32' }],
    ['010.0.0.1', { why: 'not an IP address' }],
    ['10.0.0.256', { why: 'not an IP address' }],
    ['10.0.0', { why: 'not an IP address' }],
    ['10.0.0.1.', { why: 'not an IP address' }],
    ['10.0.0.1/', { why: '/ is not 0-32' }],
    ['10.0.0.1/08', { why: 'host bits set: the network is 10.0.0.0/8' }],
    ['10.0.0.1/8', { why: 'host bits set: the network is 10.0.0.0/8' }],
    ['10.0.0.1 10.0.0.2', { why: 'not an IP address' }],
  ])('%s', (text, want) => expect(setElement(text, 'inet', true)).toEqual(want));
});
