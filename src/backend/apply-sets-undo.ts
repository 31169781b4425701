/**
 * A commit with set changes that failed half-way: everything it may have
 * changed is put back, in the order that keeps every rule's set in place
 * (sets the old rules need come back first, then the tables, then sets
 * the commit created go), and read back to check.
 */
import type { TablePlan } from '../domain/commit/commit-plan.js';
import type { Table } from '../domain/model/ruleset.js';
import { ApplyError } from './apply-errors.js';
import { phasesBack, runPhase, setsNotBack, type SetsNow } from './apply-sets.js';
import { undoVerified } from './apply-undo.js';
import type { Iptables } from './iptables.js';
import type { Ipset } from './ipset.js';

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Puts the sets back as in `before` around `tables` (which puts back the rules); says what is still off. */
async function putBack(ipset: Ipset, before: SetsNow, tables: () => Promise<void>): Promise<string[]> {
  const failures: string[] = [];
  let back: Awaited<ReturnType<typeof phasesBack>> | null = null;
  try {
    back = await phasesBack(ipset, before);
    await runPhase(ipset, back.before, back.temps);
  } catch (e) {
    failures.push(`sets: ${reason(e)}`);
  }
  await tables();
  try {
    if (back) await runPhase(ipset, back.after);
  } catch (e) {
    failures.push(`sets: ${reason(e)}`);
  }
  const left = await setsNotBack(ipset, before);
  return left.length === 0 ? [] : [...failures, `sets not as before: ${left.join(', ')}`];
}

/** The sets the commit touched, in words. */
const setNames = (before: SetsNow): string => [...before.keys()].join(', ');

/**
 * ipset refused a phase of the commit: the tables already written and the sets go back as they were.
 * @returns the error to throw, saying what was put back and checked
 */
export async function setsRefused(
  iptables: Iptables,
  ipset: Ipset,
  error: unknown,
  done: readonly TablePlan[],
  before: (p: TablePlan) => Table,
  setsBefore: SetsNow,
): Promise<ApplyError> {
  let undone: string[] = [];
  let tableFailures: string[] = [];
  const setFailures = await putBack(ipset, setsBefore, async () => {
    const report = await undoVerified(iptables, done, before);
    undone = report.undone;
    tableFailures = report.failures;
  });
  const failures = [...tableFailures, ...setFailures];
  const tables = undone.length > 0 ? `, ${undone.join(', ')}` : '';
  const text =
    `ipset refused the changes of set ${setNames(setsBefore)}: ${reason(error)}.` +
    (failures.length > 0
      ? ` Could not put back: ${failures.join('; ')}.`
      : ` Read back: the sets${tables} are as they were before.`);
  return new ApplyError(text, null, undone, failures);
}

/** A table was refused and its tables put back (`error`): the sets go back too. */
export async function withSetsBack(ipset: Ipset, error: ApplyError, setsBefore: SetsNow): Promise<ApplyError> {
  const failures = await putBack(ipset, setsBefore, async () => undefined);
  const words =
    failures.length > 0
      ? ` Could not put back: ${failures.join('; ')}.`
      : ` Sets ${setNames(setsBefore)} read back as they were before.`;
  const all = [...error.undoFailures, ...failures];
  return new ApplyError(
    `${error.message}${words}`,
    error.failed,
    error.undone,
    all,
    error.back && failures.length === 0,
  );
}
