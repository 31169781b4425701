/**
 * `fwtui apply FILE`, `confirm`, `revert` and `status`: the safety net from
 * scripts and from a second SSH connection. Same engine as the view.
 */
import { createIptables, type Iptables } from '../backend/iptables.js';
import type { TablePlan } from '../domain/commit/commit-plan.js';
import type { SetPlan } from '../domain/sets/set-plan.js';
import { usesSets } from '../domain/sets/ip-set.js';
import { parseSave } from '../domain/text/parse-save.js';
import { clockTime, countdown, describeCommit } from '../domain/commit/pending-commit.js';
import { replacePlans } from '../domain/commit/replace-plan.js';
import { noflushPlans } from '../domain/commit/noflush-plan.js';
import { reviewApply } from './apply-review.js';
import { readTrouble, troubleWords } from '../app/safety/revert-trouble.js';
import {
  applyWithSafetyNet,
  assertNothingPending,
  checkPending,
  confirmCommit,
  DeadlinePassedError,
  revertNow,
  type SafeApply,
  type SafetyNetDeps,
  type StatusReport,
} from '../app/safety/safety-net.js';
import { applyLockHeld, readAnomalies, readOutcome, readCommit, type CommitEntry } from '../app/state/state-dir.js';
import { printable } from '../domain/text/printable.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { readInput } from '../app/sources/load-ruleset.js';
import type { CommandRunner } from '../backend/runner.js';
import { LOCKOUT_WORD, lockoutWarnings, protectedLine, type Protect } from '../domain/analysis/lockout.js';
import { withTables, type Ruleset, type RulesetSets } from '../domain/model/ruleset.js';
import { fwtuiCommand, type CommandScope } from '../domain/hints/command-hint.js';

/** The admin's answer to "Keep these rules?". */
export type KeepAnswer = 'yes' | 'no' | 'timeout' | 'decided-elsewhere';

export interface SafetyIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Asks "Keep these rules? (y/N)" with a countdown to `deadline`; `decided` says when
   * the commit was settled elsewhere (the guard, another shell); `what` is what is kept ("changes" when
   * IP sets changed too: they are not rules).
   */
  askKeep(deadline: number, decided: () => boolean, what?: 'rules' | 'changes'): Promise<KeepAnswer>;
  stdin: () => Promise<string>;
  /** Asks for a typed word on the terminal; null when there is none. */
  askWord?: (question: string) => Promise<string | null>;
  /** The invocation's --netns, --backend and --root: every printed hint carries them. */
  scope?: CommandScope;
}

/** A hint naming an fwtui command in this invocation's scope. */
const hint = (io: SafetyIo, ...words: string[]): string => fwtuiCommand(io.scope ?? {}, ...words);

const outcomeWords = (entry: CommitEntry | null): string => {
  if (!entry) return 'the commit is gone';
  if (entry.state === 'writing') return 'it is still being written';
  return entry.state === 'confirmed'
    ? 'it was confirmed'
    : entry.state === 'reverted'
      ? 'the old rules are back'
      : `it is ${entry.state}`;
};

export async function applyCommand(
  opts: CliOptions,
  runner: CommandRunner,
  deps: SafetyNetDeps,
  io: SafetyIo,
  protect: () => Promise<Protect>,
): Promise<ExitCode> {
  await assertNothingPending(deps.root);
  const family = opts.family ?? 'ipv4';
  const text = await readInput(opts.applyFile!, io.stdin);
  // --noflush: a file may add to chains only the running table declares, so it is read against that table.
  const file = opts.noflush ? null : parseSave(text, { family });
  const iptables = createIptables({ runner, netns: opts.netns, variant: opts.backend });
  const live = await iptables.save(family);
  const plans = file ? replacePlans(live.ruleset, file) : noflushPlans(live.ruleset, text);
  if (plans.length === 0) {
    const tables = file ? file.tables.map((t) => t.name).join(', ') : 'tables';
    io.stdout(`nothing to apply: the live ${tables} already match ${opts.applyFile}\n`);
    return EXIT.ok;
  }
  // Worst first, before anything is asked: a table replaced can delete other programs' chains.
  const how = { file: opts.applyFile!, noflush: opts.noflush, force: opts.force };
  if (!(await reviewApply(plans, family, how, io))) return EXIT.foreignChains;
  return applyUnderSafetyNet({ iptables, live: live.ruleset, plans, sets: [] }, opts, deps, io, protect);
}

