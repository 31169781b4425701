/**
 * The model of one family's firewall as iptables-save describes it.
 * Pure data: no I/O. Counters are bigint because the kernel keeps 64-bit
 * values and JavaScript numbers lose precision above 2^53.
 */

import type { InterfaceAddress } from '../analysis/local-addresses.js';
import type { IpSet } from '../sets/ip-set.js';
import type { RoutingFacts } from '../analysis/routing.js';

/** IPv4 (`iptables`) or IPv6 (`ip6tables`): two separate rulesets in the kernel. */
export type Family = 'ipv4' | 'ipv6';

/** The five netfilter tables iptables knows, in the order we present them. */
export const TABLE_NAMES = ['filter', 'nat', 'mangle', 'raw', 'security'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Built-in chains of each table, in the kernel's hook order. */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** Policies a built-in chain may have. */
export const POLICIES = ['ACCEPT', 'DROP'] as const;
export type Policy = (typeof POLICIES)[number];

/** Packet and byte counters, exact. */
export interface Counters {
  readonly packets: bigint;
  readonly bytes: bigint;
}

export const ZERO_COUNTERS: Counters = { packets: 0n, bytes: 0n };

/** One rule, kept as the exact text iptables printed plus its arguments. */
export interface Rule {
  /** The rule's text after `-A CHAIN `, byte for byte as read (canonical when read from iptables-save). */
  readonly spec: string;
  /** `spec` split into arguments the way iptables-restore splits it (quotes removed). */
  readonly args: readonly string[];
  /** `[packets:bytes]` when the source had them (iptables-save -c), else null. */
  readonly counters: Counters | null;
  /**
   * Set by staged edits only: the rule as read that this one stands for (the
   * rule an edit replaced, or the same rule with its jump renamed). It lets
   * the diff show a change on the rule that was changed, whatever else moved.
   */
  readonly origin?: Rule;
}

/** A chain: built-in (with a policy) or user-defined (policy null). */
export interface Chain {
  readonly name: string;
  /** ACCEPT/DROP for built-in chains, null for user-defined chains. */
  readonly policy: Policy | null;
  /** Policy counters for built-in chains (user chains print [0:0]). */
  readonly counters: Counters;
  readonly rules: readonly Rule[];
}

export interface Table {
  readonly name: TableName;
  readonly chains: readonly Chain[];
  /** Not loaded in the kernel (iptables-save printed nothing): shown as `iptables -L` shows it, never saved. */
  readonly unloaded?: true;
}

/** One family's ruleset: every table that was present, in the order read. */
export interface Ruleset {
  readonly family: Family;
  readonly tables: readonly Table[];
  /** Warnings iptables-save printed as comments (e.g. legacy tables present). */
  readonly warnings: readonly string[];
  /**
   * The IP sets of the rules' namespace, for deciding `-m set` matches;
   * absent when they were not read (a file without its sets).
   */
  readonly sets?: RulesetSets;
  /** The addresses of the namespace's interfaces, for `-m addrtype`; absent when not read (a file). */
  readonly localAddresses?: readonly InterfaceAddress[];
  /** Whether the namespace forwards and its routes, for where a DNAT sends a packet; absent when not read. */
  readonly routing?: RoutingFacts;
}

/** The sets around a ruleset: by name (null: they could not be read, with why) and how far ahead expiry counts. */
export interface RulesetSets {
  readonly byName: ReadonlyMap<string, IpSet> | null;
  /** Why byName is null ("ipset is not installed: …"). */
  readonly unreadable?: string;
  /** Seconds ahead a member's expiry makes a deciding answer uncertain (the confirm window). @default 0 */
  readonly horizonSec?: number;
  /** When the read began (ms since epoch): members' timeouts count down from then. */
  readonly readAt?: number;
}

export function isTableName(name: string): name is TableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}

export function isBuiltinChain(table: TableName, chain: string): boolean {
  return BUILTIN_CHAINS[table].includes(chain);
}

export function findTable(ruleset: Ruleset, name: TableName): Table | undefined {
  return ruleset.tables.find((t) => t.name === name);
}

export function findChain(table: Table, name: string): Chain | undefined {
  return table.chains.find((c) => c.name === name);
}

/** A table that is not loaded: its built-in chains, empty, policy ACCEPT (what loading it gives). */
export function emptyTable(name: TableName): Table {
  return {
    name,
    chains: BUILTIN_CHAINS[name].map((c): Chain => ({ name: c, policy: 'ACCEPT', counters: ZERO_COUNTERS, rules: [] })),
  };
}

/**
 * A family's tables as read, with the filter table `iptables -L` shows when
 * the read had none (nothing loaded it yet: a fresh namespace's IPv6): its
 * built-in chains, ACCEPT, as the kernel treats packets. Edits to it (a pasted
 * `ip6tables -A INPUT …`) then apply as iptables would, loading it.
 */
export function withFilterTable(ruleset: Ruleset): Ruleset {
  if (ruleset.tables.some((t) => t.name === 'filter')) return ruleset;
  return { ...ruleset, tables: [{ ...emptyTable('filter'), unloaded: true }, ...ruleset.tables] };
}

/**
 * The ruleset with its filter table marked as not loaded when it is exactly
 * what an unloaded one reads as (built-in chains, ACCEPT, no rules); the same
 * object when it is not.
 */
export function stillUnloaded(ruleset: Ruleset): Ruleset {
  const filter = ruleset.tables.find((t) => t.name === 'filter');
  const empty = emptyTable('filter');
  const same =
    filter !== undefined &&
    filter.chains.length === empty.chains.length &&
    filter.chains.every((c, i) => c.name === empty.chains[i]!.name && c.policy === 'ACCEPT' && c.rules.length === 0);
  if (!same || filter.unloaded) return ruleset;
  return { ...ruleset, tables: ruleset.tables.map((t) => (t === filter ? { ...t, unloaded: true as const } : t)) };
}

/** `base` with the tables of `over` in place of its own (iptables-restore without --noflush). */
export function withTables(base: Ruleset, over: Ruleset): Ruleset {
  const replaced = base.tables.map((t) => over.tables.find((o) => o.name === t.name) ?? t);
  const added = over.tables.filter((o) => !base.tables.some((t) => t.name === o.name));
  return { ...base, tables: [...replaced, ...added] };
}

/** Whether a ruleset filters nothing: no rule, no chain of its own, every policy ACCEPT (as nothing loaded reads). */
export function holdsNoRules(ruleset: Ruleset): boolean {
  return ruleset.tables.every((t) => t.chains.every((c) => c.rules.length === 0 && c.policy === 'ACCEPT'));
}
