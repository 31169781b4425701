/** How a commit fails: refused by iptables or ipset (and what was put back), or stopped between two writes. */
import type { TablePlan } from '../domain/commit/commit-plan.js';
import type { Family, TableName } from '../domain/model/ruleset.js';
import type { SetPlan } from '../domain/sets/set-plan.js';
import type { SetPhases } from '../domain/sets/set-restore.js';
import { tableLabel } from './apply-undo.js';

/** A commit that iptables refused; `undone` says which tables were put back. */
export class ApplyError extends Error {
  constructor(
    message: string,
    /** The table refused; null when ipset refused the commit's sets. */
    readonly failed: { family: Family; table: TableName } | null,
    readonly undone: readonly string[],
    readonly undoFailures: readonly string[],
    /** Every table the commit may have changed was read back as it was before. */
    readonly back: boolean = undoFailures.length === 0,
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

/** beforeTable said no: the tables in `written` were written, the rest were not. */
export class ApplyStopped extends Error {
  constructor(
    readonly reason: unknown,
    readonly written: readonly string[],
    readonly notWritten: readonly string[],
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'ApplyStopped';
  }
}

/** What a commit that stopped now leaves undone, in the order it would have run. */
export function pendingLabels(
  setsWritten: boolean,
  tables: readonly TablePlan[],
  sets: readonly SetPlan[],
  phases: SetPhases,
): string[] {
  const destroyed = sets.filter((p) => p.staged === null && p.basis !== null).map((p) => p.name);
  return [
    ...(phases.before && !setsWritten ? ['sets'] : []),
    ...tables.map(tableLabel),
    ...(phases.after ? [`the destroy of ${destroyed.length > 1 ? 'sets' : 'set'} ${destroyed.join(', ')}`] : []),
  ];
}