/** A reviewed commit for applyUnderSafetyNet: the tables (and sets) to change and the live ruleset they start from. */
export interface ReviewedCommit {
  readonly iptables: Iptables;
  readonly live: Ruleset;
  readonly plans: readonly TablePlan[];
  readonly sets: readonly SetPlan[];
  /** The sets as they will be, for the lockout check (absent: as `live` has them). */
  readonly stagedSets?: RulesetSets;
}

/**
 * What apply and block share once the change is known: the lockout check, the commit under the safety
 * net, and the confirm-or-revert flow with its exit codes.
 */
export async function applyUnderSafetyNet(
  commit: ReviewedCommit,
  opts: CliOptions,
  deps: SafetyNetDeps,
  io: SafetyIo,
  protect: () => Promise<Protect>,
): Promise<ExitCode> {
  const { iptables, live, plans, sets } = commit;
  const tables = withTables(live, { ...live, tables: plans.map((p) => p.staged) });
  const staged = commit.stagedSets ? { ...tables, sets: commit.stagedSets } : tables;
  // No rule changes and no rule that looks at a set: what reaches this machine stays as it is.
  const changesPackets = plans.length > 0 || (sets.length > 0 && usesSets(live.tables));
  if (changesPackets && !(await lockoutCleared(staged, live, await protect(), opts.allowLockout, io)))
    return EXIT.lockout;
  let applied: SafeApply;
  try {
    applied = await applyWithSafetyNet(iptables, plans, opts.confirmTimeout, deps, sets);
  } catch (e) {
    if (!(e instanceof DeadlinePassedError)) throw e;
    // Too slow a write: the guard reverts what was written; wait for its word rather than claim anything.
    io.stderr(`fwtui: ${e.message}\n`);
    const end = await waitSettled(e.dir, Date.now() + 30_000);
    io.stderr(`fwtui: ${outcomeWords(end)}.\n`);
    return end?.state === 'reverted' ? EXIT.reverted : EXIT.failure;
  }
  const { outcome, pending } = applied;
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
  const settled = (): boolean => readCommit(pending.dir)?.state !== 'pending';
  const answer = await io.askKeep(pending.deadline, settled, sets.length > 0 ? 'changes' : 'rules');
  if (answer === 'yes') {
    const r = await confirmCommit(deps.root, pending.id);
    if (r.kind === 'confirmed') {
      io.stdout('Kept.\n');
      return EXIT.ok;
    }
    io.stdout(`Too late: ${outcomeWords(r.kind === 'too-late' ? r.entry : null)}.\n`);
    return EXIT.reverted;
  }
  if (answer === 'no') {
    const r = await revertNow(deps.root, deps, 'fwtui apply (answered no)', pending.id);
    return reportRevert(r.kind, r.messages, r.entry, io);
  }
  // Timed out or settled elsewhere: the guard (or another shell) decides; wait for its word.
  const end = await waitSettled(pending.dir, pending.deadline + 10_000);
  if (end?.state === 'confirmed') {
    io.stdout('Kept (confirmed from elsewhere).\n');
    return EXIT.ok;
  }
  io.stdout(`${answer === 'timeout' ? 'No answer in time: ' : ''}${outcomeWords(end)}.\n`);
  return end?.state === 'reverted' ? EXIT.reverted : EXIT.failure;
}

/**
 * The lockout check before apply: quiet when the staged rules keep SSH open;
 * otherwise the warnings, and the admin must type LOCKOUT (or pass --allow-lockout).
 */
async function lockoutCleared(
  staged: Ruleset,
  live: Ruleset,
  protect: Protect,
  allowed: boolean,
  io: SafetyIo,
): Promise<boolean> {
  const warnings = lockoutWarnings(staged, live, protect);
  if (warnings.length === 0) return true;
  io.stderr(
    `fwtui: these rules may lock you out ` +
      `(${protectedLine(protect)}):\n${warnings.map((w) => `  ${w.message}\n`).join('')}`,
  );
  if (allowed) {
    io.stderr('fwtui: applying anyway (--allow-lockout); the safety net still reverts unless confirmed\n');
    return true;
  }
  const typed = await io.askWord?.(`Type ${LOCKOUT_WORD} to apply anyway (anything else cancels): `);
  if (typed === LOCKOUT_WORD) return true;
  const noTerminal = typed === null || typed === undefined;
  io.stderr(
    `fwtui: not applied${noTerminal ? ' (no terminal to confirm on: pass --allow-lockout to apply anyway)' : ''}\n`,
  );
  return false;
}

