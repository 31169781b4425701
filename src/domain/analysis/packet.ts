/**
 * A packet to evaluate against a ruleset: what netfilter would know about it
 * when it reaches the firewall. A field that is null is unknown, and every rule
 * that looks at it makes the answer uncertain rather than guessed. Pure.
 */
import type { Family } from '../model/ruleset.js';

/** Conntrack states as `-m conntrack --ctstate` / `-m state --state` name them. */
export const CONN_STATES = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'] as const;
export type ConnState = (typeof CONN_STATES)[number];

/** Where the packet goes: to this machine, through it, or out of it. */
export type Direction = 'input' | 'forward' | 'output';

/** The TCP flags `--tcp-flags` knows, as bits. */
export const TCP_FLAG_BITS: Readonly<Record<string, number>> = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ALL: 0x3f,
  NONE: 0,
};

export interface Packet {
  readonly family: Family;
  readonly direction: Direction;
  /** Protocol number (6 tcp, 17 udp, 1 icmp, 58 ipv6-icmp), null when unknown. */
  readonly protocol: number | null;
  readonly source: string | null;
  readonly destination: string | null;
  readonly sourcePort: number | null;
  readonly destinationPort: number | null;
  /** Incoming interface; '' when there is none (locally sent), null when unknown. */
  readonly inInterface: string | null;
  /** Outgoing interface; '' when there is none (delivered locally), null when unknown. */
  readonly outInterface: string | null;
  /** When the incoming interface is unknown: names it is known not to be (SSH from outside is never on lo). */
  readonly notInInterfaces?: readonly string[];
  /** When the outgoing interface is unknown: names it is known not to be (replies to a remote admin avoid lo). */
  readonly notOutInterfaces?: readonly string[];
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  readonly state: ConnState;
  /** TCP flag bits; null means "what this state's packet usually carries" (SYN for NEW, ACK otherwise). */
  readonly tcpFlags: number | null;
  /** The destination the connection began with, before a DNAT (conntrack's `--ctorigdst`). @default destination */
  readonly originalDestination?: string | null;
  /** The destination port before a DNAT (`--ctorigdstport`). @default destinationPort */
  readonly originalDestinationPort?: number | null;
  /**
   * What conntrack knows of the connection a later packet (not NEW) belongs to: with it, `-m conntrack`'s
   * tuple, direction and DNAT/SNAT matches are decided; without it they stay uncertain.
   */
  readonly connection?: ConnectionFacts;
}

/** A connection's tuples as conntrack holds them (null: not known), whether it was translated, this packet's side. */
export interface ConnectionFacts {
  readonly origSource: string | null;
  readonly origDestination: string | null;
  readonly origSourcePort: number | null;
  readonly origDestinationPort: number | null;
  readonly replySource: string | null;
  readonly replyDestination: string | null;
  readonly replySourcePort: number | null;
  readonly replyDestinationPort: number | null;
  /** The first packet's destination was rewritten (`--ctstate DNAT`). */
  readonly dnat: boolean;
  /** Its source was rewritten (`--ctstate SNAT`); null when not known. */
  readonly snat: boolean | null;
  /** Which way this packet goes (`--ctdir`). */
  readonly direction: 'ORIGINAL' | 'REPLY';
}

/** The connection's original destination: before any DNAT the walk followed. */
export function originalDestination(packet: Packet): string | null {
  return packet.originalDestination === undefined ? packet.destination : packet.originalDestination;
}

/** The connection's original destination port: before any DNAT the walk followed. */
export function originalDestinationPort(packet: Packet): number | null {
  return packet.originalDestinationPort === undefined ? packet.destinationPort : packet.originalDestinationPort;
}

/** A packet with nothing known but family, direction and state. */
export function unknownPacket(family: Family, direction: Direction, state: ConnState): Packet {
  return {
    family,
    direction,
    state,
    protocol: null,
    source: null,
    destination: null,
    sourcePort: null,
    destinationPort: null,
    inInterface: direction === 'output' ? '' : null,
    outInterface: direction === 'input' ? '' : null,
    icmpType: null,
    icmpCode: null,
    tcpFlags: null,
  };
}

/** The TCP flags the packet carries (its own, or the usual ones for its state). */
export function tcpFlagsOf(packet: Packet): number {
  if (packet.tcpFlags !== null) return packet.tcpFlags;
  return packet.state === 'NEW' ? TCP_FLAG_BITS.SYN! : TCP_FLAG_BITS.ACK!;
}

/** Which built-in chains a packet passes, table by table, in netfilter's order. */
export interface HookStep {
  readonly table: 'raw' | 'mangle' | 'nat' | 'filter' | 'security';
  readonly chain: string;
}

const PATHS: Readonly<Record<Direction, readonly HookStep[]>> = {
  input: [
    { table: 'raw', chain: 'PREROUTING' },
    { table: 'mangle', chain: 'PREROUTING' },
    { table: 'nat', chain: 'PREROUTING' },
    { table: 'mangle', chain: 'INPUT' },
    { table: 'filter', chain: 'INPUT' },
    { table: 'security', chain: 'INPUT' },
    { table: 'nat', chain: 'INPUT' },
  ],
  forward: [
    { table: 'raw', chain: 'PREROUTING' },
    { table: 'mangle', chain: 'PREROUTING' },
    { table: 'nat', chain: 'PREROUTING' },
    { table: 'mangle', chain: 'FORWARD' },
    { table: 'filter', chain: 'FORWARD' },
    { table: 'security', chain: 'FORWARD' },
    { table: 'mangle', chain: 'POSTROUTING' },
    { table: 'nat', chain: 'POSTROUTING' },
  ],
  output: [
    { table: 'raw', chain: 'OUTPUT' },
    { table: 'mangle', chain: 'OUTPUT' },
    { table: 'nat', chain: 'OUTPUT' },
    { table: 'filter', chain: 'OUTPUT' },
    { table: 'security', chain: 'OUTPUT' },
    { table: 'mangle', chain: 'POSTROUTING' },
    { table: 'nat', chain: 'POSTROUTING' },
  ],
};

/**
 * The chains a packet goes through, in order. The nat table sees only the
 * first packet of a connection (NEW), and none of an untracked one.
 */
export function hookPath(direction: Direction, state: ConnState): readonly HookStep[] {
  return PATHS[direction].filter((s) => s.table !== 'nat' || state === 'NEW');
}

/** The chains a packet received (input or forward) goes through once routing has decided, after nat PREROUTING. */
export function pathAfterRouting(direction: 'input' | 'forward'): readonly HookStep[] {
  const all = PATHS[direction];
  return all.slice(all.findIndex((s) => s.table === 'nat' && s.chain === 'PREROUTING') + 1);
}
