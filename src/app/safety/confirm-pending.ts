/** `fwtui confirm`: keeps the pending commit, or says why there is none to keep. */
import { confirmCommit } from './safety-net.js';
import { readOutcome, type CommitEntry } from '../state/state-dir.js';

export type ConfirmOutcome =
  | { readonly kind: 'nothing-pending' }
  | { readonly kind: 'confirmed'; readonly entry: CommitEntry }
  /** Nothing pending: the last commit was kept already (by an earlier confirm). */
  | { readonly kind: 'already-kept'; readonly entry: CommitEntry }
  /** Reverted on request (fwtui revert, R) before its deadline: nothing was pending, so it is not "too late". */
  | { readonly kind: 'reverted-on-request'; readonly entry: CommitEntry; readonly by: string; readonly at: number }
  /** The deadline (or a revert) won the race: the old rules are back or coming back. */
  | { readonly kind: 'too-late'; readonly entry: CommitEntry };

/** The guard's (or watcher's) word when it reverted at the deadline, as guard.ts records it. */
const AT_DEADLINE = /^the (guard|watcher)\b.* at the deadline$/;

/** Whether a revert recorded as `by` was the guard's (or its watcher's) at the deadline. */
export const revertedAtDeadline = (by: string): boolean => AT_DEADLINE.test(by);

/** Confirms the pending commit of the state directory `root`. */
export async function confirmPending(root: string): Promise<ConfirmOutcome> {
  const r = await confirmCommit(root);
  if (r.kind !== 'too-late') return r;
  const outcome = await readOutcome(r.entry.dir);
  if (r.entry.state === 'reverted' && outcome && !revertedAtDeadline(outcome.by))
    return { kind: 'reverted-on-request', entry: r.entry, by: outcome.by, at: outcome.at };
  return r;
}
