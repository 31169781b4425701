/**
 * What the internet can reach on this host: one entry per listening socket or
 * DNAT'd port and interface, with the verdict for a NEW packet from an address
 * outside every network the rules or the interfaces name. The shape is the
 * one `fwtui exposure --json` prints (README, "Exposure"). Pure types.
 */
import type { Family } from '../model/ruleset.js';

/** The answer for one port on one interface, as an admin asks it. */
export type ExposureVerdict = 'open' | 'open-from' | 'filtered' | 'no-listener' | 'local-only' | 'uncertain';

/** What decided: a rule where it stands, or a built-in chain's policy. */
export type ExposureDecider =
  | { readonly table: string; readonly chain: string; readonly num: number; readonly rule: string }
  | { readonly policy: string }
  /** After a DNAT, routing sends the packet nowhere (forwarding off, no route): why. */
  | { readonly routing: string };

export interface ExposureEntry {
  readonly proto: 'tcp' | 'udp';
  /** The port the internet connects to (before any DNAT). */
  readonly port: number;
  /** For a DNAT of a range of ports: the last one (`port` is the first, the one traced). */
  readonly last_port?: number;
  /** The address the socket is bound to (`0.0.0.0`, `::`, one address), or the DNAT rule's `-d` / null. */
  readonly bind: string | null;
  readonly interface: string;
  /** `dnat`: rewritten by nat PREROUTING (DNAT/REDIRECT); `local`: a socket of this host, untranslated. */
  readonly via: 'dnat' | 'local';
  /** Where DNAT sends it (`172.17.0.2:80`), null for `local`. */
  readonly to: string | null;
  /** The process listening (for DNAT: the one behind `to` when it is on this host, e.g. docker-proxy). */
  readonly process: string | null;
  readonly verdict: ExposureVerdict;
  /** Source networks or sets that are accepted (`["0.0.0.0/0"]` for open); empty when none. */
  readonly from: readonly string[];
  readonly decided_by: ExposureDecider | null;
  /** Why uncertain (the match that decides), or what else the admin must know; null when nothing. */
  readonly reason: string | null;
  /** With `--expect` only: whether a line of the file covers this entry (whatever its verdict). */
  readonly expected?: boolean;
}

/** An nftables table fwtui's iptables does not show but whose base chains see the same packets. */
export interface OtherTable {
  readonly family: string;
  readonly name: string;
  /** `input`, `forward`, `prerouting`… with priority, e.g. `input (priority 0)`. */
  readonly hooks: readonly string[];
}

export interface ExposureReport {
  readonly family: Family;
  readonly interfaces: readonly string[];
  readonly entries: readonly ExposureEntry[];
  /** The internet address the packets were sent from (`fwtui trace -s` it to see a whole path); null: none. */
  readonly internet?: string | null;
  /** Tables outside iptables that can drop too: "open" then means "open as far as iptables decides". */
  readonly otherTables?: readonly OtherTable[];
  /** Plain-word warnings (both legacy and nft hold rules, facts that could not be read). */
  readonly warnings?: readonly string[];
}
