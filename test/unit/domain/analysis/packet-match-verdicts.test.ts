import { describe, expect, it } from 'vitest';
import {
  allOf,
  interfaceMatches,
  portRange,
  ruleMatches,
  type Tri,
} from '../../../../src/domain/analysis/packet-match.js';
import type { Packet } from '../../../../src/domain/analysis/packet.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';

/** An SSH packet arriving on eth0: every field known. */
const SSH_IN: Packet = {
  family: 'ipv4',
  direction: 'input',
  protocol: 6,
  source: '192.0.2.1',
  destination: '203.0.113.1',
  sourcePort: 40000,
  destinationPort: 22,
  inInterface: 'eth0',
  outInterface: '',
  icmpType: null,
  icmpCode: null,
  state: 'ESTABLISHED',
  tcpFlags: null,
};

/** What the rule's match part says about the packet (SSH_IN changed by `diff`). */
const matches = (rule: string, diff: Partial<Packet> = {}, mark: number | null = null): Tri =>
  ruleMatches(parseRuleView(rule.split(' ').filter(Boolean)), { packet: { ...SSH_IN, ...diff }, mark });

describe('a rule with no match holds for every packet', () => {
  it('says yes to an empty rule and to a comment', () => {
    expect(matches('-j ACCEPT')).toBe(true);
    expect(matches('-m comment --comment x -j ACCEPT')).toBe(true);
  });
});

describe('-p: the protocol', () => {
  it('matches by number or name, negated or not', () => {
    expect(matches('-p tcp')).toBe(true);
    expect(matches('-p 6')).toBe(true);
    expect(matches('-p udp')).toBe(false);
    expect(matches('! -p udp')).toBe(true);
    expect(matches('! -p tcp')).toBe(false);
  });

  it('takes "all" (0) as every protocol, and "! all" as none', () => {
    expect(matches('-p all')).toBe(true);
    expect(matches('! -p all')).toBe(false);
  });

  it('cannot tell for an unknown protocol name or an unknown packet protocol', () => {
    expect(matches('-p foo')).toBe('-p foo (a protocol fwtui does not know)');
    expect(matches('-p foo6')).toBe('-p foo6 (a protocol fwtui does not know)');
    expect(matches('-p 6x')).toBe('-p 6x (a protocol fwtui does not know)');
    expect(matches('-p tcp', { protocol: null })).toBe('-p tcp (the protocol was not given)');
  });
});

describe('-s and -d: addresses', () => {
  it('matches hosts and networks, a list when any holds, negated', () => {
    expect(matches('-s 192.0.2.0/24')).toBe(true);
    expect(matches('-s 192.0.2.1')).toBe(true);
    expect(matches('-s 198.51.100.0/24')).toBe(false);
    expect(matches('-s 198.51.100.0/24,192.0.2.1')).toBe(true);
    expect(matches('! -s 192.0.2.0/24')).toBe(false);
    expect(matches('! -s 198.51.100.0/24')).toBe(true);
    expect(matches('-d 203.0.113.1/32')).toBe(true);
    expect(matches('-d 192.0.2.1')).toBe(false);
  });

  it('cannot tell without the address or with one it cannot compare', () => {
    expect(matches('-s 192.0.2.1', { source: null })).toBe('-s 192.0.2.1 (the source was not given)');
    expect(matches('-d 192.0.2.1', { destination: null })).toBe('-d 192.0.2.1 (the destination was not given)');
    expect(matches('-s example.org')).toBe('-s example.org (not an address fwtui can compare)');
    expect(matches('-s 192.0.2.1,nonsense')).toBe('-s 192.0.2.1,nonsense (not an address fwtui can compare)');
    expect(matches('-d 192.0.2.1', { destination: 'nonsense' })).toBe(
      '-d 192.0.2.1 (not an address fwtui can compare)',
    );
  });
});

