/**
 * What a pending commit keeps so it can be taken back, and the plan that
 * takes it back: only the chains and policies the commit touched return to
 * how they were; chains it created go, renamed chains get their old name.
 * Everything else in the live table (rules other programs added meanwhile,
 * also inside the touched chains when the commit's own rules are known) is
 * left alone. Pure.
 */
import { makePlan, touchedChains, type TablePlan } from './commit-plan.js';
import { renderTable } from '../text/render-save.js';
import { mergeRevert } from './revert-merge.js';
import { isBuiltinChain, type Chain, type Family, type Table, type TableName } from '../model/ruleset.js';

/** One table's share of a pending commit. */
export interface SavedTable {
  readonly family: Family;
  readonly table: TableName;
  /** The touched chains as they were just before the commit (live names, with counters). */
  readonly chains: readonly Chain[];
  /** Chains the commit created: they go when it is reverted. */
  readonly created: readonly string[];
  /** [name before, name after] of chains the commit renamed. */
  readonly renamed: readonly (readonly [string, string])[];
  /**
   * The touched chains as the kernel held them right after the commit
   * (names after it): tells the commit's own rules from other programs'.
   * Absent: every rule not saved counts as the commit's.
   */
  readonly written?: readonly Chain[];
}

/** What to keep before applying `plan`, read from `before` (a fresh read taken just before writing). */
export function savedTable(plan: TablePlan, before: Table): SavedTable {
  const touched = new Set(touchedChains(plan));
  return {
    family: plan.family,
    table: plan.table,
    chains: before.chains.filter((c) => touched.has(c.name)),
    created: [...plan.diff.created],
    renamed: plan.diff.renamed.map(([from, to]) => [from, to] as const),
  };
}

/**
 * The plan that turns the table as it is now back into what was saved, in
 * the touched chains only. Recomputed from a fresh read each time, so a
 * revert that stopped half-way can simply be run again.
 */
export function revertPlan(saved: SavedTable, now: Table): TablePlan {
  const present = new Set(now.chains.map((c) => c.name));
  const back = new Map(saved.chains.map((c) => [c.name, c]));
  // Target name -> name in the kernel now: a renamed chain gets its old name back with -E.
  const renames = new Map<string, string>();
  for (const [before, after] of saved.renamed)
    if (present.has(after) && !present.has(before) && back.has(before)) renames.set(before, after);
  const renamedNow = new Set(renames.values());
  const created = new Set(saved.created);
  // A saved chain's target: its saved rules, plus the rules other programs put in it since.
  const target = (chain: Chain): Chain => {
    const live = renames.get(chain.name) ?? chain.name;
    const nowChain = now.chains.find((c) => c.name === live);
    const written = saved.written?.find((c) => c.name === live);
    return nowChain && written ? { ...chain, rules: mergeRevert(chain.rules, written.rules, nowChain.rules) } : chain;
  };
  const chains: Chain[] = [];
  for (const chain of now.chains) {
    if (renamedNow.has(chain.name)) continue;
    if (created.has(chain.name) && !back.has(chain.name)) continue;
    const was = back.get(chain.name);
    chains.push(was ? target(was) : chain);
  }
  for (const chain of saved.chains) if (!present.has(chain.name)) chains.push(target(chain));
  return makePlan(saved.family, now, { name: saved.table, chains }, renames);
}

/**
 * The saved chains as iptables-restore --noflush input an admin can load by
 * hand: user chains are flushed by their declaration, built-in chains by `-F`.
 */
export function savedCopyText(saved: SavedTable): string {
  const text = renderTable({ name: saved.table, chains: saved.chains });
  const flushes = saved.chains.filter((c) => isBuiltinChain(saved.table, c.name)).map((c) => `-F ${c.name}`);
  if (flushes.length === 0) return text;
  const lines = text.split('\n');
  const firstRule = lines.findIndex((l, i) => i > 0 && !l.startsWith(':'));
  lines.splice(firstRule, 0, ...flushes);
  return lines.join('\n');
}
