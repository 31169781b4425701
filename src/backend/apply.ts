/**
 * Applying a commit to the live firewall without clobbering anyone:
 * re-read the touched tables and stop on drift; write table by table
 * (iptables-restore is atomic per table only) and put earlier tables back
 * when a later one fails; re-read and compare with what was staged.
 * One function, so the safety net can wrap it.
 */
import {
  findDrift,
  type ApplyOutcome,
  type Drift,
  type FreshTable,
  type TablePlan,
} from '../domain/commit/commit-plan.js';
import { restoreScript } from '../domain/commit/restore-script.js';
import type { Family, Table, TableName } from '../domain/model/ruleset.js';
import { heldWords, kernelHolds, tableLabel, undoVerified } from './apply-undo.js';
import { ipsetOf, readBackSets, readSets, runPhase, setNonce, type SetsNow } from './apply-sets.js';
import { setsRefused, withSetsBack } from './apply-sets-undo.js';
import type { SetPlan } from '../domain/sets/set-plan.js';
import { changedSetPlans, setPhases } from '../domain/sets/set-restore.js';
import { findSetDrift } from '../domain/sets/set-check-commit.js';
import { rebasePlan } from '../domain/sets/set-aging.js';
import { RestoreError } from './errors.js';
import type { Iptables } from './iptables.js';
import { ApplyError, ApplyStopped, pendingLabels } from './apply-errors.js';
import { readBackTable, readNoted, readTable, sharedRead, unchangedBasis, type WriteEvents } from './apply-events.js';

export { ApplyError, ApplyStopped, readTable };

export interface ApplyHooks {
  /**
   * Runs after the drift check, before the first write, with the tables (and the touched sets) as
   * they are now: the safety net saves them and arms its guard here. Throwing stops the commit with
   * nothing written.
   */
  beforeWrite?(work: readonly TablePlan[], before: readonly FreshTable[], sets: SetsNow): Promise<void>;
  /**
   * Runs before each write (each table, each phase of the sets): the safety net checks that the
   * commit is still pending and armed. Throwing stops the commit there (ApplyStopped).
   */
  beforeTable?(plan: TablePlan | null): Promise<void>;
  /** The ruleset events (nf_tables): they spare the whole-table reads before and after writing when they can. */
  events?: WriteEvents;
}

/**
 * Applies the plans in order (IPv4 tables first, then IPv6) with the set changes around them: sets
 * created and filled before the rules, destroyed after them.
 */