describe('-i and -o: interfaces', () => {
  it('matches a name exactly, and `eth+` as a prefix', () => {
    expect(interfaceMatches('eth0', 'eth0')).toBe(true);
    expect(interfaceMatches('eth0', 'eth01')).toBe(false);
    expect(interfaceMatches('eth+', 'eth7')).toBe(true);
    expect(interfaceMatches('eth+', 'veth7')).toBe(false);
    expect(interfaceMatches('eth+', 'em0')).toBe(false);
    expect(matches('-i eth0')).toBe(true);
    expect(matches('-i eth1')).toBe(false);
    expect(matches('! -i eth1')).toBe(true);
    expect(matches('! -i eth+')).toBe(false);
    expect(matches('-o eth0', { outInterface: 'eth0' })).toBe(true);
    expect(matches('-o eth0')).toBe(false);
  });

  it('cannot tell without the interface, unless it is known not to be the named one', () => {
    expect(matches('-i eth0', { inInterface: null })).toBe('-i eth0 (the incoming interface was not given)');
    expect(matches('-o eth0', { outInterface: null })).toBe('-o eth0 (the outgoing interface was not given)');
    expect(matches('-i lo', { inInterface: null, notInInterfaces: ['lo'] })).toBe(false);
    expect(matches('! -i lo', { inInterface: null, notInInterfaces: ['lo'] })).toBe(true);
    expect(matches('-o lo', { outInterface: null, notOutInterfaces: ['lo'] })).toBe(false);
    // A wildcard may still cover the unknown name.
    expect(matches('-i lo+', { inInterface: null, notInInterfaces: ['lo+'] })).toBe(
      '-i lo+ (the incoming interface was not given)',
    );
  });
});

describe('-f: fragments', () => {
  it('never holds for the whole packets fwtui evaluates; `! -f` always does', () => {
    expect(matches('-f')).toBe(false);
    expect(matches('! -f')).toBe(true);
  });
});

describe('ports of -m tcp / udp', () => {
  it('reads single ports, ranges, open ends and service names', () => {
    expect(portRange('22')).toEqual([22, 22]);
    expect(portRange('1000:2000')).toEqual([1000, 2000]);
    expect(portRange(':1023')).toEqual([0, 1023]);
    expect(portRange('1024:')).toEqual([1024, 65535]);
    expect(portRange('ssh')).toEqual([22, 22]);
    expect(portRange('https:ntp')).toEqual([443, 123]);
    expect(portRange('nope')).toBeNull();
    expect(portRange('22:nope')).toBeNull();
    expect(portRange('nope:22')).toBeNull();
    expect(portRange('123456')).toBeNull();
  });

  it('matches the destination and source port, range ends included', () => {
    expect(matches('-p tcp -m tcp --dport 22')).toBe(true);
    expect(matches('-p tcp --dport 23')).toBe(false);
    expect(matches('-p tcp --dport 22:30')).toBe(true);
    expect(matches('-p tcp --dport 10:22')).toBe(true);
    expect(matches('-p tcp --dport 23:30')).toBe(false);
    expect(matches('-p tcp --dport 10:21')).toBe(false);
    expect(matches('-p tcp --destination-port ssh')).toBe(true);
    expect(matches('-p tcp ! --dport 22')).toBe(false);
    expect(matches('-p tcp --sport 40000')).toBe(true);
    expect(matches('-p tcp --source-port 40001')).toBe(false);
  });

  it('does not hold for another protocol, cannot tell without protocol or port', () => {
    expect(matches('-m udp --dport 22')).toBe(false);
    expect(matches('-m tcp --dport 22', { protocol: null })).toBe('-m tcp (the protocol was not given)');
    expect(matches('-p tcp --dport 22', { destinationPort: null })).toBe('--dport 22 (the port was not given)');
    expect(matches('-p tcp --sport 22', { sourcePort: null })).toBe('--sport 22 (the port was not given)');
    expect(matches('-p tcp --dport what')).toBe('--dport what (not a port fwtui knows)');
    expect(matches('-p tcp --dport 22,what')).toBe('--dport 22,what (not a port fwtui knows)');
    expect(matches('-p tcp --dport what else')).toBe('--dport what else (not a port fwtui knows)');
    expect(matches('-p tcp --dport 22 23', { destinationPort: null })).toBe('--dport 22 23 (the port was not given)');
    expect(matches('-p tcp --tcp-option 7')).toBe('--tcp-option of -m tcp (not modelled)');
    expect(matches('-p udp --dport 53', { protocol: 17, destinationPort: 53 })).toBe(true);
  });

  it('checks TCP flags under their mask, --syn as SYN alone of SYN,RST,ACK,FIN', () => {
    expect(matches('-p tcp --syn', { state: 'NEW' })).toBe(true);
    expect(matches('-p tcp --syn')).toBe(false);
    expect(matches('-p tcp ! --syn')).toBe(true);
    expect(matches('-p tcp --syn', { tcpFlags: 0x02 | 0x08 })).toBe(true);
    expect(matches('-p tcp --syn', { tcpFlags: 0x02 | 0x10 })).toBe(false);
    expect(matches('-p tcp --tcp-flags SYN,ACK ACK')).toBe(true);
    expect(matches('-p tcp --tcp-flags SYN,ACK SYN,ACK')).toBe(false);
    expect(matches('-p tcp --tcp-flags ALL NONE', { tcpFlags: 0 })).toBe(true);
    expect(matches('-p tcp ! --tcp-flags SYN,ACK ACK')).toBe(false);
    expect(matches('-p udp --syn', { protocol: 17 })).toBe('--syn of -m udp (not modelled)');
  });
});

