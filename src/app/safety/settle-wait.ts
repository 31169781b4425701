/** Waiting for a commit's word: an apply that left the decision to the guard (or another shell) reports its end. */
import { readCommit, type CommitEntry } from '../state/state-dir.js';

const POLL_MS = 100;

/**
 * Polls the commit in `dir` until it is confirmed, reverted, failed to revert or gone, or `until` passes.
 * @returns the commit as last read (null: gone)
 */
export async function waitSettled(dir: string, until: number): Promise<CommitEntry | null> {
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
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
