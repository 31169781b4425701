/**
 * What a match is decided with (the packet, its mark, the sets) and its three answers, shared by
 * packet-match.ts and the match modules it calls (sets/set-match.ts) without a cycle. Pure.
 */
import type { Packet } from './packet.js';
import type { RulesetSets } from '../model/ruleset.js';
import type { InterfaceAddress } from './local-addresses.js';

/** true, false, or the reason we cannot tell (e.g. "limit: matches only under the rate"). */
export type Tri = true | false | string;

/** What is known while walking: the packet and its mark (null: unknown). */
export interface MatchContext {
  readonly packet: Packet;
  readonly mark: number | null;
  /** The namespace's IP sets, for `-m set`; absent when not read. */
  readonly sets?: RulesetSets;
  /** The namespace's own addresses, for `-m addrtype`; absent when not read. */
  readonly locals?: readonly InterfaceAddress[];
}