describe('-m multiport', () => {
  it('matches any listed port on the side named', () => {
    expect(matches('-p tcp -m multiport --dports 80,22')).toBe(true);
    expect(matches('-p tcp -m multiport --destination-ports 80,443')).toBe(false);
    expect(matches('-p tcp -m multiport --sports 1:1024')).toBe(false);
    expect(matches('-p tcp -m multiport --source-ports 40000')).toBe(true);
    expect(matches('-p tcp -m multiport ! --dports 22')).toBe(false);
  });

  it('--ports holds for either side, and needs both', () => {
    expect(matches('-p tcp -m multiport --ports 22')).toBe(true);
    expect(matches('-p tcp -m multiport --ports 40000')).toBe(true);
    expect(matches('-p tcp -m multiport --ports 80')).toBe(false);
    expect(matches('-p tcp -m multiport --ports 22', { sourcePort: null })).toBe('--ports 22 (the port was not given)');
    expect(matches('-p tcp -m multiport --ports 22', { destinationPort: null })).toBe(
      '--ports 22 (the port was not given)',
    );
  });

  it('cannot tell without the protocol, or for an option it does not model', () => {
    expect(matches('-m multiport --dports 22', { protocol: null })).toBe('-m multiport (the protocol was not given)');
    expect(matches('-p tcp -m multiport --odd 1')).toBe('--odd of -m multiport (not modelled)');
  });
});

describe('-m icmp', () => {
  const ping: Partial<Packet> = { protocol: 1, icmpType: 8, icmpCode: 0, sourcePort: null, destinationPort: null };

  it('matches the type, and the code when one is named', () => {
    expect(matches('-p icmp -m icmp --icmp-type echo-request', ping)).toBe(true);
    expect(matches('-p icmp -m icmp --icmp-type 8', ping)).toBe(true);
    // No code named: the packet's code does not matter, known or not.
    expect(matches('-p icmp -m icmp --icmp-type 8', { ...ping, icmpCode: null })).toBe(true);
    expect(matches('-p icmp -m icmp --icmp-type echo-reply', ping)).toBe(false);
    expect(matches('-p icmp -m icmp ! --icmp-type echo-request', ping)).toBe(false);
    expect(matches('-p icmp -m icmp --icmp-type any', ping)).toBe(true);
    expect(matches('-p icmp -m icmp ! --icmp-type any', ping)).toBe(false);
    const unreachable = { ...ping, icmpType: 3, icmpCode: 3 };
    expect(matches('-p icmp -m icmp --icmp-type port-unreachable', unreachable)).toBe(true);
    expect(matches('-p icmp -m icmp --icmp-type host-unreachable', unreachable)).toBe(false);
    expect(matches('-p icmp -m icmp --icmp-type destination-unreachable', unreachable)).toBe(true);
  });

  it('knows ICMPv6 is protocol 58, and ICMP does not hold for TCP', () => {
    const v6 = { ...ping, family: 'ipv6' as const, protocol: 58, icmpType: 128, source: '2001:db8::1' };
    expect(matches('-m icmp6 --icmpv6-type echo-request', v6)).toBe(true);
    expect(matches('-m icmp6 --icmpv6-type echo-request', { ...v6, protocol: 1 })).toBe(false);
    expect(matches('-m icmp --icmp-type echo-request')).toBe(false);
  });

  it('cannot tell without protocol, type or code, or for a type it does not know', () => {
    expect(matches('-m icmp --icmp-type 8', { ...ping, protocol: null })).toBe('-m icmp (the protocol was not given)');
    expect(matches('-p icmp --icmp-type 8', { ...ping, icmpType: null })).toBe(
      '--icmp-type 8 (the ICMP type was not given)',
    );
    expect(matches('-p icmp --icmp-type 3/3', { ...ping, icmpType: 3, icmpCode: null })).toBe(
      '--icmp-type 3/3 (the ICMP code was not given)',
    );
    // Another type: the code does not matter.
    expect(matches('-p icmp --icmp-type 3/3', { ...ping, icmpCode: null })).toBe(false);
    expect(matches('-p icmp --icmp-type bogus', ping)).toBe('--icmp-type bogus (a type fwtui does not know)');
  });
});

