/**
 * Comparing two reads of a table: which rules' counters moved, at what rate,
 * and whether another program changed the rules themselves.
 */
import type { Chain, Counters, Rule, Table } from '../model/ruleset.js';
import { TableCounts } from './table-counts.js';

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

/** A chain read again with the same rules in the same order: the chain before, and the rules whose line changed. */
interface SameRules {
  readonly base: WeakRef<Chain>;
  readonly changed: readonly number[];
}
const sameRulesOf = new WeakMap<Chain, SameRules>();
const indexCache = new WeakMap<Chain, ReadonlyMap<string, number>>();

/**
 * Notes that `after` holds `before`'s rules (same texts, same order), counters changed only at `changed`: its keys
 * are `before`'s (no keying of 100k rules again), and diffCounters looks only at those rules. `before` is held
 * weakly: a chain of reads does not keep every read before it alive.
 */
export function noteSameRules(before: Chain, after: Chain, changed: readonly number[]): void {
  const keys = keysCache.get(before);
  if (keys) keysCache.set(after, keys);
  const index = indexCache.get(before);
  if (index) indexCache.set(after, index);
  sameRulesOf.set(after, { base: new WeakRef(before), changed });
}

/** Each rule key of a chain -> its position (shared by reads with the same rules). */
function ruleIndex(chain: Chain): ReadonlyMap<string, number> {
  let index = indexCache.get(chain);
  if (!index) {
    index = new Map(ruleKeys(chain).map((k, i) => [k, i]));
    indexCache.set(chain, index);
  }
  return index;
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

/**
 * Which counters moved between two reads of a table, at what rate (per `seconds`), and how many rules came and
 * went. When `after` was built on `before` (read-delta.ts), only the rules whose line changed are looked at.
 */
export function diffCounters(before: Table | undefined, after: Table, seconds: number): CounterDiff {
  const quick = before ? quickDiff(before, after, seconds) : null;
  if (quick) return quick;
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

/** The diff from the rules noted as changed (noteSameRules), or null when `after` was not built on `before`. */
const ZERO: Counters = { packets: 0n, bytes: 0n };

function quickDiff(before: Table, after: Table, seconds: number): CounterDiff | null {
  if (before.chains.length !== after.chains.length) return null;
  const links: SameRules[] = [];
  for (let c = 0; c < after.chains.length; c++) {
    const link = sameRulesOf.get(after.chains[c]!);
    if (!link || link.base.deref() !== before.chains[c]) return null;
    links.push(link);
  }
  const moved = new Set<string>();
  const rates = new Map<string, number>();
  const byteRates = new Map<string, number>();
  const known = new Map<string, bigint>();
  const compare = (key: string, prev: Counters, now: Counters): void => {
    known.set(key, now.packets);
    if (now.packets <= prev.packets) return;
    moved.add(key);
    if (seconds > 0) rates.set(key, Number(now.packets - prev.packets) / seconds);
    if (seconds > 0 && now.bytes >= prev.bytes) byteRates.set(key, Number(now.bytes - prev.bytes) / seconds);
  };
  after.chains.forEach((chain, c) => {
    const old = before.chains[c]!;
    compare(policyKey(chain), old.counters, chain.counters);
    const keys = ruleKeys(chain);
    for (const i of links[c]!.changed) {
      compare(keys[i]!, old.rules[i]!.counters ?? ZERO, chain.rules[i]!.counters ?? ZERO);
    }
  });
  return {
    moved,
    rates,
    byteRates,
    added: 0,
    removed: 0,
    chains: [],
    counts: new TableCounts(after, known, ruleIndex, () => countersByKey(after)),
  };
}
