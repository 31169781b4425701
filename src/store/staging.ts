/**
 * The staged copy: edits over the live tables they were made on, undo and
 * redo, re-basing onto a fresh read, and the commit plans. Pure functions of
 * the Staging value; the store holds the result.
 */
import { makePlan, type FreshTable, type TablePlan } from '../domain/commit/commit-plan.js';
import { applyEdit, EditError, describeEdit, type Edit } from '../domain/edit/edits.js';
import { TABLE_NAMES, type Family, type Table, type TableName } from '../domain/model/ruleset.js';
import { isEmptyDiff, movedOf, renamesOf } from '../domain/diff/table-diff.js';
import { tableKey, type Staging, type StagedEdit, type TableKey } from './app-state.js';

const editsOf = (staging: Staging, key: TableKey): Edit[] =>
  staging.edits.filter((e) => tableKey(e.family, e.table) === key).map((e) => e.edit);

/** Recomputes one table's staged copy from its basis; forgets the table when no edit is left. */
function rebuild(staging: Staging, key: TableKey): Staging {
  const basis = staging.basis[key];
  const edits = editsOf(staging, key);
  const nextBasis = { ...staging.basis };
  const nextStaged = { ...staging.staged };
  if (!basis || edits.length === 0) {
    delete nextBasis[key];
    delete nextStaged[key];
  } else nextStaged[key] = edits.reduce(applyEdit, basis);
  return { ...staging, basis: nextBasis, staged: nextStaged };
}

/**
 * Adds an edit on top of what is staged for that table.
 * @throws EditError when it cannot be made (the message says why).
 */
export function stageEdit(staging: Staging, live: Table, family: Family, edit: Edit, batch?: number): Staging {
  const key = tableKey(family, live.name);
  const basis = staging.basis[key] ?? live;
  const current = staging.staged[key] ?? basis;
  // The commit renames after the rule edits, by live names: a name may not be reused for another chain in one commit.
  if (edit.kind === 'renameChain' && basis.chains.some((c) => c.name === edit.to)) {
    throw new EditError(`${edit.to} was a chain when editing began: commit first, then rename to that name`);
  }
  if (edit.kind === 'newChain' && [...renamesOf(editsOf(staging, key), basis).values()].includes(edit.chain)) {
    throw new EditError(`${edit.chain} was renamed in these edits: commit first, then create a new ${edit.chain}`);
  }
  // An insert remembers the rule it goes above, so a re-base keeps it there.
  const anchored: Edit =
    edit.kind === 'insert' && edit.anchor === undefined
      ? { ...edit, anchor: current.chains.find((c) => c.name === edit.chain)?.rules[edit.at]?.spec ?? null }
      : edit;
  const next = applyEdit(current, anchored);
  return {
    basis: { ...staging.basis, [key]: basis },
    staged: { ...staging.staged, [key]: next },
    edits: [...staging.edits, { family, table: live.name, edit: anchored, ...(batch === undefined ? {} : { batch }) }],
    redo: [],
  };
}

/** One edit of a batch: the live table it is made on. */
export interface BatchItem {
  readonly family: Family;
  readonly live: Table;
  readonly edit: Edit;
}

/**
 * Several edits staged as one (undo takes them back together): all of them,
 * or none when one cannot be made.
 * @throws EditError naming the edit (1-based) that cannot be made.
 */
export function stageBatch(staging: Staging, items: readonly BatchItem[]): Staging {
  if (items.length === 1) return stageEdit(staging, items[0]!.live, items[0]!.family, items[0]!.edit);
  // Unique while these edits stand: earlier batches started at a shorter list.
  const batch = staging.edits.length;
  let next = staging;
  items.forEach((item, k) => {
    try {
      next = stageEdit(next, item.live, item.family, item.edit, batch);
    } catch (e) {
      if (e instanceof EditError && items.length > 1) {
        throw new EditError(`edit ${k + 1} of ${items.length} (${describeEdit(item.edit)}): ${e.message}`);
      }
      throw e;
    }
  });
  return next;
}