describe('-m state / conntrack', () => {
  it('matches the listed states, negated', () => {
    expect(matches('-m state --state ESTABLISHED,RELATED')).toBe(true);
    expect(matches('-m conntrack --ctstate NEW')).toBe(false);
    expect(matches('-m conntrack ! --ctstate NEW')).toBe(true);
    expect(matches('-m conntrack ! --ctstate ESTABLISHED')).toBe(false);
  });

  it('cannot tell about address translation or original addresses of a later packet of a connection', () => {
    expect(matches('-m conntrack --ctstate DNAT')).toBe(
      '--ctstate DNAT (whether the connection was translated is not known)',
    );
    expect(matches('-m conntrack --ctstate NEW,SNAT')).toBe(
      '--ctstate NEW,SNAT (whether the connection was translated is not known)',
    );
    expect(matches('-m conntrack --ctstate DNAT,ESTABLISHED')).toBe(true);
    expect(matches('-m conntrack --ctorigdst 10.0.0.1')).toBe(
      '-m conntrack --ctorigdst 10.0.0.1 (a later packet of a connection: its direction is not known)',
    );
    expect(matches('-m conntrack --ctstatus ASSURED', { state: 'NEW' })).toBe('-m conntrack --ctstatus (not modelled)');
  });
});

describe('-m mark', () => {
  it('compares the mark under its mask', () => {
    expect(matches('-m mark --mark 0x1', {}, 1)).toBe(true);
    expect(matches('-m mark --mark 0x1', {}, 3)).toBe(false);
    expect(matches('-m mark --mark 0x1/0x1', {}, 3)).toBe(true);
    expect(matches('-m mark ! --mark 0x1', {}, 1)).toBe(false);
    expect(matches('-m mark --mark 0xffffffff', {}, 0xffffffff)).toBe(true);
    expect(matches('-m mark --mark 0x80000000/0x80000000', {}, 0x80000001)).toBe(true);
    expect(matches('-m mark --mark 0', {}, 0)).toBe(true);
  });

  it('cannot tell when the mark is not known', () => {
    expect(matches('-m mark --mark 0x1')).toBe("-m mark 0x1 (the packet's mark is not known)");
  });
});

describe('-m addrtype', () => {
  it('knows a packet delivered here is to a local address, and one sent from here from one', () => {
    expect(matches('-m addrtype --dst-type LOCAL')).toBe(true);
    expect(matches('-m addrtype ! --dst-type LOCAL')).toBe(false);
    expect(matches('-m addrtype --dst-type BROADCAST,LOCAL')).toBe(true);
    expect(matches('-m addrtype --dst-type UNICAST')).toBe(false);
    const out: Partial<Packet> = { direction: 'output', inInterface: '', outInterface: 'eth0' };
    expect(matches('-m addrtype --src-type LOCAL', out)).toBe(true);
  });

  it('cannot tell for other directions, multicast or broadcast-looking addresses, or --limit-iface', () => {
    const unsure = (o: string) => `-m addrtype ${o} (which addresses are local is not known)`;
    expect(matches('-m addrtype --src-type LOCAL')).toBe(unsure('--src-type LOCAL'));
    expect(matches('-m addrtype --dst-type LOCAL', { direction: 'output' })).toBe(unsure('--dst-type LOCAL'));
    expect(matches('-m addrtype --dst-type LOCAL', { destination: '224.0.0.1' })).toBe(unsure('--dst-type LOCAL'));
    expect(matches('-m addrtype --dst-type LOCAL', { destination: '223.255.255.255' })).toBe(true);
    expect(matches('-m addrtype --dst-type LOCAL', { destination: '224.0.0.0' })).toBe(unsure('--dst-type LOCAL'));
    expect(matches('-m addrtype --dst-type LOCAL', { destination: null })).toBe(unsure('--dst-type LOCAL'));
    expect(matches('-m addrtype --dst-type LOCAL', { destination: 'x' })).toBe(unsure('--dst-type LOCAL'));
    const v6 = { family: 'ipv6' as const, source: '2001:db8::1' };
    expect(matches('-m addrtype --dst-type LOCAL', { ...v6, destination: '2001:db8::2' })).toBe(true);
    expect(matches('-m addrtype --dst-type LOCAL', { ...v6, destination: 'ff02::1' })).toBe(unsure('--dst-type LOCAL'));
    expect(matches('-m addrtype --dst-type LOCAL --limit-iface-in')).toBe(unsure('--dst-type LOCAL'));
  });
});

