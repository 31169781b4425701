/**
 * Applying a commit to the live firewall without clobbering anyone:
 * re-read the touched tables and stop on drift; write table by table
 * (iptables-restore is atomic per table only) and put earlier tables back
 * when a later one fails; re-read and compare with what was staged.
 * One function, so the safety net can wrap it.
 */
import { findDrift, inversePlan, verifyApplied, type ApplyOutcome, type Drift, type FreshTable, type TablePlan } from '../domain/commit-plan.js';
import { restoreScript } from '../domain/restore-script.js';
import { emptyTable, type Family, type Table, type TableName } from '../domain/ruleset.js';
import { RestoreError } from './errors.js';
import type { Iptables } from './iptables.js';

/** A commit that iptables refused; `undone` says which tables were put back. */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly failed: { family: Family; table: TableName },
    readonly undone: readonly string[],
    readonly undoFailures: readonly string[],
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

const label = (p: { family: Family; table: TableName }): string => `${p.family === 'ipv6' ? 'IPv6' : 'IPv4'} ${p.table}`;

/** One table as the kernel holds it now (an empty one when it is not loaded). */
export async function readTable(iptables: Iptables, family: Family, table: TableName): Promise<Table> {
  const read = await iptables.saveTable(family, table);
  return read.ruleset.tables.find((t) => t.name === table) ?? emptyTable(table);
}

export interface ApplyHooks {
  /**
   * Runs after the drift check, before the first write, with the tables as
   * they are now: the safety net saves them and arms its guard here. Throwing
   * stops the commit with nothing written.
   */
  beforeWrite?(work: readonly TablePlan[], before: readonly FreshTable[]): Promise<void>;
}

/** Applies the plans in order (IPv4 tables first, then IPv6). */
export async function applyPlans(iptables: Iptables, plans: readonly TablePlan[], hooks: ApplyHooks = {}): Promise<ApplyOutcome> {
  const work = plans.flatMap((plan) => {
    const script = restoreScript(plan.diff);
    return script ? [{ ...plan, script }] : [];
  });
  // Just before writing: has anyone changed what the edits were based on?
  const before = await Promise.all(work.map(async (p) => ({ family: p.family, table: await readTable(iptables, p.family, p.table) })));
  const drift = work.map((p, i) => findDrift(p, before[i]!.table)).filter((d): d is Drift => d !== null);
  if (drift.length > 0) return { kind: 'drift', drift, fresh: before };
  if (work.length > 0) await hooks.beforeWrite?.(work, before);

  const done: TablePlan[] = [];
  for (const plan of work) {
    try {
      await iptables.restore(plan.family, plan.script);
      done.push(plan);
    } catch (e) {
      const { undone, failures } = await undo(iptables, done);
      const why = e instanceof Error ? e.message : String(e);
      const back = undone.length > 0 ? ` ${undone.join(', ')} put back as it was.` : '';
      const stuck = failures.length > 0 ? ` Could not put back: ${failures.join('; ')}.` : '';
      const nothing = done.length === 0 ? ' Nothing was changed.' : '';
      throw new ApplyError(`${label(plan)} was refused by iptables: ${why}.${nothing}${back}${stuck}`, plan, undone, failures);
    }
  }
  const fresh = await Promise.all(work.map(async (p) => ({ family: p.family, table: await readTable(iptables, p.family, p.table) })));
  const problems = work.flatMap((p, i) => verifyApplied(p, fresh[i]!.table));
  return { kind: 'applied', fresh, problems };
}

/** Reverses applied tables, last first. */
async function undo(iptables: Iptables, done: readonly TablePlan[]): Promise<{ undone: string[]; failures: string[] }> {
  const undone: string[] = [];
  const failures: string[] = [];
  for (const plan of [...done].reverse()) {
    const script = restoreScript(inversePlan(plan).diff);
    try {
      if (script) await iptables.restore(plan.family, script);
      undone.push(label(plan));
    } catch (e) {
      failures.push(`${label(plan)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { undone, failures };
}

/**
 * iptables-restore --test of `text`: nothing is written.
 * @returns iptables' message, or null when the text would load.
 */
export async function testRestore(iptables: Iptables, family: Family, text: string): Promise<string | null> {
  try {
    await iptables.restore(family, text, { test: true });
    return null;
  } catch (e) {
    if (e instanceof RestoreError) return e.reason;
    throw e;
  }
}

/**
 * The kernel's own check of one rule: the chain and the user chain it jumps
 * to are declared, so the check does not depend on what is live.
 * @returns iptables' message, or null when the kernel accepts the rule.
 */
export function kernelCheckRule(iptables: Iptables, family: Family, table: TableName, chain: string, spec: string, declare: readonly string[]): Promise<string | null> {
  const lines = [`*${table}`, ...declare.map((c) => `:${c} - [0:0]`), `-A ${chain}${spec ? ` ${spec}` : ''}`, 'COMMIT', ''];
  return testRestore(iptables, family, lines.join('\n'));
}
