/**
 * ICMP and ICMPv6 type names as iptables accepts them (libxt_icmp.c,
 * libip6t_icmp6.c), and `--icmp-type` values as type and optional code. Pure.
 */
import type { Family } from './ruleset.js';

/** A type with an optional code; code null means "any code". */
export interface IcmpType {
  readonly type: number;
  readonly code: number | null;
}

const ICMP4: Readonly<Record<string, readonly [number, number | null]>> = {
  'echo-reply': [0, null],
  pong: [0, null],
  'destination-unreachable': [3, null],
  'network-unreachable': [3, 0],
  'host-unreachable': [3, 1],
  'protocol-unreachable': [3, 2],
  'port-unreachable': [3, 3],
  'fragmentation-needed': [3, 4],
  'source-route-failed': [3, 5],
  'network-unknown': [3, 6],
  'host-unknown': [3, 7],
  'network-prohibited': [3, 9],
  'host-prohibited': [3, 10],
  'TOS-network-unreachable': [3, 11],
  'TOS-host-unreachable': [3, 12],
  'communication-prohibited': [3, 13],
  'host-precedence-violation': [3, 14],
  'precedence-cutoff': [3, 15],
  'source-quench': [4, null],
  redirect: [5, null],
  'network-redirect': [5, 0],
  'host-redirect': [5, 1],
  'TOS-network-redirect': [5, 2],
  'TOS-host-redirect': [5, 3],
  'echo-request': [8, null],
  ping: [8, null],
  'router-advertisement': [9, null],
  'router-solicitation': [10, null],
  'time-exceeded': [11, null],
  'ttl-exceeded': [11, null],
  'ttl-zero-during-transit': [11, 0],
  'ttl-zero-during-reassembly': [11, 1],
  'parameter-problem': [12, null],
  'ip-header-bad': [12, 0],
  'required-option-missing': [12, 1],
  'timestamp-request': [13, null],
  'timestamp-reply': [14, null],
  'address-mask-request': [17, null],
  'address-mask-reply': [18, null],
};

const ICMP6: Readonly<Record<string, readonly [number, number | null]>> = {
  'destination-unreachable': [1, null],
  'no-route': [1, 0],
  'communication-prohibited': [1, 1],
  'beyond-scope': [1, 2],
  'address-unreachable': [1, 3],
  'port-unreachable': [1, 4],
  'failed-policy': [1, 5],
  'reject-route': [1, 6],
  'packet-too-big': [2, null],
  'time-exceeded': [3, null],
  'ttl-exceeded': [3, null],
  'ttl-zero-during-transit': [3, 0],
  'ttl-zero-during-reassembly': [3, 1],
  'parameter-problem': [4, null],
  'bad-header': [4, 0],
  'unknown-header-type': [4, 1],
  'unknown-option': [4, 2],
  'echo-request': [128, null],
  ping: [128, null],
  'echo-reply': [129, null],
  pong: [129, null],
  'mld-listener-query': [130, null],
  'mld-listener-report': [131, null],
  'mld-listener-done': [132, null],
  'mld-listener-reduction': [132, null],
  'router-solicitation': [133, null],
  'router-advertisement': [134, null],
  'neighbour-solicitation': [135, null],
  'neighbor-solicitation': [135, null],
  'neighbour-advertisement': [136, null],
  'neighbor-advertisement': [136, null],
  redirect: [137, null],
};

/**
 * `8`, `3/4`, `echo-request`, `port-unreachable` → type and code; `any` → null
 * type (matches every type); undefined when the text means nothing.
 */
export function parseIcmpType(text: string, family: Family): IcmpType | 'any' | undefined {
  if (text === 'any') return 'any';
  const named = (family === 'ipv4' ? ICMP4 : ICMP6)[text];
  if (named) return { type: named[0], code: named[1] };
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(text);
  if (!m || Number(m[1]) > 255 || (m[2] !== undefined && Number(m[2]) > 255)) return undefined;
  return { type: Number(m[1]), code: m[2] === undefined ? null : Number(m[2]) };
}
