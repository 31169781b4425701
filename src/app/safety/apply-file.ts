/**
 * `fwtui apply FILE`'s plan: what the file would write, read against the running tables of the
 * firewall it names, and the rules that would then be in place (for the lockout check).
 */
import type { CommandRunner } from '../../backend/runner.js';
import type { Iptables } from '../../backend/iptables.js';
import type { TablePlan } from '../../domain/commit/commit-plan.js';
import { noflushPlans } from '../../domain/commit/noflush-plan.js';
import { replacePlans } from '../../domain/commit/replace-plan.js';
import { withTables, type Family, type Ruleset, type RulesetSets } from '../../domain/model/ruleset.js';
import { usesSets } from '../../domain/sets/ip-set.js';
import type { SetPlan } from '../../domain/sets/set-plan.js';
import { parseSave } from '../../domain/text/parse-save.js';
import { iptablesFor, readInput, type FirewallScope } from '../sources/load-ruleset.js';
import type { CommitEntry } from '../state/state-dir.js';
import {
  applyWithSafetyNet,
  assertNothingPending,
  DeadlinePassedError,
  type SafeApply,
  type SafetyNetDeps,
} from './safety-net.js';
import { waitSettled } from './settle-wait.js';
import { assertRulesHere } from './rules-elsewhere.js';
import { fwtuiCommand } from '../../domain/hints/command-hint.js';

/** What apply was asked: the file (`-`: stdin), its family, and whether it lays over the running tables. */
export interface ApplyRequest extends FirewallScope {
  readonly file: string;
  readonly family: Family;
  /** --noflush: add to the running tables instead of replacing the ones the file names. */
  readonly noflush: boolean;
}

/** A change known and reviewed, ready for the safety net: what apply FILE and block hand over. */
export interface ReviewedCommit {
  /** The firewall the plans are for. */
  readonly iptables: Iptables;
  /** The running rules the plans were made against. */
  readonly live: Ruleset;
  /** One plan per table that changes. */
  readonly plans: readonly TablePlan[];
  /** The IP sets that change (block). */
  readonly sets: readonly SetPlan[];
  /** The sets as they will be, for the lockout check (absent: as `live` has them). */
  readonly stagedSets?: RulesetSets;
}

export interface FilePlan extends ReviewedCommit {
  /** One plan per table that changes; empty when the running tables already match. */
  readonly plans: TablePlan[];
  /** The tables the file names (in its order); null under --noflush, where the file is read as commands. */
  readonly fileTables: string[] | null;
}

/** The running rules with the plans' tables (and sets) in place: what the lockout check looks at. */
export function rulesAfter(commit: Pick<ReviewedCommit, 'live' | 'plans' | 'stagedSets'>): Ruleset {
  const tables = withTables(commit.live, { ...commit.live, tables: commit.plans.map((p) => p.staged) });
  return commit.stagedSets ? { ...tables, sets: commit.stagedSets } : tables;
}

/** Whether what reaches this machine can change: a rule changes, or a set changes that a rule looks at. */
export const changesPackets = (commit: Pick<ReviewedCommit, 'live' | 'plans' | 'sets'>): boolean =>
  commit.plans.length > 0 || (commit.sets.length > 0 && usesSets(commit.live.tables));

/**
 * Refuses while a commit is open (before reading anything), then reads the file and the running tables.
 * @param root the state directory of the firewall (see stateRoot)
 * @throws PendingCommitError, InputError, ParseError, RulesElsewhereError (rules only in iptables-legacy)
 */
export async function planApplyFile(
  req: ApplyRequest,
  root: string,
  runner: CommandRunner,
  stdin: () => Promise<string>,
): Promise<FilePlan> {
  await assertNothingPending(root);
  const text = await readInput(req.file, stdin);
  // --noflush: a file may add to chains only the running table declares, so it is read against that table.
  const file = req.noflush ? null : parseSave(text, { family: req.family });
  const iptables = iptablesFor(req, runner);
  const read = await iptables.save(req.family);
  const options = [...(req.family === 'ipv6' ? ['-6'] : []), ...(req.noflush ? ['--noflush'] : [])];
  const retry = fwtuiCommand({ netns: req.netns, backend: 'legacy' }, 'apply', req.file, ...options);
  await assertRulesHere(read, iptables, req.family, 'apply', retry);
  const live = read.ruleset;
  const plans = file ? replacePlans(live, file) : noflushPlans(live, text);
  return { plans, sets: [], fileTables: file ? file.tables.map((t) => t.name) : null, live, iptables };
}

/** How long a commit whose deadline passed while it was written is waited for: the guard puts it back. */
const TOO_SLOW_WAIT_MS = 30_000;

export type ArmedApply =
  | { readonly kind: 'written'; readonly applied: SafeApply }
  /**
   * The deadline passed while writing: the guard reverts what was written; `end` resolves with its word
   * (null: gone), waited for up to 30 s.
   */
  | { readonly kind: 'too-slow'; readonly why: string; readonly end: Promise<CommitEntry | null> };

/** Writes the plans (and sets) under the safety net; a write too slow for its deadline is waited for, never claimed. */
export async function applyArmed(
  commit: Pick<ReviewedCommit, 'plans' | 'sets' | 'iptables'>,
  timeoutSec: number,
  deps: SafetyNetDeps,
): Promise<ArmedApply> {
  try {
    const applied = await applyWithSafetyNet(commit.iptables, commit.plans, timeoutSec, deps, commit.sets);
    return { kind: 'written', applied };
  } catch (e) {
    if (!(e instanceof DeadlinePassedError)) throw e;
    return { kind: 'too-slow', why: e.message, end: waitSettled(e.dir, Date.now() + TOO_SLOW_WAIT_MS) };
  }
}
