/**
 * After a write that iptables refused: what does the kernel hold now? An
 * exit code says nothing reliable about it (a restore can commit and then
 * exit non-zero), so the table is read back and compared with both the
 * state before and the staged one; then every table that may have changed
 * is put back, and read back again to check that the old rules are there.
 */
import { findDrift, verifyApplied, type TablePlan } from '../domain/commit/commit-plan.js';
import { restoreScript } from '../domain/commit/restore-script.js';
import { revertPlan, savedTable } from '../domain/commit/revert-plan.js';
import { emptyTable, type Family, type Table, type TableName } from '../domain/model/ruleset.js';
import type { Iptables } from './iptables.js';
import { familyLabel } from '../domain/model/family-label.js';

/** What the kernel holds of a table after a failed write. */
export type Held = 'before' | 'staged' | 'neither' | 'unreadable';

export const tableLabel = (p: { family: Family; table: TableName }): string => `${familyLabel(p.family)} ${p.table}`;
const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function readTable(iptables: Iptables, family: Family, table: TableName): Promise<Table> {
  const read = await iptables.saveTable(family, table);
  return read.ruleset.tables.find((t) => t.name === table) ?? emptyTable(table);
}

/** Reads the table back and says whether the touched chains are as before, as staged, or neither. */
export async function kernelHolds(iptables: Iptables, plan: TablePlan): Promise<Held> {
  let now: Table;
  try {
    now = await readTable(iptables, plan.family, plan.table);
  } catch {
    return 'unreadable';
  }
  if (verifyApplied(plan, now).length === 0) return 'staged';
  return findDrift(plan, now) === null ? 'before' : 'neither';
}

export interface UndoReport {
  /** Tables put back (or found already back) and checked by reading them. */
  readonly undone: string[];
  readonly failures: string[];
  /** Every table was read back as it was before. */
  readonly back: boolean;
}

/**
 * Puts tables back as they were in `before` (last first), each recomputed
 * from a fresh read, and checks each by reading it again: a restore that
 * exits non-zero may have written all the same, one that exits 0 may not.
 */
export async function undoVerified(
  iptables: Iptables,
  plans: readonly TablePlan[],
  before: (p: TablePlan) => Table,
): Promise<UndoReport> {
  const undone: string[] = [];
  const failures: string[] = [];
  for (const plan of [...plans].reverse()) {
    const saved = savedTable(plan, before(plan));
    let refused: unknown = null;
    try {
      const script = restoreScript(revertPlan(saved, await readTable(iptables, plan.family, plan.table)).diff);
      if (script) await iptables.restore(plan.family, script);
    } catch (e) {
      refused = e;
    }
    try {
      const left = restoreScript(revertPlan(saved, await readTable(iptables, plan.family, plan.table)).diff);
      if (left === null) undone.push(tableLabel(plan));
      else {
        const why = refused ? reason(refused) : 'the read-back still differs from before';
        failures.push(`${tableLabel(plan)}: ${why}`);
      }
    } catch (e) {
      failures.push(`${tableLabel(plan)}: ${refused ? `${reason(refused)}; ` : ''}cannot read it back: ${reason(e)}`);
    }
  }
  return { undone, failures, back: failures.length === 0 };
}

/** What to say about the refused table, from what was read back. */
export function heldWords(held: Held, plan: TablePlan): string {
  switch (held) {
    case 'before':
      return '';
    case 'staged':
      return ' Yet, read back, the kernel held the new rules all the same.';
    case 'neither':
      return ` Read back, ${tableLabel(plan)} holds neither the old nor the new rules.`;
    case 'unreadable':
      return ` ${tableLabel(plan)} could not be read back to see what it holds.`;
  }
}
