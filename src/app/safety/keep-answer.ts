/** What the admin's answer to apply's "Keep these rules?" does to the commit just applied. */
import { confirmCommit, revertNow, type Pending, type RevertResult, type SafetyNetDeps } from './safety-net.js';
import { readCommit, type CommitEntry } from '../state/state-dir.js';
import { waitSettled } from './settle-wait.js';

/** The admin's answer to "Keep these rules?". */
export type KeepAnswer = 'yes' | 'no' | 'timeout' | 'decided-elsewhere';

/** How long past the deadline the guard's word is waited for. */
const GUARD_GRACE_MS = 10_000;

export type KeepOutcome =
  /** Yes, and the commit is confirmed. */
  | { readonly kind: 'kept' }
  /** Yes, but the deadline (or a revert) won: `entry` says how it ended (null: gone). */
  | { readonly kind: 'too-late'; readonly entry: CommitEntry | null }
  /** No: reverted now, as `result` says. */
  | { readonly kind: 'reverted'; readonly result: RevertResult }
  /** No answer in time, or settled elsewhere: how the guard (or another shell) left it (null: gone). */
  | { readonly kind: 'settled'; readonly entry: CommitEntry | null };

/** Whether the commit was settled while the question was open (by the guard, or from another shell). */
export const settledElsewhere = (pending: Pending) => (): boolean => readCommit(pending.dir)?.state !== 'pending';

/** Confirms, reverts, or waits for the guard's word, after the answer. */
export async function settleAnswer(answer: KeepAnswer, pending: Pending, deps: SafetyNetDeps): Promise<KeepOutcome> {
  if (answer === 'yes') {
    const r = await confirmCommit(deps.root, pending.id);
    if (r.kind === 'confirmed') return { kind: 'kept' };
    return { kind: 'too-late', entry: r.kind === 'too-late' ? r.entry : null };
  }
  if (answer === 'no') {
    return { kind: 'reverted', result: await revertNow(deps.root, deps, 'fwtui apply (answered no)', pending.id) };
  }
  return { kind: 'settled', entry: await waitSettled(pending.dir, pending.deadline + GUARD_GRACE_MS) };
}
