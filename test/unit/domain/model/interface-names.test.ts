import { describe, expect, it } from 'vitest';
import { parseLinkNames } from '../../../../src/backend/interfaces.js';
import { interfaceExists, missingInterfaceWarnings } from '../../../../src/domain/model/interface-names.js';
import { splitArgs } from '../../../../src/domain/text/quoting.js';

describe('interfaces in rules', () => {
  it('reads names from ip -o link (veth peers without their @ part)', () => {
    const text = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT ' +
        'group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '5: veth1a2b@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master ' +
        'docker0 state UP\\    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '6: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN\\    link/none ',
    ].join('\n');
    expect(parseLinkNames(text)).toEqual(['lo', 'veth1a2b', 'wg0']);
  });
  it('names an interface that does not exist now, allows eth+ when one matches, says nothing when unknown', () => {
    const here = ['eth0', 'lo'];
    expect(interfaceExists('eth+', here)).toBe(true);
    expect(missingInterfaceWarnings(splitArgs('-i eth+ -o tun0 -j ACCEPT'), here)).toEqual([
      '-o tun0: there is no interface tun0 here now (allowed: it may appear later; there are eth0, lo)',
    ]);
    expect(missingInterfaceWarnings(splitArgs('! -i wg+ -j DROP'), here)).toEqual([
      '-i wg+: there is no interface starting with wg here now (allowed: it may appear later; there are eth0, lo)',
    ]);
    expect(missingInterfaceWarnings(splitArgs('-i tun0 -j ACCEPT'), null)).toEqual([]);
  });
});
