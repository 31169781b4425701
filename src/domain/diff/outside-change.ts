/**
 * What another program changed in a table between two reads, in words for the view's notice: the chains touched
 * (comma separated), chains created or deleted, and, when one rule came or went, which (its number and the start of
 * its text, cut only between words and marked with an ellipsis). Pure.
 */
import type { Table } from '../model/ruleset.js';
import { ruleKeys } from './counter-diff.js';

/** One rule added or removed: its chain, its number (now for an added rule, before for a removed one), its text. */
export interface ChangedRule {
  readonly chain: string;
  readonly number: number;
  readonly spec: string;
}

/** The rule and chain changes between two reads of one table. */
export interface OutsideChange {
  readonly added: readonly ChangedRule[];
  readonly removed: readonly ChangedRule[];
  readonly createdChains: readonly string[];
  readonly deletedChains: readonly string[];
}

/** The rules of `from` that `other` lacks (by chain, text and copy), numbered in `from`. */
function missing(from: Table, other: Table): ChangedRule[] {
  const keys = new Set(other.chains.flatMap((c) => ruleKeys(c)));
  return from.chains.flatMap((c) =>
    ruleKeys(c).flatMap((k, i) => (keys.has(k) ? [] : [{ chain: c.name, number: i + 1, spec: c.rules[i]!.spec }])),
  );
}

/** What changed from `before` to `after`. */
export function outsideChange(before: Table, after: Table): OutsideChange {
  const had = new Set(before.chains.map((c) => c.name));
  const has = new Set(after.chains.map((c) => c.name));
  return {
    added: missing(after, before),
    removed: missing(before, after),
    createdChains: [...has].filter((c) => !had.has(c)),
    deletedChains: [...had].filter((c) => !has.has(c)),
  };
}

/** Whether anything changed. */
export const isOutsideChange = (c: OutsideChange): boolean =>
  c.added.length + c.removed.length + c.createdChains.length + c.deletedChains.length > 0;

/**
 * The start of a rule's text: whole words up to `max` characters, then ` …` when cut. A word is never split, nor a
 * quoted value (`--comment "a b"`) cut inside its quotes.
 */
export function ruleStart(spec: string, max = 60): string {
  if (spec.length <= max) return spec;
  let quoted = false;
  let cut = -1;
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i];
    if (ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ' ' && !quoted) {
      if (i > max && cut > 0) break;
      cut = i;
      if (i > max) break;
    }
  }
  return cut > 0 && cut < spec.length ? `${spec.slice(0, cut)} …` : spec;
}

/** `INPUT, TRY20`: the chains touched, in the order met. */
export function changedChains(c: OutsideChange): string[] {
  const all = [
    ...c.createdChains,
    ...c.deletedChains,
    ...c.added.map((r) => r.chain),
    ...c.removed.map((r) => r.chain),
  ];
  return [...new Set(all)];
}

/**
 * The words of the change: `rule INPUT #3 added: -p tcp …` for one rule, else counts; created and deleted chains
 * named (`chain TRY20 created`).
 */
export function outsideChangeWords(c: OutsideChange): string {
  const parts: string[] = [];
  if (c.createdChains.length > 0) parts.push(`chain ${c.createdChains.join(', ')} created`);
  if (c.deletedChains.length > 0) parts.push(`chain ${c.deletedChains.join(', ')} deleted`);
  const one = c.added.length + c.removed.length === 1 ? (c.added[0] ?? c.removed[0]!) : null;
  if (one) {
    const how = c.added.length === 1 ? 'added' : 'removed';
    parts.push(`rule ${one.chain} #${one.number} ${how}: ${ruleStart(one.spec)}`);
  } else if (c.added.length + c.removed.length > 0) {
    parts.push(`${c.added.length} rule(s) added, ${c.removed.length} removed`);
  }
  return parts.join('; ');
}
