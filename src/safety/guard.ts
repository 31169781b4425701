/**
 * The guard: a detached process (its own session, no terminal) that waits
 * for a commit's deadline and puts the old rules back unless the commit was
 * confirmed first. It depends on nothing but the state directory: fwtui,
 * the terminal and the SSH session may all be gone.
 */
import { dirname, resolve, sep } from 'node:path';
import type { Iptables } from '../backend/iptables.js';
import { COMMIT_ID, type CommitRecord } from '../domain/pending-commit.js';
import { claimAndRevert } from './safety-net.js';
import { applyLockHeld, readCommit, readDeadline, tokenOf, writeGuardPid } from './state-dir.js';

export interface GuardDeps {
  makeIptables(record: CommitRecord): Iptables;
  /** Where guard messages go (its log file, or the journal under systemd). */
  log(line: string): void;
  now(): number;
  /** The state base directory: the guard only ever works below it. */
  readonly base: string;
  /** How often to look at the token and the deadline. @default 100 */
  readonly tickMs?: number;
}

/** How long past the deadline the guard waits for an apply that is still writing (a stopped fwtui must not stop it). */
const MAX_WAIT_FOR_APPLY_MS = 120_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the guard for the commit in `dir`; resolves with the exit code. */
export async function runGuard(dir: string, deps: GuardDeps): Promise<number> {
  // A hang-up, ^C or a closed pipe of whatever started us must not stop the revert.
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGQUIT'] as const) process.on(signal, () => deps.log(`ignored ${signal}`));
  process.on('SIGPIPE', () => undefined);
  const full = resolve(dir);
  const id = full.split(sep).pop() ?? '';
  if (!full.startsWith(resolve(deps.base) + sep) || !COMMIT_ID.test(id)) {
    deps.log(`refusing to guard ${full}: not a commit directory under ${deps.base}`);
    return 2;
  }
  const entry = readCommit(full);
  if (!entry || entry.state !== 'pending') {
    deps.log(`commit ${id} is not pending (${entry?.state ?? 'unreadable'}): nothing to guard`);
    return entry ? 0 : 2;
  }
  await writeGuardPid(full, process.pid);
  deps.log(`guarding commit ${id} until it is confirmed or its deadline passes`);
  const tick = deps.tickMs ?? 100;
  for (;;) {
    const token = tokenOf(full);
    if (token?.state !== 'pending') {
      deps.log(`commit ${id} is ${token?.state ?? 'gone'}: standing down`);
      return 0;
    }
    const left = readDeadline(full) - deps.now();
    // An apply still writing (a live fwtui holds the lock) is waited for, a while; a dead one is not.
    if (left <= 0 && (!applyLockHeld(dirname(full)) || -left > MAX_WAIT_FOR_APPLY_MS)) break;
    await sleep(Math.max(1, Math.min(tick, left)));
  }
  const current = readCommit(full);
  if (!current) return 0;
  const result = await claimAndRevert(current, deps.makeIptables(current.record), 'the guard at the deadline', deps.now);
  if (result.kind === 'lost') {
    deps.log(`commit ${id} was confirmed or reverted just before the deadline: standing down`);
    return 0;
  }
  for (const m of result.messages) deps.log(m);
  if (result.kind === 'revert-failed') {
    deps.log(`REVERT FAILED for commit ${id}: the firewall may still hold the unconfirmed rules`);
    return 1;
  }
  deps.log(`commit ${id} reverted`);
  return 0;
}
