/** How messages name an address family, in one place. Pure. */
import type { Family } from './ruleset.js';

/** The family as admins write it: `IPv4` or `IPv6`. */
export function familyLabel(family: Family): 'IPv4' | 'IPv6' {
  return family === 'ipv6' ? 'IPv6' : 'IPv4';
}

/** The family and the command that manages it: `IPv4 (iptables)`, `IPv6 (ip6tables)`. */
export function familyWithCommand(family: Family): string {
  return `${familyLabel(family)} (${family === 'ipv6' ? 'ip6tables' : 'iptables'})`;
}

/** What a boot file holds, for messages: `IPv4 rules`, `IPv6 rules`, `IP sets`. */
export function savedSubject(what: Family | 'sets'): string {
  return what === 'sets' ? 'IP sets' : `${familyLabel(what)} rules`;
}
