/**
 * Which packets `fwtui watch` traces, in the words of `fwtui trace` (`-p tcp --dport 22 -s 198.51.100.7`), and the
 * `-j TRACE` rules that mark exactly those: in raw PREROUTING (packets that arrive) and raw OUTPUT (packets this
 * machine sends), each with a comment naming the watch so it can be found and removed without touching any other
 * rule. Pure.
 */
import { parsePacketSpec, PacketSpecError } from './packet-spec.js';
import { TCP_FLAG_BITS, type Packet } from './packet.js';
import type { Family } from '../model/ruleset.js';

/** The chains of the raw table a watch marks packets in. */
export type WatchChain = 'PREROUTING' | 'OUTPUT';

/** A parsed filter: what the admin gave, and the rule's match words. */
export interface WatchFilter {
  readonly family: Family;
  /** The filter as a packet (fields not given are null), for the protocol and the prediction. */
  readonly packet: Packet;
  /** PREROUTING, OUTPUT or both: -i only exists for arriving packets, -o only for sent ones in raw. */
  readonly chains: readonly WatchChain[];
  /** The match words of the TRACE rule (`-p tcp -m tcp --dport 22`), before the comment and target. */
  readonly match: readonly string[];
}

/** The comment that names a watch's rules: `fwtui-watch ID`. */
export const WATCH_COMMENT_PREFIX = 'fwtui-watch ';

/** The comment of the watch `id`. */
export const watchComment = (id: string): string => `${WATCH_COMMENT_PREFIX}${id}`;

/** A watch id: letters, digits, dots and dashes (it is read back from rule comments). */
export const WATCH_ID = /^[A-Za-z0-9.-]{1,64}$/;

const NAMES: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  33: 'dccp',
  58: 'ipv6-icmp',
  132: 'sctp',
};
const FLAG_ORDER = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] as const;

/** Reads the filter words of `fwtui watch`. @throws PacketSpecError in plain words */
export function parseWatchFilter(words: readonly string[], family?: Family): WatchFilter {
  if (words.length === 0)
    throw new PacketSpecError('give a filter, e.g. -p tcp --dport 22: a TRACE rule without one marks every packet');
  for (let i = 0; i < words.length; i += 2) {
    if (words[i] === '--state')
      throw new PacketSpecError(
        '--state cannot be watched: the TRACE rule sits in the raw table, before connection tracking knows the state',
      );
    if (words[i] === '--direction')
      throw new PacketSpecError('--direction is not needed: watch marks packets that arrive and packets sent here');
  }
  const packet = parsePacketSpec(words, family);
  const hasIn = words.includes('-i') || words.includes('--in-interface');
  const hasOut = words.includes('-o') || words.includes('--out-interface');
  if (hasIn && hasOut)
    throw new PacketSpecError('give -i or -o, not both: raw PREROUTING does not know the outgoing interface yet');
  const chains: WatchChain[] = hasIn ? ['PREROUTING'] : hasOut ? ['OUTPUT'] : ['PREROUTING', 'OUTPUT'];
  return { family: packet.family, packet, chains, match: matchWords(packet, hasIn, hasOut) };
}

function matchWords(p: Packet, hasIn: boolean, hasOut: boolean): string[] {
  const m: string[] = [];
  if (p.source !== null) m.push('-s', p.source);
  if (p.destination !== null) m.push('-d', p.destination);
  if (hasIn && p.inInterface) m.push('-i', p.inInterface);
  if (hasOut && p.outInterface) m.push('-o', p.outInterface);
  if (p.protocol === null) return m;
  const name = NAMES[p.protocol] ?? String(p.protocol);
  m.push('-p', name);
  if (p.sourcePort !== null || p.destinationPort !== null || p.tcpFlags !== null) {
    m.push('-m', name);
    if (p.sourcePort !== null) m.push('--sport', String(p.sourcePort));
    if (p.destinationPort !== null) m.push('--dport', String(p.destinationPort));
    if (p.tcpFlags !== null) m.push('--tcp-flags', FLAG_ORDER.join(','), flagNames(p.tcpFlags));
  }
  if (p.icmpType !== null) {
    const code = p.icmpCode === null ? '' : `/${p.icmpCode}`;
    if (p.family === 'ipv4') m.push('-m', 'icmp', '--icmp-type', `${p.icmpType}${code}`);
    else m.push('-m', 'icmp6', '--icmpv6-type', `${p.icmpType}${code}`);
  }
  return m;
}

function flagNames(bits: number): string {
  const names = FLAG_ORDER.filter((f) => (bits & TCP_FLAG_BITS[f]!) !== 0);
  return names.length === 0 ? 'NONE' : names.join(',');
}

/** The full argument list after `-I CHAIN 1` / `-D CHAIN`: match words, the watch's comment, `-j TRACE`. */
export function traceRuleArgs(filter: WatchFilter, id: string): string[] {
  return [...filter.match, '-m', 'comment', '--comment', watchComment(id), '-j', 'TRACE'];
}

/** The watch id named by a rule's arguments (as read back, quotes removed), or null when it is no watch's rule. */
export function watchIdOf(args: readonly string[]): string | null {
  const at = args.indexOf('--comment');
  const comment = at >= 0 ? args[at + 1] : undefined;
  if (comment === undefined || !comment.startsWith(WATCH_COMMENT_PREFIX)) return null;
  const id = comment.slice(WATCH_COMMENT_PREFIX.length);
  return WATCH_ID.test(id) && args.includes('TRACE') ? id : null;
}
