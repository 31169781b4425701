/**
 * A read of iptables-save described by what changed since the read before it: what a parsing worker hands the
 * thread that handles keys. Only rules whose line changed travel (a counter moved); a chain whose rules changed
 * otherwise travels whole. Plain data (strings, numbers, arrays): a structured clone of it is cheap and small.
 */
import { SavedRule, countersTextOf } from '../model/saved-rule.js';
import type { Chain, Counters, Family, Policy, Rule, Ruleset, Table, TableName } from '../model/ruleset.js';
import { noteSameRules } from './counter-diff.js';

/** One rule as text: the line iptables-save printed, or (read the general way) its spec and `[p:b]`. */
export type RuleText = { readonly line: string } | { readonly spec: string; readonly counters: string | null };

/** One chain: its rules all, or (same rules as before, in order) only those whose line changed, by index. */
export interface ChainDelta {
  readonly name: string;
  readonly policy: Policy | null;
  /** Policy counters as decimal text (bigint does not survive every copy cheaply). */
  readonly packets: string;
  readonly bytes: string;
  readonly rules:
    | { readonly all: readonly RuleText[] }
    | { readonly changed: readonly (readonly [index: number, rule: RuleText])[] };
}

/** One table of the read. */
export interface TableDelta {
  readonly name: TableName;
  readonly unloaded?: true;
  readonly chains: readonly ChainDelta[];
}

/** A whole read against the read before it (null base: against nothing, every rule travels). */
export interface RulesetDelta {
  readonly family: Family;
  readonly warnings: readonly string[];
  readonly tables: readonly TableDelta[];
}

function textOf(rule: Rule, chain: string): RuleText {
  const line = rule instanceof SavedRule ? rule.lineIn(chain) : null;
  return line !== null ? { line } : { spec: rule.spec, counters: countersTextOf(rule) };
}

function sameText(a: Rule, b: Rule, chain: string): 'same' | 'counters' | 'other' {
  const la = a instanceof SavedRule ? a.lineIn(chain) : null;
  const lb = b instanceof SavedRule ? b.lineIn(chain) : null;
  if (la !== null && la === lb) return 'same';
  if (a.spec !== b.spec) return 'other';
  return countersTextOf(a) === countersTextOf(b) && la === lb ? 'same' : 'counters';
}

function chainDelta(chain: Chain, before: Chain | undefined): ChainDelta {
  const head = {
    name: chain.name,
    policy: chain.policy,
    packets: String(chain.counters.packets),
    bytes: String(chain.counters.bytes),
  };
  const all = () => ({ ...head, rules: { all: chain.rules.map((r) => textOf(r, chain.name)) } });
  if (!before || before.rules.length !== chain.rules.length) return all();
  const changed: [number, RuleText][] = [];
  for (let i = 0; i < chain.rules.length; i++) {
    const kind = sameText(before.rules[i]!, chain.rules[i]!, chain.name);
    if (kind === 'other') return all();
    if (kind === 'counters') changed.push([i, textOf(chain.rules[i]!, chain.name)]);
  }
  return { ...head, rules: { changed } };
}

/** What `next` changed against `before` (the read of the same tables before it, or null). */
export function deltaOf(before: Ruleset | null, next: Ruleset): RulesetDelta {
  const tables = next.tables.map((t): TableDelta => {
    const old = before?.tables.find((b) => b.name === t.name);
    const chains = t.chains.map((c) =>
      chainDelta(
        c,
        old?.chains.find((o) => o.name === c.name),
      ),
    );
    return { name: t.name, ...(t.unloaded ? { unloaded: true as const } : {}), chains };
  });
  return { family: next.family, warnings: next.warnings, tables };
}

function ruleOf(text: RuleText, chain: string): Rule {
  if ('line' in text) {
    const line = text.line;
    return SavedRule.fromLine(line, chain, line.charCodeAt(0) === 0x5b ? line.indexOf(']') + 1 : 0);
  }
  return new SavedRule(text.spec, text.counters);
}

function chainOf(d: ChainDelta, before: Chain | undefined): Chain {
  const counters: Counters = { packets: BigInt(d.packets), bytes: BigInt(d.bytes) };
  const base = { name: d.name, policy: d.policy, counters };
  if ('all' in d.rules) return { ...base, rules: d.rules.all.map((r) => ruleOf(r, d.name)) };
  if (!before) throw new Error(`read delta: chain ${d.name} changed against no chain before`);
  const rules = before.rules.slice();
  for (const [i, text] of d.rules.changed) rules[i] = ruleOf(text, d.name);
  const chain = { ...base, rules };
  noteSameRules(
    before,
    chain,
    d.rules.changed.map(([i]) => i),
  );
  return chain;
}

/**
 * The read `delta` describes, built on `before` (the ruleset the delta was taken against): unchanged rules are
 * `before`'s own objects, so what keys them (counter-diff.ts) is reused, not computed again.
 * @throws Error when the delta names a chain `before` lacks (a delta taken against another read).
 */
export function applyDelta(before: Ruleset | null, delta: RulesetDelta): Ruleset {
  const tables = delta.tables.map((t): Table => {
    const old = before?.tables.find((b) => b.name === t.name);
    const chains = t.chains.map((c) =>
      chainOf(
        c,
        old?.chains.find((o) => o.name === c.name),
      ),
    );
    return { name: t.name, chains, ...(t.unloaded ? { unloaded: true as const } : {}) };
  });
  return { family: delta.family, tables, warnings: delta.warnings };
}
