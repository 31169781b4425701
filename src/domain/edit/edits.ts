/**
 * Staged edits: what an admin asked for, as data, and how each one changes a
 * table. Edits name the rule they act on by position *and* text, so they can
 * be replayed onto a fresh read of the firewall (re-base) and never act on
 * the wrong rule when another program moved things. Pure.
 */
import { splitArgs } from '../text/quoting.js';
import { retarget } from '../model/retarget.js';
import { targetName } from '../model/rule-view.js';
import { isBuiltinChain, type Chain, type Policy, type Rule, type Table } from '../model/ruleset.js';

export type Edit =
  /**
   * A new rule lands at index `at` (0-based) of `chain`, above the rule whose
   * text is `anchor` (null: at the end). On a re-base the anchor decides.
   */
  | {
      readonly kind: 'insert';
      readonly chain: string;
      readonly at: number;
      readonly spec: string;
      readonly anchor?: string | null;
    }
  | { readonly kind: 'delete'; readonly chain: string; readonly at: number; readonly spec: string }
  | {
      readonly kind: 'replace';
      readonly chain: string;
      readonly at: number;
      readonly spec: string;
      readonly with: string;
    }
  | { readonly kind: 'move'; readonly chain: string; readonly from: number; readonly to: number; readonly spec: string }
  | { readonly kind: 'policy'; readonly chain: string; readonly policy: Policy }
  | { readonly kind: 'newChain'; readonly chain: string }
  | { readonly kind: 'renameChain'; readonly chain: string; readonly to: string }
  | { readonly kind: 'deleteChain'; readonly chain: string }
  | { readonly kind: 'flushChain'; readonly chain: string };

/** Why an edit cannot be made, in words for the admin. */
export class EditError extends Error {}

/** A rule typed by the admin: no counters yet. */
export function newRule(spec: string): Rule {
  return { spec, args: splitArgs(spec), counters: null };
}

