/**
 * A commit checked by the kernel's own ruleset events (nf_tables, `xtables-monitor -e`) instead of whole-table
 * reads: which kernel commits may have touched the chains a plan writes, and whether the commit's own write did
 * exactly what its script says (the rules deleted and added, in the kernel's canonical words). Pure.
 */
import type { Chain, Rule, Table } from '../model/ruleset.js';
import { splitArgs } from '../text/quoting.js';
import { describeWriters, mayConcern, type RulesetChange, type RulesetGeneration } from '../text/monitor-events.js';
import { looseKey, touchedChains, type TablePlan } from './commit-plan.js';

/** A rename names two chains but the event's place only the first: it may concern any chain. */
const RENAME = /^-[46] -t \S+ -E /;

function touches(change: RulesetChange, plan: TablePlan, chains: ReadonlySet<string>): boolean {
  if (!mayConcern(change, plan.family, plan.table)) return false;
  return change.chain === null || RENAME.test(change.text) || chains.has(change.chain);
}

/**
 * The generations that may have changed a chain `plan` writes (or expects not to exist); a generation whose
 * events were cut off (the monitor ended half-way) always may.
 */
export function touchingGenerations(plan: TablePlan, generations: readonly RulesetGeneration[]): RulesetGeneration[] {
  const chains = new Set([...touchedChains(plan), ...plan.diff.chains.map((c) => c.name)]);
  return generations.filter((g) => g.id === null || g.changes.some((c) => touches(c, plan, chains)));
}

const EVENT_RULE = /^-([46]) -t (\S+) -([AD]) (\S+)(?: (.*))?$/;

interface Expected {
  /** Per chain: the words of the rules the script deletes. */
  readonly deletes: Map<string, string[]>;
  /** Per chain: the staged indexes the script places a rule at, lowest first (the script's order). */
  readonly placed: Map<string, number[]>;
}

/**
 * What the plan's write deletes and places, when it only deletes and inserts rules in chains that exist (the
 * events then say all of it); null for anything else (chains made, removed or renamed, a policy, a flush, a rule
 * without words): then the table is read back.
 */
function expected(plan: TablePlan): Expected | null {
  const d = plan.diff;
  if (d.created.length > 0 || d.deleted.length > 0 || d.renamed.length > 0) return null;
  const deletes = new Map<string, string[]>();
  const placed = new Map<string, number[]>();
  for (const c of d.chains) {
    if (c.policy !== null || c.was !== c.name) return null;
    if (c.common.before.length === 0 && c.before.length > 0) return null;
    const removed = [...c.deleted, ...c.moved.map(([i]) => i), ...c.changed.map(([i]) => i)];
    const specs = removed.map((i) => c.before[i]!.spec);
    if (specs.includes('')) return null;
    deletes.set(c.name, specs);
    const at = [...c.added, ...c.moved.map(([, j]) => j), ...c.changed.map(([, j]) => j)].sort((a, b) => a - b);
    placed.set(c.name, at);
  }
  return { deletes, placed };
}

const sameMultiset = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

const ZERO = { packets: 0n, bytes: 0n };

/**
 * A rule as the kernel reported it. Its counters: a moved rule carries its own (but ip6tables-nft-restore 1.8.9
 * drops IPv6 rule counters), a new rule starts at zero, as a read would show.
 */
const kernelRule = (spec: string, staged: Rule, family: TablePlan['family']): Rule => ({
  spec,
  args: splitArgs(spec),
  counters: family === 'ipv6' ? ZERO : (staged.counters ?? ZERO),
});

/**
 * The same rule without what staging attached to it (the view shows rules as read); a rule as read is kept as it
 * is (a copy of each of 100k rules costs ~0.3 s).
 */
const asRead = (r: Rule): Rule => (r.origin ? { spec: r.spec, args: r.args, counters: r.counters } : r);

/**
 * The table the kernel holds after the plan's write, told by that write's own generation: every deleted rule's
 * words and every added rule (in the script's order) must be there and nothing else. The added rules take the
 * kernel's canonical words. Null when the events do not show exactly that (then read the table back).
 * Sound only when no other generation touched the plan's chains between its basis read and this one.
 */
export function tableFromOwnWrite(plan: TablePlan, own: RulesetGeneration): Table | null {
  const want = expected(plan);
  if (!want || own.complete !== true || !own.texts) return null;
  const deleted = new Map<string, string[]>();
  const added = new Map<string, string[]>();
  const v = plan.family === 'ipv6' ? '6' : '4';
  for (const text of own.texts) {
    const m = EVENT_RULE.exec(text);
    if (!m || m[1] !== v || m[2] !== plan.table) return null;
    const into = m[3] === 'D' ? deleted : added;
    into.set(m[4]!, [...(into.get(m[4]!) ?? []), m[5] ?? '']);
  }
  const chains = new Set([...deleted.keys(), ...added.keys()]);
  if ([...chains].some((c) => !want.placed.has(c))) return null;
  const fresh = new Map<string, Chain>();
  for (const c of plan.diff.chains) {
    if (!sameMultiset(deleted.get(c.name) ?? [], want.deletes.get(c.name) ?? [])) return null;
    const texts = added.get(c.name) ?? [];
    const at = want.placed.get(c.name) ?? [];
    if (texts.length !== at.length) return null;
    const rules = c.after.map(asRead);
    for (const [k, j] of at.entries()) {
      if (looseKey(splitArgs(texts[k]!)) !== looseKey(c.after[j]!.args)) return null;
      rules[j] = kernelRule(texts[k]!, c.after[j]!, plan.family);
    }
    fresh.set(c.name, { ...plan.staged.chains.find((s) => s.name === c.name)!, rules });
  }
  return { ...plan.staged, chains: plan.staged.chains.map((c) => fresh.get(c.name) ?? c) };
}

/**
 * "another program changed filter INPUT while this commit was written (written by iptables-nft pid 7108)": the
 * generations between the check and the write that touched the plan's chains, in words; null when none did.
 */
export function writtenMeanwhile(plan: TablePlan, generations: readonly RulesetGeneration[]): string | null {
  const touching = touchingGenerations(plan, generations);
  if (touching.length === 0) return null;
  const chains = new Set([...touchedChains(plan), ...plan.diff.chains.map((c) => c.name)]);
  const named = [
    ...new Set(touching.flatMap((g) => g.changes.flatMap((c) => (c.chain && chains.has(c.chain) ? [c.chain] : [])))),
  ];
  const where = `${plan.family === 'ipv6' ? 'IPv6 ' : ''}${plan.table}${named.length > 0 ? ` ${named.join(' ')}` : ''}`;
  const by = describeWriters(touching);
  return `another program changed ${where} while this commit was written${by ? ` (written by ${by})` : ''}`;
}