async function waitSettled(dir: string, until: number): Promise<CommitEntry | null> {
  for (;;) {
    const entry = readCommit(dir);
    if (
      !entry ||
      entry.state === 'confirmed' ||
      entry.state === 'reverted' ||
      entry.state === 'revert-failed' ||
      Date.now() > until
    )
      return entry;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A commit that no longer matches its seal: nothing of it is loaded, its unconfirmed rules stay,
 * and only the admin can settle it (stderr lines).
 */
function refusedLines(entry: CommitEntry, problems: readonly string[], io: SafetyIo): string {
  const keep = entry.state === 'pending' ? `, then \`${hint(io, 'confirm')}\` closes the commit` : '';
  const what = describeCommit(entry.record);
  return (
    `fwtui: NOT reverted: ${what} does not match what it was armed with, so fwtui loads none of it:\n` +
    problems.map((p) => `  ${printable(p)}\n`).join('') +
    `  The unconfirmed rules are still in place: put the old rules back by hand from a copy you trust${keep}.\n`
  );
}

function reportRevert(kind: string, messages: readonly string[], entry: CommitEntry | null, io: SafetyIo): ExitCode {
  if (kind === 'refused' && entry) {
    io.stderr(refusedLines(entry, messages, io));
    return EXIT.failure;
  }
  if (kind === 'nothing-pending') {
    io.stderr(`fwtui: no pending commit${entry ? ` (the last one: ${outcomeWords(entry)})` : ''}\n`);
    return EXIT.nothingPending;
  }
  if (kind === 'lost') {
    io.stdout(`${outcomeWords(entry)}${messages.length > 0 ? ` (${messages.join('; ')})` : ''}.\n`);
    return entry?.state === 'confirmed' ? EXIT.failure : EXIT.ok;
  }
  if (kind === 'revert-failed') {
    io.stderr(
      `fwtui: REVERT FAILED: the firewall may still hold the ` +
        `unconfirmed rules.\n${messages.map((m) => `  ${m}\n`).join('')}`,
    );
    return EXIT.failure;
  }
  io.stdout(`Reverted: the old rules are back.\n${messages.map((m) => `  ${m}\n`).join('')}`);
  return EXIT.reverted;
}

export async function confirmCommand(deps: SafetyNetDeps, io: SafetyIo): Promise<ExitCode> {
  const r = await confirmCommit(deps.root);
  if (r.kind === 'nothing-pending') {
    io.stderr('fwtui: no pending commit to confirm\n');
    return EXIT.nothingPending;
  }
  if (r.kind === 'confirmed') {
    io.stdout(`Kept: ${describeCommit(r.entry.record)}.\n`);
    return EXIT.ok;
  }
  // Reverted on request (fwtui revert, R), not by the deadline: nothing was pending, so this is not "too late".
  const outcome = await readOutcome(r.entry.dir);
  if (r.entry.state === 'reverted' && outcome && !/^the (guard|watcher)\b.* at the deadline$/.test(outcome.by)) {
    io.stderr(
      `fwtui: no pending commit to confirm: the last one was reverted by ` +
        `${outcome.by} at ${clockTime(outcome.at)} (${describeCommit(r.entry.record)})\n`,
    );
    return EXIT.nothingPending;
  }
  io.stderr(`fwtui: too late: ${outcomeWords(r.entry)} (${describeCommit(r.entry.record)})\n`);
  return EXIT.reverted;
}

export async function revertCommand(deps: SafetyNetDeps, io: SafetyIo): Promise<ExitCode> {
  const r = await revertNow(deps.root, deps, 'fwtui revert');
  const code = reportRevert(r.kind, r.messages, r.entry, io);
  // Asked to revert, and it is reverted: that is success for this command.
  return code === EXIT.reverted ? EXIT.ok : code;
}

function statusJson(report: StatusReport, now: number): unknown {
  const commit = (e: CommitEntry | null) =>
    e && {
      id: e.record.id,
      state: e.state,
      appliedAt: new Date(e.record.createdAt).toISOString(),
      deadline: new Date(e.deadline).toISOString(),
      secondsLeft: e.state === 'pending' ? Math.max(0, Math.ceil((e.deadline - now) / 1000)) : 0,
      by: e.record.by,
      netns: e.record.netns,
      backend: e.record.backend,
      summary: e.record.summary,
      dir: e.dir,
    };
  switch (report.kind) {
    case 'none':
      return { state: 'none', commit: commit(report.last), messages: [] };
    case 'pending':
      return { state: 'pending', commit: commit(report.entry), messages: [] };
    case 'busy': {
      const t = readTrouble(report.entry.dir);
      return { state: 'reverting', commit: commit(report.entry), messages: t ? [troubleWords(t)] : [] };
    }
    case 'revert-failed':
      return { state: 'revert-failed', commit: commit(report.entry), messages: report.messages };
    case 'recovered':
      return { state: report.result.kind, commit: commit(report.result.entry), messages: report.result.messages };
    case 'refused':
      return { state: 'refused', commit: commit(report.entry), messages: report.problems };
  }
}

/**
 * @param unsaved whether the running rules differ from the boot files (after a confirmed commit, status offers to save)
 */
/** Never silent: what the guard (or a refused revert) recorded as going wrong is shown first, on stderr. */
function sayAnomalies(report: StatusReport, io: SafetyIo): void {
  const entry = report.kind === 'none' ? report.last : report.kind === 'recovered' ? report.result.entry : report.entry;
  const text = entry ? readAnomalies(entry.dir).trim() : '';
  // Recorded by the guard, or by a revert that refused a commit not matching its seal.
  const lines = text
    .split('\n')
    .map((l) => `  ${printable(l)}\n`)
    .join('');
  if (text) io.stderr(`fwtui: a problem was recorded for commit ${entry!.record.id}:\n${lines}`);
}

export async function statusCommand(
  deps: SafetyNetDeps,
  io: SafetyIo,
  json: boolean,
  unsaved: () => Promise<boolean> = async () => false,
): Promise<ExitCode> {
  const report = await checkPending(deps.root, deps, () => applyLockHeld(deps.root));
  const now = deps.now();
  sayAnomalies(report, io);
  if (json) io.stdout(`${JSON.stringify(statusJson(report, now), null, 2)}\n`);
  switch (report.kind) {
    case 'none': {
      const last = report.last ? ` Last: ${describeCommit(report.last.record)}; ${outcomeWords(report.last)}.` : '';
      if (!json) io.stdout(`No pending commit.${last}\n`);
      if (!json && report.last?.state === 'confirmed' && (await unsaved().catch(() => false))) {
        io.stdout(
          `The running rules are not saved for boot yet: \`${hint(io, 'save')}\` ` +
            `saves them (\`${hint(io, 'saved-diff')}\` shows the difference).\n`,
        );
      }
      return EXIT.ok;
    }
    case 'pending': {
      const e = report.entry;
      if (!json) {
        io.stdout(`Pending: ${describeCommit(e.record)}\n${e.record.summary.map((l) => `  ${l}\n`).join('')}`);
        // Under --netns, reaching this host (to run status) proves nothing about the namespace's firewall.
        const ns = io.scope?.netns;
        const proof = ns
          ? `Reaching this host proves nothing about namespace ${printable(ns)}: ` +
            'check that new connections into it work'
          : 'You reached this machine, so new connections work';
        const when = `It reverts at ${clockTime(e.deadline)} (in ${countdown(e.deadline, now)}).`;
        io.stdout(
          `${when} ${proof}:\n  ${hint(io, 'confirm')}   keeps it\n` +
            `  ${hint(io, 'revert')}    puts the old rules back now\n`,
        );
      }
      return EXIT.pending;
    }
    case 'busy': {
      const t = readTrouble(report.entry.dir);
      if (t) {
        // Loud on stderr even with --json: the unconfirmed rules are still there.
        io.stderr(`fwtui: ${troubleWords(t)}\n  (${describeCommit(report.entry.record)})\n`);
        return EXIT.failure;
      }
      if (!json) io.stdout(`Commit ${report.entry.record.id} is being reverted right now.\n`);
      return EXIT.pending;
    }
    case 'revert-failed':
      io.stderr(
        `fwtui: REVERT FAILED for ${describeCommit(report.entry.record)}: the ` +
          `firewall may still hold the unconfirmed ` +
          `rules.\n${report.messages.map((m) => `  ${m}\n`).join('')}  ${hint(io, 'revert')} tries again.\n`,
      );
      return EXIT.failure;
    case 'refused':
      // Loud on stderr even with --json: nothing will put the old rules back.
      io.stderr(refusedLines(report.entry, report.problems, io));
      return EXIT.failure;
    case 'recovered': {
      const r = report.result;
      if (r.kind === 'revert-failed') {
        io.stderr(
          `fwtui: the guard of a pending commit was gone and the ` +
            `revert FAILED:\n${r.messages.map((m) => `  ${m}\n`).join('')}`,
        );
        return EXIT.failure;
      }
      const which = r.entry ? ` (${describeCommit(r.entry.record)})` : '';
      const messages = r.messages.map((m) => `  ${m}\n`).join('');
      if (!json)
        io.stdout(`The guard of a pending commit was gone, so its rules were reverted now${which}:\n${messages}`);
      return EXIT.ok;
    }
  }
}
