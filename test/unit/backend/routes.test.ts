import { describe, expect, it } from 'vitest';
import { upInterfaces } from '../../../src/backend/routes.js';

/** `ip -o -d link show` in a Docker host's namespace (details after `\`), trimmed. */
const LINKS = [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\\    link/loopback 00:00:00:00:00:00',
  '2: wan0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\\    link/ether 6e:f1 \\    veth',
  '3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\\    link/ether 02:42 \\    bridge',
  '5: veth433d951@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master docker0 state UP' +
    '\\    link/ether ee:15 \\    veth \\    bridge_slave state forwarding priority 32 cost 2',
  '6: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master bond0 state UP' +
    '\\    link/ether 52:54 \\    bond_slave state ACTIVE',
  '7: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 state UP\\    link/ether 52:54 \\    bond',
  '8: dummy0: <BROADCAST,NOARP> mtu 1500 state DOWN\\    link/ether 3a:11 \\    dummy',
  '',
].join('\n');

describe('upInterfaces: where a packet can come in, as iptables -i sees it', () => {
  it('lists interfaces that are up, not loopback, not ports of a bridge or bond (their packets come in on it)', () => {
    expect(upInterfaces(LINKS)).toEqual(['wan0', 'docker0', 'bond0']);
  });
});
