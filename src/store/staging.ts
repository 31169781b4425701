/**
 * The staged copy: edits over the live tables they were made on, undo and
 * redo, re-basing onto a fresh read, and the commit plans. Pure functions of
 * the Staging value; the store holds the result.
 */
import { makePlan, type FreshTable, type TablePlan } from '../domain/commit-plan.js';
import { applyEdit, EditError, describeEdit, type Edit } from '../domain/edits.js';
import { TABLE_NAMES, type Family, type Table, type TableName } from '../domain/ruleset.js';
import { isEmptyDiff, movedOf, renamesOf } from '../domain/table-diff.js';
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
export function stageEdit(staging: Staging, live: Table, family: Family, edit: Edit): Staging {
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
  const anchored: Edit = edit.kind === 'insert' && edit.anchor === undefined ? { ...edit, anchor: current.chains.find((c) => c.name === edit.chain)?.rules[edit.at]?.spec ?? null } : edit;
  const next = applyEdit(current, anchored);
  return {
    basis: { ...staging.basis, [key]: basis },
    staged: { ...staging.staged, [key]: next },
    edits: [...staging.edits, { family, table: live.name, edit: anchored }],
    redo: [],
  };
}

/** Takes back the last edit. */
export function undoEdit(staging: Staging): { staging: Staging; edit: StagedEdit } | null {
  const edit = staging.edits[staging.edits.length - 1];
  if (!edit) return null;
  const next = rebuild({ ...staging, edits: staging.edits.slice(0, -1), redo: [...staging.redo, edit] }, tableKey(edit.family, edit.table));
  return { staging: next, edit };
}

/** Makes the last undone edit again. */
export function redoEdit(staging: Staging, live: Table | undefined): { staging: Staging; edit: StagedEdit } | null {
  const edit = staging.redo[staging.redo.length - 1];
  if (!edit) return null;
  const key = tableKey(edit.family, edit.table);
  const basis = staging.basis[key] ?? live;
  if (!basis) return null;
  const next = applyEdit(staging.staged[key] ?? basis, edit.edit);
  return {
    staging: { basis: { ...staging.basis, [key]: basis }, staged: { ...staging.staged, [key]: next }, edits: [...staging.edits, edit], redo: staging.redo.slice(0, -1) },
    edit,
  };
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