/** How many edits at the end of `list` belong to the same batch as the last one. */
function lastBatchSize(list: readonly StagedEdit[]): number {
  const last = list[list.length - 1];
  if (!last) return 0;
  if (last.batch === undefined) return 1;
  let n = 1;
  while (n < list.length && list[list.length - 1 - n]!.batch === last.batch) n++;
  return n;
}

/** Takes back the last edit (the whole batch it was staged with). */
export function undoEdit(staging: Staging): { staging: Staging; edit: StagedEdit; count: number } | null {
  const count = lastBatchSize(staging.edits);
  if (count === 0) return null;
  const taken = staging.edits.slice(staging.edits.length - count);
  // The redo stack holds a batch in reverse, so that its top is the batch's first edit.
  const redo = [...staging.redo, ...taken.slice().reverse()];
  let next: Staging = { ...staging, edits: staging.edits.slice(0, -count), redo };
  for (const key of new Set(taken.map((e) => tableKey(e.family, e.table)))) next = rebuild(next, key);
  return { staging: next, edit: taken[0]!, count };
}

/** Makes the last undone edit (or batch) again; `liveOf` gives the live table of a family's table. */
export function redoEdit(
  staging: Staging,
  liveOf: (family: Family, table: TableName) => Table | undefined,
): { staging: Staging; edit: StagedEdit; count: number } | null {
  const count = lastBatchSize(staging.redo);
  if (count === 0) return null;
  const batch = staging.redo.slice(staging.redo.length - count).reverse();
  let next: Staging = { ...staging, redo: staging.redo.slice(0, -count) };
  for (const edit of batch) {
    const key = tableKey(edit.family, edit.table);
    const basis = next.basis[key] ?? liveOf(edit.family, edit.table);
    if (!basis) return null;
    const staged = applyEdit(next.staged[key] ?? basis, edit.edit);
    next = {
      ...next,
      basis: { ...next.basis, [key]: basis },
      staged: { ...next.staged, [key]: staged },
      edits: [...next.edits, edit],
    };
  }
  return { staging: next, edit: batch[0]!, count };
}

/**
 * The edits replayed on fresh reads of their tables (edits find their rules
 * by text). Edits that no longer make sense are dropped and named.
 */
export function rebase(staging: Staging, fresh: readonly FreshTable[]): { staging: Staging; dropped: string[] } {
  let next: Staging = { ...staging, edits: [], redo: [] };
  const tables = new Map(fresh.map((f) => [tableKey(f.family, f.table.name), f.table]));
  const basis = { ...staging.basis };
  for (const [key, table] of tables) if (basis[key]) basis[key] = table;
  next = { ...next, basis, staged: { ...basis } };
  const dropped: string[] = [];
  for (const e of staging.edits) {
    const key = tableKey(e.family, e.table);
    try {
      const staged = applyEdit(next.staged[key] ?? basis[key]!, e.edit);
      next = { ...next, staged: { ...next.staged, [key]: staged }, edits: [...next.edits, e] };
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      dropped.push(`${describeEdit(e.edit)} (${err.message})`);
    }
  }
  for (const key of Object.keys(basis) as TableKey[]) next = rebuild(next, key);
  return { staging: next, dropped };
}

/** The plan for one table with staged edits, or null when it has none. */
export function planFor(staging: Staging, family: Family, table: TableName): TablePlan | null {
  const key = tableKey(family, table);
  const basis = staging.basis[key];
  const staged = staging.staged[key];
  if (!basis || !staged) return null;
  const edits = editsOf(staging, key);
  return makePlan(family, basis, staged, renamesOf(edits, basis), movedOf(edits));
}

/** Plans for every table with a real change: IPv4 before IPv6, tables in iptables order. */
export function commitPlans(staging: Staging): TablePlan[] {
  const plans: TablePlan[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const table of TABLE_NAMES) {
      const plan = planFor(staging, family, table);
      if (plan && !isEmptyDiff(plan.diff)) plans.push(plan);
    }
  }
  return plans;
}

/** A fresh read of a table with staged edits whose touched chains are as they were: new counters, same edits. */
export function adoptRead(staging: Staging, family: Family, fresh: Table): Staging {
  return rebase(staging, [{ family, table: fresh }]).staging;
}
