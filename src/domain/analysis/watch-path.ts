/**
 * Where a watched packet's trace ends, against the iptables base chains the kernel really has. iptables-nft makes a
 * built-in chain only when something uses it (iptables-save lists `:OUTPUT ACCEPT` all the same), and the trace
 * shows only chains that exist: a reply that ends at `raw OUTPUT policy ACCEPT` with no later base chain on its
 * path was accepted; one with a later chain that shows no step (nat sees only a connection's first packet) is not
 * known. Pure.
 */
import type { Family } from '../model/ruleset.js';
import type { TraceStep } from '../text/trace-events.js';
import { nftItems } from '../text/nft-json.js';

/** The iptables base chains on each hook, in the order a packet passes them (by priority). */
const HOOKS: Readonly<Record<string, readonly string[]>> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'nat', 'filter', 'security'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat'],
};

/** The hooks after each hook, per way a packet can go on (PREROUTING: to this machine or through it). */
const NEXT: Readonly<Record<string, readonly (readonly string[])[]>> = {
  PREROUTING: [['INPUT'], ['FORWARD', 'POSTROUTING']],
  INPUT: [[]],
  FORWARD: [['POSTROUTING']],
  OUTPUT: [['POSTROUTING']],
  POSTROUTING: [[]],
};

/** How a trace that ends with a policy ACCEPT ends: accepted, or which later chains showed no step. */
export type PathEnd =
  | { readonly kind: 'accepted'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** `raw OUTPUT`, the words for a base chain. */
const name = (table: string, chain: string): string => `${table} ${chain}`;

/**
 * The base chains after `last` (a policy step) on the packet's path that exist in the kernel (`present`: `table
 * CHAIN` words), or null when `last` is not a policy ACCEPT of a built-in chain.
 */
export function pathEnd(last: TraceStep, present: ReadonlySet<string>): PathEnd | null {
  if (last.kind !== 'policy' || last.verdict !== 'ACCEPT' || !HOOKS[last.chain]) return null;
  const here = HOOKS[last.chain]!;
  const sameHook = here.slice(here.indexOf(last.table) + 1).map((t) => name(t, last.chain));
  const later = new Set(sameHook);
  for (const way of NEXT[last.chain]!) for (const hook of way) for (const t of HOOKS[hook]!) later.add(name(t, hook));
  const existing = [...later].filter((c) => present.has(c));
  const at = name(last.table, last.chain);
  if (existing.length === 0) return { kind: 'accepted', why: `the last chain on its path, ${at}, has policy ACCEPT` };
  const list = existing.length === 1 ? existing[0]! : `${existing.slice(0, -1).join(', ')} or ${existing.at(-1)}`;
  const [come, show] = existing.length === 1 ? ['comes', 'shows'] : ['come', 'show'];
  return {
    kind: 'unknown',
    why: `it ends at ${at} policy ACCEPT; ${list} ${come} later on its path but ${show} no step`,
  };
}

/** The iptables base chains of `family` in `nft -j list chains` output (`table CHAIN`), or null when unreadable. */
export function iptablesBaseChains(json: string, family: Family): Set<string> | null {
  const items = nftItems(json);
  if (!items) return null;
  const fam = family === 'ipv4' ? 'ip' : 'ip6';
  const chains = new Set<string>();
  for (const item of items) {
    const c = (item as { chain?: { family?: string; table?: string; name?: string; hook?: string } } | null)?.chain;
    if (c?.family === fam && c.hook !== undefined && c.table && c.name) chains.add(name(c.table, c.name));
  }
  return chains;
}
