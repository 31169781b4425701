/**
 * "Is this commit still pending and armed?", asked with the same atomic
 * token the guard, confirm and revert claim. An apply writes to the kernel
 * only while it holds the token (`pending` renamed to `writing.PID`): the
 * guard cannot claim a commit in the middle of a write (it waits for a live
 * writer, then reverts what was written), and an apply cannot write once
 * the commit was confirmed or reverted, once its deadline has passed, or
 * once its guard is gone. One file, so the guard's supervision and the
 * apply share one definition.
 */
import { claim, guardAlive, processAlive, readCommit, readDeadline, tokenOf } from './state-dir.js';

/** Why a commit may not be written to: settled (confirmed, reverted, gone), past its deadline, or without a guard. */
export type NotArmed = 'settled' | 'deadline' | 'no-guard';

/** The token an apply holds while it writes. */
export const writingToken = (pid: number = process.pid): string => `writing.${pid}`;

/** Whether the process named by a `writing.PID` or `reverting.PID` token is alive. */
export function tokenHolderAlive(token: string): boolean {
  const pid = Number(token.split('.')[1]);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid, '');
}

/**
 * Whether the commit in `dir` may be written to at `now`: its token is
 * `pending` (or `held`, the writer's own token), its deadline has not
 * passed and its guard is running.
 * @returns null when armed, else why not
 */
export function commitArmed(dir: string, now: number, held?: string): NotArmed | null {
  const token = tokenOf(dir);
  if (!token || (token.token !== 'pending' && token.token !== held)) return 'settled';
  let deadline: number;
  try {
    deadline = readDeadline(dir);
  } catch {
    return 'deadline';
  }
  if (now >= deadline) return 'deadline';
  const entry = readCommit(dir);
  if (!entry) return 'settled';
  return guardAlive(entry) ? null : 'no-guard';
}

/** An apply's hold on a commit's token while it writes. */
export interface WriteHold {
  readonly dir: string;
  readonly token: string;
}

/**
 * Takes the commit's token for writing (`pending` -> `writing.PID`: the
 * rename the guard's claim races with, so exactly one of them gets it),
 * then checks that the commit is armed; gives the token back when not.
 */
export async function holdForWriting(dir: string, now: () => number): Promise<{ hold: WriteHold } | { why: NotArmed }> {
  const token = writingToken();
  if (!(await claim(dir, 'pending', token))) return { why: 'settled' };
  const why = commitArmed(dir, now(), token);
  if (why === null) return { hold: { dir, token } };
  await claim(dir, token, 'pending');
  return { why };
}

/**
 * Gives the token back (`writing.PID` -> `to`, `pending` by default).
 * @returns false when it was no longer ours
 */
export const releaseHold = (hold: WriteHold, to = 'pending'): Promise<boolean> => claim(hold.dir, hold.token, to);

/**
 * Waits while a live apply holds the commit's token: a confirm or revert
 * from another shell must not break into a write.
 */
export async function waitWhileWriting(dir: string, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  for (;;) {
    const t = tokenOf(dir);
    if (t?.state !== 'writing' || !tokenHolderAlive(t.token) || Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