describe('-m iprange', () => {
  it('holds inside the range, ends included, for the side named', () => {
    expect(matches('-m iprange --src-range 192.0.2.1-192.0.2.9')).toBe(true);
    expect(matches('-m iprange --src-range 192.0.1.0-192.0.2.1')).toBe(true);
    expect(matches('-m iprange --src-range 192.0.2.2-192.0.2.9')).toBe(false);
    expect(matches('-m iprange --src-range 192.0.1.0-192.0.2.0')).toBe(false);
    expect(matches('-m iprange ! --src-range 192.0.2.1-192.0.2.9')).toBe(false);
    expect(matches('-m iprange --dst-range 203.0.113.1-203.0.113.1')).toBe(true);
    expect(matches('-m iprange --dst-range 192.0.2.1-192.0.2.9')).toBe(false);
    expect(matches('-m iprange --src-range 2001:db8::-2001:db8::ffff')).toBe(false);
    // An IPv6 range whose numbers cover every IPv4 address still holds no IPv4 address.
    expect(matches('-m iprange --src-range ::-::ffff:ffff')).toBe(false);
  });

  it('cannot tell for a range it cannot read or a missing address', () => {
    expect(matches('-m iprange --src-range nope')).toBe('--src-range nope (not a range fwtui can compare)');
    expect(matches('-m iprange --src-range 192.0.2.1-192.0.2.9', { source: null })).toBe(
      '--src-range 192.0.2.1-192.0.2.9 (the address was not given)',
    );
  });
});

describe('matches that depend on history or are not modelled', () => {
  it('names them as the reason it cannot tell', () => {
    expect(matches('-m limit --limit 1/s')).toBe('-m limit (matches only while under its rate)');
    expect(matches('-m hashlimit --hashlimit-upto 1/s')).toBe('-m hashlimit (matches only while under its rate)');
    expect(matches('-m recent --rcheck')).toBe('-m recent (depends on earlier packets)');
    expect(matches('-m recent --set')).toBe(true);
    expect(matches('-m recent --set --name ssh')).toBe(true);
    expect(matches('-m owner --uid-owner 0')).toBe('-m owner (not modelled)');
    expect(matches('--odd-option')).toBe('-m ? (not modelled)');
    expect(matches('-m set --match-set admins src')).toBe('-m set --match-set admins (the sets were not read)');
  });
});

describe('a rule holds when all its parts do', () => {
  it('a definite no wins over cannot tell, which wins over yes; the first reason is kept', () => {
    expect(allOf([true, 'a', false])).toBe(false);
    expect(allOf([true, 'a', 'b'])).toBe('a');
    expect(allOf([true, true])).toBe(true);
    expect(allOf([])).toBe(true);
    expect(matches('-p tcp -m limit --limit 1/s -s 198.51.100.1')).toBe(false);
    expect(matches('-m limit --limit 1/s -p udp')).toBe(false);
    expect(matches('-m limit --limit 1/s -m recent --rcheck')).toBe('-m limit (matches only while under its rate)');
    expect(matches('-p tcp -s 192.0.2.1 -m limit --limit 1/s')).toBe('-m limit (matches only while under its rate)');
  });

  it('stops at each basic part that does not hold', () => {
    const unsure = {
      ...SSH_IN,
      protocol: null,
      source: null,
      destination: null,
      inInterface: null,
      outInterface: null,
    };
    const m = (rule: string) => matches(rule, unsure);
    expect(m('-p tcp -s 192.0.2.1')).toBe('-p tcp (the protocol was not given)');
    expect(matches('-s 198.51.100.1 -m limit --limit 1/s')).toBe(false);
    expect(matches('-d 198.51.100.1 -m limit --limit 1/s')).toBe(false);
    expect(matches('-i eth9 -m limit --limit 1/s')).toBe(false);
    expect(matches('-o eth9 -m limit --limit 1/s')).toBe(false);
    expect(matches('-f -m limit --limit 1/s')).toBe(false);
    expect(m('-d 192.0.2.1 -i eth0')).toBe('-d 192.0.2.1 (the destination was not given)');
    expect(m('-o eth0 -i eth0')).toBe('-i eth0 (the incoming interface was not given)');
  });
});
