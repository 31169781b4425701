/**
 * `fwtui status`: the open commit made safe (see checkPending), with what was recorded about it, and
 * the report model `--json` prints.
 */
import { readTrouble, troubleWords, type RevertTrouble } from './revert-trouble.js';
import { checkPending, type SafetyNetDeps, type StatusReport } from './safety-net.js';
import { applyLockHeld, readAnomalies, type CommitEntry } from '../state/state-dir.js';

export interface CommitStatus {
  readonly report: StatusReport;
  /** When it was looked at (ms). */
  readonly now: number;
  /** What the guard (or a refused revert) recorded as going wrong with the commit shown; null when nothing. */
  readonly anomaly: { readonly id: string; readonly text: string } | null;
  /** Why the revert running now is stuck (busy only); null when it is not. */
  readonly trouble: RevertTrouble | null;
}

/** The commit a report is about: the open one, the one just recovered, or the last one. */
export const reportedCommit = (report: StatusReport): CommitEntry | null =>
  report.kind === 'none' ? report.last : report.kind === 'recovered' ? report.result.entry : report.entry;

/** Finds the open commit, makes it safe (a guard gone: reverted now), and reads what was recorded about it. */
export async function readCommitStatus(deps: SafetyNetDeps): Promise<CommitStatus> {
  const report = await checkPending(deps.root, deps, () => applyLockHeld(deps.root));
  const now = deps.now();
  const entry = reportedCommit(report);
  const text = entry ? readAnomalies(entry.dir).trim() : '';
  const trouble = report.kind === 'busy' ? readTrouble(report.entry.dir) : null;
  return { report, now, anomaly: entry && text ? { id: entry.record.id, text } : null, trouble };
}

/**
 * Whether status offers `fwtui save`: the last commit was confirmed and the running rules differ from the
 * boot files. A failed comparison offers nothing.
 */
export async function offersSave(report: StatusReport, unsaved: () => Promise<boolean>): Promise<boolean> {
  return report.kind === 'none' && report.last?.state === 'confirmed' && (await unsaved().catch(() => false));
}

/** `fwtui status --json`: the state, the commit shown and the messages about it. */
export function statusJson(status: CommitStatus): unknown {
  const { report, now } = status;
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
      const t = status.trouble;
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
