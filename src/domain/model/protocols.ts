/** Protocol names iptables-save prints and the numbers `iptables -L -n` shows for them. */
const NUMBERS: Readonly<Record<string, number>> = {
  all: 0,
  icmp: 1,
  igmp: 2,
  ipencap: 4,
  tcp: 6,
  egp: 8,
  udp: 17,
  ipv6: 41,
  'ipv6-route': 43,
  'ipv6-frag': 44,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  icmpv6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  ospf: 89,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: 132,
  mh: 135,
  udplite: 136,
  dccp: 33,
  ipip: 94,
  ipcomp: 108,
  'mobility-header': 135,
  'ipv6-mh': 135,
};

/** The protocol number as text, or the input unchanged when it is unknown or already a number. */
export function protocolNumber(name: string): string {
  const n = NUMBERS[name.toLowerCase()];
  return n === undefined ? name : String(n);
}
