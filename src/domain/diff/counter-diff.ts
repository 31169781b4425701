/**
 * Comparing two reads of a table: which rules' counters moved, at what rate,
 * and whether another program changed the rules themselves.
 */
import type { Chain, Rule, Table } from '../model/ruleset.js';

const keysCache = new WeakMap<Chain, readonly string[]>();

/**
 * A rule's identity across reads: chain, text, and which copy of that text (rules can repeat).
 * Cached per chain object: the view asks on every keypress, and chains are never mutated.
 */
export function ruleKeys(chain: Chain): readonly string[] {
  let keys = keysCache.get(chain);
  if (!keys) {
    keys = computeKeys(chain);
    keysCache.set(chain, keys);
  }
  return keys;
}

const mapCache = new WeakMap<Chain, ReadonlyMap<Rule, string>>();

/**
 * Each rule object of a chain -> its key. A staged chain shares most rule
 * objects with the live one, so its rows find their rates by identity
 * without keying 100k staged rules again.
 */
export function ruleKeyMap(chain: Chain): ReadonlyMap<Rule, string> {
  let map = mapCache.get(chain);
  if (!map) {
    const keys = ruleKeys(chain);
    map = new Map(chain.rules.map((r, i) => [r, keys[i]!]));
    mapCache.set(chain, map);
  }
  return map;
}

function computeKeys(chain: Chain): string[] {
  const seen = new Map<string, number>();
  return chain.rules.map((r) => {
    const n = seen.get(r.spec) ?? 0;
    seen.set(r.spec, n + 1);
    return `${chain.name}\u0000${r.spec}\u0000${n}`;
  });
}

export interface CounterDiff {
  /** Keys of rules (and `chain\0` for policies) whose packet counter went up. */
  readonly moved: ReadonlySet<string>;
  /** Packets per second for each rule key, from the two reads. */
  readonly rates: ReadonlyMap<string, number>;
  /** Bytes per second for each rule key whose packet counter moved. */
  readonly byteRates: ReadonlyMap<string, number>;
  /** Rules present now but not before, and before but not now. */
  readonly added: number;
  readonly removed: number;
  /** The chains those rules were added to or removed from, in the order met. */
  readonly chains: readonly string[];
  /** Every rule's and policy's packet counter in the read after, by key. */
  readonly counts: ReadonlyMap<string, bigint>;
}

const policyKey = (chain: Chain): string => `${chain.name}\u0000`;

const countersCache = new WeakMap<Table, ReadonlyMap<string, { packets: bigint; bytes: bigint }>>();

/**
 * Every counter of a table by key: policies (`chain\0`) and rules. Cached per table object (tables are never
 * mutated): each refresh compares the new read with the one before, whose counters the last refresh keyed already.
 */
function countersByKey(table: Table): ReadonlyMap<string, { packets: bigint; bytes: bigint }> {
  let counters = countersCache.get(table);
  if (!counters) {
    counters = computeCounters(table);
    countersCache.set(table, counters);
  }
  return counters;
}

function computeCounters(table: Table): Map<string, { packets: bigint; bytes: bigint }> {
  const out = new Map<string, { packets: bigint; bytes: bigint }>();
  const none = { packets: 0n, bytes: 0n };
  for (const chain of table.chains) {
    out.set(policyKey(chain), chain.counters);
    ruleKeys(chain).forEach((k, i) => {
      out.set(k, chain.rules[i]!.counters ?? none);
    });
  }
  return out;
}

const isRuleKey = (key: string): boolean => !key.endsWith('\u0000');

export function diffCounters(before: Table | undefined, after: Table, seconds: number): CounterDiff {
  const old: ReadonlyMap<string, { packets: bigint; bytes: bigint }> = before ? countersByKey(before) : new Map();
  const now = countersByKey(after);
  const moved = new Set<string>();
  const rates = new Map<string, number>();
  const byteRates = new Map<string, number>();
  const counts = new Map<string, bigint>();
  for (const [key, { packets, bytes }] of now) {
    counts.set(key, packets);
    const prev = old.get(key);
    // Counters drop when zeroed: that is no movement and no negative rate.
    if (prev === undefined || packets <= prev.packets) continue;
    moved.add(key);
    if (seconds > 0) rates.set(key, Number(packets - prev.packets) / seconds);
    if (seconds > 0 && bytes >= prev.bytes) byteRates.set(key, Number(bytes - prev.bytes) / seconds);
  }
  if (!before) return { moved, rates, byteRates, added: 0, removed: 0, chains: [], counts };
  const added = [...now.keys()].filter((k) => isRuleKey(k) && !old.has(k));
  const removed = [...old.keys()].filter((k) => isRuleKey(k) && !now.has(k));
  const chains = [...new Set([...added, ...removed].map((k) => k.slice(0, k.indexOf('\u0000'))))];
  return { moved, rates, byteRates, added: added.length, removed: removed.length, chains, counts };
}