export async function applyPlans(
  iptables: Iptables,
  plans: readonly TablePlan[],
  hooks: ApplyHooks = {},
  sets: readonly SetPlan[] = [],
): Promise<ApplyOutcome> {
  const work = plans.flatMap((plan) => {
    const script = restoreScript(plan.diff);
    return script ? [{ ...plan, script }] : [];
  });
  const asked = changedSetPlans(sets);
  const ipset = asked.length > 0 ? ipsetOf(iptables) : null;
  const nonce = setNonce();
  // Checked before anything is read or written: a name or element that could break out of its line.
  setPhases(asked, nonce);
  // Just before writing: has anyone changed what the edits were based on? The events answer without a read when
  // they saw no commit to the touched chains since the basis was read; the basis is then what the kernel holds.
  const { events } = hooks;
  const checkedAt = events?.mark() ?? null;
  const checked = await Promise.all(
    work.map(async (p) => {
      const basis = unchangedBasis(events, p);
      if (basis) return { family: p.family, table: basis, mark: checkedAt };
      return (await sharedRead(events, p)) ?? readNoted(iptables, p, events);
    }),
  );
  const before: FreshTable[] = checked.map(({ family, table }) => ({ family, table }));
  const setsBefore = ipset
    ? await readSets(
        ipset,
        asked.map((p) => p.name),
      )
    : new Map<string, null>();
  const setsReadAt = Date.now();
  // Plans go on the sets as they are now when only members timing out changed them (add-only ones: anything).
  const elapsed = (p: SetPlan): number | null => (p.readAt === undefined ? null : (setsReadAt - p.readAt) / 1000);
  const setWork = asked.map((p) => rebasePlan(p, setsBefore.get(p.name) ?? null, elapsed(p)));
  const phases = setPhases(setWork, nonce);
  const drift = work.map((p, i) => findDrift(p, before[i]!.table)).filter((d): d is Drift => d !== null);
  const setDrift = findSetDrift(setWork, setsBefore);
  if (drift.length > 0 || setDrift.length > 0)
    return { kind: 'drift', drift, fresh: before, ...(setDrift.length > 0 ? { sets: setDrift } : {}) };
  if (work.length === 0 && setWork.length === 0) return { kind: 'applied', fresh: [], problems: [] };
  await hooks.beforeWrite?.(work, before, setsBefore);

  const done: TablePlan[] = [];
  let setsWritten = false;
  const labels = (): string[] => [...(setsWritten ? ['sets'] : []), ...done.map(tableLabel)];
  const step = async (plan: TablePlan | null): Promise<void> => {
    try {
      await hooks.beforeTable?.(plan);
    } catch (e) {
      throw new ApplyStopped(e, labels(), pendingLabels(setsWritten, work.slice(done.length), setWork, phases));
    }
  };
  const beforeOf = (p: TablePlan): Table => before[(work as readonly TablePlan[]).indexOf(p)]!.table;
  if (ipset && phases.before) {
    await step(null);
    try {
      setsWritten = true;
      await runPhase(ipset, phases.before, phases.temps);
    } catch (e) {
      throw await setsRefused(iptables, ipset, e, [], beforeOf, setsBefore);
    }
  }
  for (const plan of work) {
    await step(plan);
    try {
      await iptables.exclusive(plan.family, async (locked) => {
        // Under the legacy xtables lock: read again, so the places in the script are still right when it runs.
        if (locked && findDrift(plan, await readTable(iptables, plan.family, plan.table))) {
          throw new Error('another program changed the chains while applying; nothing of this table was written');
        }
        await iptables.restore(plan.family, plan.script);
      });
      done.push(plan);
    } catch (e) {
      const error = await refused(iptables, plan, e, done, beforeOf);
      throw ipset ? await withSetsBack(ipset, error, setsBefore) : error;
    }
  }
  if (ipset && phases.after) {
    await step(null);
    try {
      await ipset.restore(phases.after);
    } catch (e) {
      throw await setsRefused(iptables, ipset, e, done, beforeOf, setsBefore);
    }
  }
  // Read back: the write's own events when they show all of it (and nothing else touched the chains since the
  // check), else the whole table.
  const readBack = await Promise.all(work.map((p, i) => readBackTable(iptables, events, p, checked[i]!.mark)));
  const fresh = readBack.map((b) => b.fresh);
  const problems = readBack.flatMap((b) => b.problems);
  if (!ipset) return { kind: 'applied', fresh, problems };
  const back = await readBackSets(ipset, setWork, (Date.now() - setsReadAt) / 1000);
  return { kind: 'applied', fresh, problems: [...problems, ...back.problems], freshSets: back.fresh };
}

/**
 * The write of `plan` failed: reads it back (the exit code alone does not
 * say what the kernel holds), puts back every table that may have changed,
 * and says what was checked.
 */
async function refused(
  iptables: Iptables,
  plan: TablePlan,
  error: unknown,
  done: readonly TablePlan[],
  before: (p: TablePlan) => Table,
): Promise<ApplyError> {
  const held = await kernelHolds(iptables, plan);
  const touched = held === 'before' ? done : [...done, plan];
  const { undone, failures, back } = await undoVerified(iptables, touched, before);
  const why = error instanceof Error ? error.message : String(error);
  const putBack = undone.length > 0 && touched.length > 0 ? ` ${undone.join(', ')} put back as it was.` : '';
  const stuck = failures.length > 0 ? ` Could not put back: ${failures.join('; ')}.` : '';
  const readBack = `${touched.length === 0 ? 'Nothing was changed; r' : 'R'}ead back: the old rules are in place.`;
  const checked = back ? ` ${readBack}` : '';
  const text =
    `${tableLabel(plan)} was refused by iptables: ` + `${why}.${heldWords(held, plan)}${putBack}${stuck}${checked}`;
  return new ApplyError(text, plan, undone, failures, back);
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
export function kernelCheckRule(
  iptables: Iptables,
  family: Family,
  table: TableName,
  chain: string,
  spec: string,
  declare: readonly string[],
): Promise<string | null> {
  const lines = [
    `*${table}`,
    ...declare.map((c) => `:${c} - [0:0]`),
    `-A ${chain}${spec ? ` ${spec}` : ''}`,
    'COMMIT',
    '',
  ];
  return testRestore(iptables, family, lines.join('\n'));
}
