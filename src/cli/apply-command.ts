/**
 * `fwtui apply FILE`: the plan (app/safety/apply-file.ts) reviewed and asked about, written under the
 * safety net (block shares that part: applyUnderSafetyNet), then "Keep these rules?" (app/safety/keep-answer.ts),
 * each step printed with its exit code.
 */
import {
  applyArmed,
  changesPackets,
  planApplyFile,
  rulesAfter,
  type ReviewedCommit,
} from '../app/safety/apply-file.js';
import { settleAnswer, settledElsewhere, type KeepOutcome } from '../app/safety/keep-answer.js';
import type { SafetyNetDeps } from '../app/safety/safety-net.js';
import type { CommandRunner } from '../backend/runner.js';
import type { Protect } from '../domain/analysis/lockout.js';
import { clockTime } from '../domain/commit/pending-commit.js';
import type { CliOptions } from './args.js';
import { reviewApply } from './apply-review.js';
import { hint, outcomeWords } from './commit-words.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { lockoutCleared } from './lockout-question.js';
import { reportRevert } from './revert-command.js';
import type { SafetyIo } from './safety-io.js';

export async function applyCommand(
  opts: CliOptions,
  runner: CommandRunner,
  deps: SafetyNetDeps,
  io: SafetyIo,
  protect: () => Promise<Protect>,
): Promise<ExitCode> {
  const family = opts.family ?? 'ipv4';
  const file = opts.applyFile!;
  const request = { file, family, noflush: opts.noflush, netns: opts.netns, backend: opts.backend };
  const plan = await planApplyFile(request, deps.root, runner, io.stdin);
  if (plan.plans.length === 0) {
    io.stdout(`nothing to apply: the live ${plan.fileTables?.join(', ') ?? 'tables'} already match ${file}\n`);
    return EXIT.ok;
  }
  // Worst first, before anything is asked: a table replaced can delete other programs' chains.
  if (!(await reviewApply(plan.plans, family, { file, noflush: opts.noflush, force: opts.force }, io)))
    return EXIT.foreignChains;
  return applyUnderSafetyNet(plan, opts, deps, io, protect);
}

/**
 * What apply and block share once the change is known and reviewed: the lockout question (when what reaches
 * this machine can change), the commit written, and keep-or-revert, printed with the exit code.
 */
export async function applyUnderSafetyNet(
  commit: ReviewedCommit,
  opts: Pick<CliOptions, 'allowLockout' | 'confirmTimeout' | 'noWait'>,
  deps: SafetyNetDeps,
  io: SafetyIo,
  protect: () => Promise<Protect>,
): Promise<ExitCode> {
  const cleared = async (): Promise<boolean> =>
    lockoutCleared(rulesAfter(commit), commit.live, await protect(), opts.allowLockout, io);
  if (changesPackets(commit) && !(await cleared())) return EXIT.lockout;
  const armed = await applyArmed(commit, opts.confirmTimeout, deps);
  if (armed.kind === 'too-slow') {
    // Too slow a write: the guard reverts what was written; its word is said rather than anything claimed.
    io.stderr(`fwtui: ${armed.why}\n`);
    const end = await armed.end;
    io.stderr(`fwtui: ${outcomeWords(end)}.\n`);
    return end?.state === 'reverted' ? EXIT.reverted : EXIT.failure;
  }
  const { outcome, pending } = armed.applied;
  if (outcome.kind === 'drift') {
    const what = [
      ...outcome.drift.map((d) => `${d.table} ${d.chains.join(', ')}`),
      ...(outcome.sets ?? []).map((d) => `set ${d.name} (${d.words.join('; ')})`),
    ];
    io.stderr(`fwtui: another program changed ${what.join('; ')} while applying: nothing was written; run it again\n`);
    return EXIT.failure;
  }
  for (const p of outcome.problems) io.stderr(`fwtui: warning: ${p}\n`);
  if (!pending) return EXIT.ok;
  io.stdout(`Applied commit ${pending.id}:\n${pending.record.summary.map((l) => `  ${l}\n`).join('')}`);
  if (opts.noWait) {
    io.stdout(
      `The old rules come back at ${clockTime(pending.deadline)} unless \`${hint(io, 'confirm')}\` keeps these.\n`,
    );
    return EXIT.ok;
  }
  const what = commit.sets.length > 0 ? 'changes' : 'rules';
  const answer = await io.askKeep(pending.deadline, settledElsewhere(pending), what);
  return sayKept(await settleAnswer(answer, pending, deps), answer === 'timeout', io);
}

/** What became of the commit after the answer, and the exit code: kept 0, reverted 6, anything else 1. */
function sayKept(kept: KeepOutcome, timedOut: boolean, io: SafetyIo): ExitCode {
  if (kept.kind === 'kept') {
    io.stdout('Kept.\n');
    return EXIT.ok;
  }
  if (kept.kind === 'too-late') {
    io.stdout(`Too late: ${outcomeWords(kept.entry)}.\n`);
    return EXIT.reverted;
  }
  if (kept.kind === 'reverted') return reportRevert(kept.result, io);
  if (kept.entry?.state === 'confirmed') {
    io.stdout('Kept (confirmed from elsewhere).\n');
    return EXIT.ok;
  }
  io.stdout(`${timedOut ? 'No answer in time: ' : ''}${outcomeWords(kept.entry)}.\n`);
  return kept.entry?.state === 'reverted' ? EXIT.reverted : EXIT.failure;
}