/** A chain name iptables accepts: up to 28 characters, not an option or a built-in target. */
export function chainNameProblem(name: string): string | null {
  if (name === '') return 'a chain needs a name';
  if ([...name].length > 28) return 'chain names are at most 28 characters';
  if (name.startsWith('-') || name.startsWith('!')) return 'a chain name cannot start with "-" or "!"';
  if (/[\s"'\\]/.test(name)) return 'a chain name cannot contain spaces, quotes or backslashes';
  if (RESERVED_TARGETS.has(name)) return `${name} is a built-in target, not a chain name`;
  return null;
}

const RESERVED_TARGETS = new Set([
  'ACCEPT',
  'DROP',
  'RETURN',
  'QUEUE',
  'NFQUEUE',
  'REJECT',
  'LOG',
  'MASQUERADE',
  'SNAT',
  'DNAT',
  'REDIRECT',
  'MARK',
  'CONNMARK',
]);

/** Where the rule an edit names is now: its own place if unchanged, else the nearest rule with that text. */
export function locateRule(rules: readonly Rule[], at: number, spec: string): number {
  if (rules[at]?.spec === spec) return at;
  for (let d = 1; d < rules.length; d++) {
    if (rules[at - d]?.spec === spec) return at - d;
    if (rules[at + d]?.spec === spec) return at + d;
  }
  return -1;
}

/** Why a chain cannot be deleted because rules jump to it (naming them), or null. */
export function chainInUse(table: Table, chain: string): string | null {
  const refs: string[] = [];
  for (const c of table.chains) {
    c.rules.forEach((r, i) => {
      if (targetName(r.args) === chain) refs.push(`${c.name} rule ${i + 1}`);
    });
  }
  if (refs.length === 0) return null;
  return (
    `${chain} is still used by ` +
    `${refs.slice(0, 5).join(', ')}${refs.length > 5 ? ` and ${refs.length - 5} more` : ''}: ` +
    `delete those rules first`
  );
}

function chainOf(table: Table, name: string): Chain {
  const chain = table.chains.find((c) => c.name === name);
  if (!chain) throw new EditError(`${table.name} has no chain ${name}`);
  return chain;
}

function withChain(table: Table, name: string, change: (c: Chain) => Chain): Table {
  const chain = chainOf(table, name);
  return { ...table, chains: table.chains.map((c) => (c === chain ? change(c) : c)) };
}

function ruleAt(table: Table, chain: string, at: number, spec: string): number {
  const i = locateRule(chainOf(table, chain).rules, at, spec);
  if (i < 0) throw new EditError(`${chain} rule ${at + 1} is no longer there: ${spec}`);
  return i;
}

const spliced = (rules: readonly Rule[], at: number, remove: number, ...add: Rule[]): Rule[] => {
  const copy = rules.slice();
  copy.splice(at, remove, ...add);
  return copy;
};

/** User chains sorted by name after the built-in ones: the order iptables-save prints. */
function sortedChains(table: Table, chains: readonly Chain[]): Chain[] {
  const builtin = chains.filter((c) => isBuiltinChain(table.name, c.name) || c.policy !== null);
  const user = chains
    .filter((c) => !builtin.includes(c))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...builtin, ...user];
}

/**
 * The table after one edit.
 * @throws EditError when the edit makes no sense here (the message says why).
 */
export function applyEdit(table: Table, edit: Edit): Table {
  switch (edit.kind) {
    case 'insert': {
      const rules = chainOf(table, edit.chain).rules;
      let at = edit.at;
      // Re-based onto rules another program changed: stay above the same neighbour.
      if (edit.anchor === null) at = rules.length;
      else if (edit.anchor !== undefined && rules[at]?.spec !== edit.anchor)
        at = Math.max(0, locateRule(rules, Math.min(at, rules.length - 1), edit.anchor));
      if (at < 0 || at > rules.length)
        throw new EditError(`${edit.chain} has ${rules.length} rules: cannot insert at ${at + 1}`);
      return withChain(table, edit.chain, (c) => ({ ...c, rules: spliced(c.rules, at, 0, newRule(edit.spec)) }));
    }
    case 'delete': {
      const i = ruleAt(table, edit.chain, edit.at, edit.spec);
      return withChain(table, edit.chain, (c) => ({ ...c, rules: spliced(c.rules, i, 1) }));
    }
    case 'replace': {
      const i = ruleAt(table, edit.chain, edit.at, edit.spec);
      const old = chainOf(table, edit.chain).rules[i]!;
      const rule: Rule = { ...newRule(edit.with), origin: old.origin ?? old };
      return withChain(table, edit.chain, (c) => ({ ...c, rules: spliced(c.rules, i, 1, rule) }));
    }
    case 'move': {
      const rules = chainOf(table, edit.chain).rules;
      const from = ruleAt(table, edit.chain, edit.from, edit.spec);
      if (edit.to < 0 || edit.to >= rules.length)
        throw new EditError(`${edit.chain} has ${rules.length} rules: there is no position ${edit.to + 1}`);
      // When the rule itself was found elsewhere (re-base), move it by the same distance.
      const to = Math.max(0, Math.min(rules.length - 1, edit.to + (from - edit.from)));
      const rule = rules[from]!;
      return withChain(table, edit.chain, (c) => ({ ...c, rules: spliced(spliced(c.rules, from, 1), to, 0, rule) }));
    }
    case 'policy': {
      const chain = chainOf(table, edit.chain);
      if (chain.policy === null)
        throw new EditError(
          `${edit.chain} is a user chain: it has no policy; packets ` +
            `that reach its end return to the chain that jumped here`,
        );
      return withChain(table, edit.chain, (c) => ({ ...c, policy: edit.policy }));
    }
    case 'newChain': {
      const problem = chainNameProblem(edit.chain);
      if (problem) throw new EditError(problem);
      if (table.chains.some((c) => c.name === edit.chain))
        throw new EditError(`${table.name} already has a chain ${edit.chain}`);
      return {
        ...table,
        chains: sortedChains(table, [
          ...table.chains,
          { name: edit.chain, policy: null, counters: { packets: 0n, bytes: 0n }, rules: [] },
        ]),
      };
    }
    case 'renameChain': {
      const chain = chainOf(table, edit.chain);
      if (chain.policy !== null) throw new EditError(`${edit.chain} is a built-in chain: it cannot be renamed`);
      const problem = chainNameProblem(edit.to);
      if (problem) throw new EditError(problem);
      if (table.chains.some((c) => c.name === edit.to))
        throw new EditError(`${table.name} already has a chain ${edit.to}`);
      const chains = table.chains.map((c) => {
        const rules = c.rules.map((r) => retarget(r, edit.chain, edit.to));
        const changed = rules.some((r, i) => r !== c.rules[i]);
        const renamed = c === chain ? { ...c, name: edit.to } : c;
        return changed ? { ...renamed, rules } : renamed;
      });
      return { ...table, chains: sortedChains(table, chains) };
    }
    case 'deleteChain': {
      const chain = chainOf(table, edit.chain);
      if (chain.policy !== null)
        throw new EditError(`${edit.chain} is a built-in chain: it cannot be deleted (flush it instead)`);
      const inUse = chainInUse(table, edit.chain);
      if (inUse) throw new EditError(inUse);
      return { ...table, chains: table.chains.filter((c) => c !== chain) };
    }
    case 'flushChain':
      return withChain(table, edit.chain, (c) => ({ ...c, rules: [] }));
  }
}

/** What one edit does, in words: "insert rule 3 in INPUT". */
export function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'insert':
      return `insert rule ${edit.at + 1} in ${edit.chain}`;
    case 'delete':
      return `delete rule ${edit.at + 1} of ${edit.chain}`;
    case 'replace':
      return `change rule ${edit.at + 1} of ${edit.chain}`;
    case 'move':
      return `move rule ${edit.from + 1} of ${edit.chain} to ${edit.to + 1}`;
    case 'policy':
      return `policy of ${edit.chain} → ${edit.policy}`;
    case 'newChain':
      return `new chain ${edit.chain}`;
    case 'renameChain':
      return `rename ${edit.chain} → ${edit.to}`;
    case 'deleteChain':
      return `delete chain ${edit.chain}`;
    case 'flushChain':
      return `flush ${edit.chain}`;
  }
}
