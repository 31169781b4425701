/**
 * Reverting a commit by claim: whoever renames its state token to
 * `reverting.PID` first (the guard at the deadline, `fwtui revert`, status
 * after a crash) checks it against its seal and puts the old rules and sets
 * back; a revert that fails leaves the commands to do it by hand.
 */
import { dirname } from 'node:path';
import type { Iptables } from '../../backend/iptables.js';
import type { CommitRecord } from '../../domain/commit/pending-commit.js';
import type { SealAnchor } from '../../domain/commit/commit-seal.js';
import { diskFullWords, isDiskFull } from '../state/disk-space.js';
import { openSealed, openWithSealFile, SealError, type SealedCommit } from '../state/seal-check.js';
import {
  claim,
  readCommit,
  recordAnomaly,
  writeOutcome,
  type CommitEntry,
  type CommitState,
} from '../state/state-dir.js';
import { handRestore } from './hand-restore.js';
import { revertCommit, type RetryPolicy } from './revert.js';

/** Which firewall: a namespace (null: the host's) and the iptables programs (null: what `iptables` is). */
export type Firewall = Pick<CommitRecord, 'netns' | 'backend'>;

export interface RevertResult {
  /** refused: the commit does not match its seal, so nothing was loaded (messages say why); it stays open. */
  readonly kind: 'reverted' | 'revert-failed' | 'lost' | 'nothing-pending' | 'refused';
  readonly entry: CommitEntry | null;
  readonly messages: readonly string[];
}

export interface RevertOptions {
  /** How long to keep trying. @default three attempts */
  readonly retry?: RetryPolicy;
  /** Asked once the commit is claimed: is the revert still due (the deadline not moved meanwhile)? */
  readonly due?: () => boolean;
}

/** What a revert may act on, and how it reaches that firewall. */
export interface RevertTarget {
  /** What the reverter was started with (the guard's argv, the apply's memory); absent: the commit's seal file. */
  readonly anchor?: SealAnchor;
  /** The namespace whose state directory holds the commit (null: the host's). */
  readonly at: string | null;
  makeIptables(target: Firewall): Iptables;
}

/** Words for a commit that does not match its seal (anomaly file, logs, status). */
export const refusedWords = (problems: readonly string[]): string =>
  "NOT reverted: the commit's saved state does not match what it was armed with, so fwtui loads none of it: " +
  problems.join('; ');

/**
 * Checks the commit against its seal (see seal-check.ts); a mismatch is recorded for `fwtui status`.
 * @returns the commit to revert, or the refusal
 */
export function openForRevert(entry: CommitEntry, target: RevertTarget): SealedCommit | RevertResult {
  try {
    return target.anchor ? openSealed(entry.dir, target.anchor, target.at) : openWithSealFile(entry.dir, target.at);
  } catch (e) {
    if (!(e instanceof SealError)) throw e;
    recordAnomaly(entry.dir, refusedWords(e.problems));
    return { kind: 'refused', entry, messages: e.problems };
  }
}

/** The states a revert may be claimed from (a `writing` or `reverting` holder's liveness is the caller's to check). */
const REVERTABLE: ReadonlySet<CommitState> = new Set(['pending', 'writing', 'reverting', 'revert-failed']);

/**
 * Takes over the revert of `entry` from state `from` (pending, a failed
 * revert, or an interrupted one) and runs it to the end. The commit is
 * checked against its seal first: on a mismatch nothing is claimed or loaded.
 */
export async function claimAndRevert(
  entry: CommitEntry,
  target: RevertTarget,
  by: string,
  now: () => number,
  options: RevertOptions = {},
): Promise<RevertResult> {
  // Only an open commit is reverted: one confirmed, reverted or aborted since the caller looked (a confirm landing
  // at the deadline, a partner that finished just before its liveness was checked) is left as it is.
  if (!REVERTABLE.has(entry.state)) return { kind: 'lost', entry, messages: [] };
  const commit = openForRevert(entry, target);
  if ('kind' in commit) return commit;
  const mine = `reverting.${process.pid}`;
  if (!(await claim(entry.dir, entry.token, mine))) return { kind: 'lost', entry: readCommit(entry.dir), messages: [] };
  if (options.due && !options.due()) {
    // An apply finished writing and moved the deadline just before this claim: give the commit back.
    await claim(entry.dir, mine, entry.token);
    return { kind: 'lost', entry: readCommit(entry.dir), messages: [] };
  }
  const report = await revertCommit(target.makeIptables(commit.anchor), commit, options.retry);
  const notes: string[] = [];
  try {
    await writeOutcome(entry.dir, { at: now(), by, ok: report.ok, messages: report.messages });
  } catch (e) {
    // The outcome is only a note: the token below says how it ended, and must move whatever the disk says.
    const why = isDiskFull(e) ? diskFullWords(dirname(entry.dir)) : e instanceof Error ? e.message : String(e);
    notes.push(`how it ended could not be recorded (${why})`);
  }
  const end = report.ok ? 'reverted' : 'revert-failed';
  await claim(entry.dir, mine, end);
  const messages = report.ok ? [...report.messages, ...notes] : [...report.messages, ...notes, ...handRestore(entry)];
  return { kind: end, entry: readCommit(entry.dir), messages };
}
