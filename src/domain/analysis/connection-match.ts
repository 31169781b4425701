/**
 * "Who is connected right now through this rule": the tracked connections whose packets the rule's own
 * matches hold for. Each entry's tuple as the rule's chain sees it (before or after a DNAT) becomes a Packet,
 * asked of the rule as trace asks it (packet-match.ts); an answer that needs what conntrack does not know (the
 * interface, a rate, a mark) puts the entry under "maybe", with why. Pure.
 */
import type { Family, RulesetSets, TableName } from '../model/ruleset.js';
import type { RuleView } from '../model/rule-view.js';
import type { ConnEntry, ConnTuple } from '../text/conntrack-entries.js';
import type { InterfaceAddress } from './local-addresses.js';
import type { ConnState, Direction, Packet } from './packet.js';
import { ruleMatches, type Tri } from './packet-match.js';

/**
 * Which tuple a rule is asked about: the original (before a destination NAT), the translated one, either
 * (no rule: `fwtui connections`), or not known (both asked; a disagreement is a "maybe").
 */
export type ConnSide = 'original' | 'translated' | 'either' | 'unknown';

/** Where the rule is: its family decides which entries count, its chain which way the packets go. */
export interface RulePlace {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** The side asked; by default the one its table and chain see (sideOf). */
  readonly side?: ConnSide;
}

/** A connection fwtui cannot place for certain, and why. */
export interface MaybeConnection {
  readonly entry: ConnEntry;
  readonly why: string;
}

/** The rule's connections: certain, uncertain, and how many of the family's others it does not match. */
export interface RuleConnections {
  readonly through: readonly ConnEntry[];
  readonly maybe: readonly MaybeConnection[];
  /** Entries of the rule's family its matches do not hold for. */
  readonly others: number;
}

/** What else the matches may need: the namespace's sets and addresses. */
export interface ConnMatchContext {
  readonly sets?: RulesetSets;
  readonly locals?: readonly InterfaceAddress[];
}

/** INPUT, OUTPUT and FORWARD say which way the packet goes; elsewhere it is not known (both interfaces unknown). */
function directionOf(chain: string): Direction {
  return chain === 'INPUT' ? 'input' : chain === 'OUTPUT' ? 'output' : 'forward';
}

/** The packet of one direction of the connection, in conntrack's state `state`. */
export function connectionPacket(entry: ConnEntry, tuple: ConnTuple, chain: string, state: ConnState): Packet {
  const direction = directionOf(chain);
  return {
    family: entry.family,
    direction,
    state,
    protocol: entry.protocolNumber,
    source: tuple.source,
    destination: tuple.destination,
    sourcePort: tuple.sourcePort,
    destinationPort: tuple.destinationPort,
    // conntrack does not keep interfaces: only "none" for packets made here or delivered here is known.
    inInterface: direction === 'output' ? '' : null,
    outInterface: direction === 'input' ? '' : null,
    icmpType: tuple.icmp?.type ?? null,
    icmpCode: tuple.icmp?.code ?? null,
    tcpFlags: null,
    // Whichever side of a translation is asked, conntrack's original destination is the first packet's.
    originalDestination: entry.original.destination,
    originalDestinationPort: entry.original.destinationPort,
  };
}

/** Any of: true wins over "cannot tell", which wins over false. */
function anyOf(results: readonly Tri[]): Tri {
  if (results.includes(true)) return true;
  return results.find((r): r is string => typeof r === 'string') ?? false;
}

/**
 * The original direction after a destination NAT (DNAT, REDIRECT, Docker's port publishing): the original source
 * (an SNAT comes later, in POSTROUTING) to the destination the replies come from. Null when the destination is
 * not translated.
 */
export function translatedTuple(entry: ConnEntry): ConnTuple | null {
  const { original: o, reply: r } = entry;
  if (!r || (r.source === o.destination && r.sourcePort === o.destinationPort)) return null;
  return { ...o, destination: r.source, destinationPort: r.sourcePort };
}

/**
 * Which side of a destination NAT a chain sees: PREROUTING (and raw, mangle and nat OUTPUT) before it; filter,
 * security, and INPUT, FORWARD, POSTROUTING after it; a chain of its own in mangle or nat can be either.
 */
export function sideOf(table: string, chain: string): ConnSide {
  if (chain === 'PREROUTING') return 'original';
  if (chain === 'OUTPUT') return table === 'filter' || table === 'security' ? 'translated' : 'original';
  if (['INPUT', 'FORWARD', 'POSTROUTING'].includes(chain)) return 'translated';
  if (table === 'filter' || table === 'security') return 'translated';
  if (table === 'raw') return 'original';
  return 'unknown';
}

/**
 * Whether the rule's matches hold for the connection's packets in its original direction: its first
 * packet (NEW) or its packets now (ESTABLISHED once a reply was seen), as the rule's chain sees them (before or
 * after a destination NAT). True, false, or why fwtui cannot tell.
 */
export function ruleHoldsFor(view: RuleView, place: RulePlace, entry: ConnEntry, ctx: ConnMatchContext = {}): Tri {
  const states: ConnState[] = entry.unreplied ? ['NEW'] : ['NEW', 'ESTABLISHED'];
  const ask = (tuple: ConnTuple): Tri =>
    anyOf(
      states.map((state) =>
        ruleMatches(view, { packet: connectionPacket(entry, tuple, place.chain, state), mark: null, ...ctx }),
      ),
    );
  const translated = translatedTuple(entry);
  const side = place.side ?? sideOf(place.table, place.chain);
  if (!translated || side === 'original') return ask(entry.original);
  if (side === 'translated') return ask(translated);
  const before = ask(entry.original);
  const after = ask(translated);
  if (side === 'either') return anyOf([before, after]);
  if (before === after) return before;
  if (typeof before === 'string') return before;
  if (typeof after === 'string') return after;
  return 'the connection is address-translated (NAT) and this chain may see either side of it';
}

/** The entries of the rule's family its matches hold for, and those it may hold for (with why). */
export function connectionsThrough(
  view: RuleView,
  place: RulePlace,
  entries: readonly ConnEntry[],
  ctx: ConnMatchContext = {},
): RuleConnections {
  const through: ConnEntry[] = [];
  const maybe: MaybeConnection[] = [];
  let others = 0;
  for (const entry of entries) {
    if (entry.family !== place.family) continue;
    const answer = ruleHoldsFor(view, place, entry, ctx);
    if (answer === true) through.push(entry);
    else if (answer === false) others++;
    else maybe.push({ entry, why: answer });
  }
  return { through, maybe, others };
}
