/** Finding members: an address finds every entry containing it (hosts and networks, both families); text finds text. */
import { describe, expect, it } from 'vitest';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';
import { searchMembers } from '../../../../src/domain/sets/set-search.js';

const [NETS] = parseIpsetSave(`create s hash:net family inet
add s 203.0.113.0/24
add s 198.51.100.7
add s 10.0.0.0/8 nomatch
add s 0.0.0.0/1
`);
const [V6] = parseIpsetSave(`create s6 hash:net,port family inet6
add s6 2001:db8::/32,tcp:22
add s6 2001:db8:1::5,udp:53
`);

describe('searchMembers', () => {
  it('an IPv4 address finds the networks that contain it and the host itself', () => {
    expect(searchMembers(NETS!, '203.0.113.77')).toEqual([0]);
    expect(searchMembers(NETS!, '198.51.100.7')).toEqual([1]);
    expect(searchMembers(NETS!, '10.1.2.3')).toEqual([2, 3]);
    expect(searchMembers(NETS!, '192.0.2.1')).toEqual([]);
  });

  it('a network finds the entries that hold it whole', () => {
    expect(searchMembers(NETS!, '203.0.113.0/25')).toEqual([0]);
    expect(searchMembers(NETS!, '203.0.114.0/23')).toEqual([]);
    expect(searchMembers(NETS!, '203.0.113.0/255.255.255.128')).toEqual([0]);
  });

  it('a network finds the entries inside it too (#17: /198.51.100.0/24 over 100 hosts found none)', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `add h 198.51.100.${i + 1}`).join('\n');
    const [H] = parseIpsetSave(`create h hash:net family inet\n${hosts}\nadd h 192.0.2.1\n`);
    expect(searchMembers(H!, '198.51.100.0/24')).toHaveLength(100);
    expect(searchMembers(NETS!, '203.0.112.0/23')).toEqual([0]);
    expect(searchMembers(NETS!, '198.51.0.0/16')).toEqual([1]);
    expect(searchMembers(V6!, '2001:db8:1::/48')).toEqual([0, 1]);
    expect(searchMembers(V6!, '2001::/16')).toEqual([0, 1]);
  });

  it('IPv6, in sets with ports: the address part decides', () => {
    expect(searchMembers(V6!, '2001:db8:1::5')).toEqual([0, 1]);
    expect(searchMembers(V6!, '2001:db9::1')).toEqual([]);
    expect(searchMembers(V6!, '203.0.113.5')).toEqual([]);
  });

  it('other text finds the members whose element contains it', () => {
    expect(searchMembers(V6!, 'udp')).toEqual([1]);
    expect(searchMembers(NETS!, '100.7')).toEqual([1]);
    expect(searchMembers(NETS!, '  ')).toEqual([]);
  });
});
