/**
 * The guard: a detached process (its own session, no terminal) that waits
 * for a commit's deadline and puts the old rules back unless the commit was
 * confirmed first. It depends on nothing but the state directory: fwtui,
 * the terminal and the SSH session may all be gone.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { Iptables } from '../backend/iptables.js';
import { COMMIT_ID, type CommitRecord } from '../domain/pending-commit.js';
import { claimAndRevert } from './safety-net.js';
import { applyLockHeld, readCommit, readDeadline, recordAnomaly, tokenOf, writeGuardPid } from './state-dir.js';
import { assertTrustedDir } from './trusted-path.js';
import { fwtuiCommand } from '../domain/command-hint.js';

/**
 * `fwtui status` for the firewall whose commits live in `root`: a namespace's
 * state is under BASE/netns/NAME (see stateRoot), and the hint must name it.
 */
export function statusHint(root: string, base: string): string {
  const parts = relative(resolve(base), root).split(sep);
  return fwtuiCommand({ netns: parts.length === 2 && parts[0] === 'netns' ? parts[1] : null }, 'status');
}

export interface GuardDeps {
  makeIptables(record: CommitRecord): Iptables;
  /** Where guard messages go (its log file, or the journal under systemd). */
  log(line: string): void;
  /** Something that should not happen (a vanished token, a damaged file): said loudly beyond the log (system log). */
  alarm?(line: string): void;
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
  // Never silent: an anomaly goes to the log, the system log, and a file `fwtui status` shows.
  const anomaly = (line: string): void => {
    deps.log(`ANOMALY: ${line}`);
    deps.alarm?.(`commit ${id}: ${line}`);
    recordAnomaly(full, line);
  };
  if (!full.startsWith(resolve(deps.base) + sep) || !COMMIT_ID.test(id)) {
    anomaly(`refusing to guard ${full}: not a commit directory under ${deps.base}`);
    return 2;
  }
  try {
    assertTrustedDir(full);
  } catch (e) {
    anomaly(`refusing to guard ${full}: ${(e as Error).message}`);
    return 2;
  }
  const entry = readCommit(full);
  if (!entry || entry.state !== 'pending') {
    if (entry) deps.log(`commit ${id} is not pending (${entry.state}): nothing to guard`);
    else anomaly(`the commit's record, deadline or token cannot be read: cannot guard it (${statusHint(dirname(full), deps.base)})`);
    return entry ? 0 : 2;
  }
  await writeGuardPid(full, process.pid);
  deps.log(`guarding commit ${id} until it is confirmed or its deadline passes`);
  const tick = deps.tickMs ?? 100;
  for (;;) {
    const token = tokenOf(full);
    if (token === null) {
      anomaly('the commit directory or its state token vanished: nobody confirmed or reverted it');
      return 2;
    }
    if (token.state !== 'pending') {
      deps.log(`commit ${id} is ${token.state}: standing down`);
      return 0;
    }
    let deadline: number;
    try {
      deadline = readDeadline(full);
    } catch (e) {
      // A damaged deadline must not keep unconfirmed rules: revert now.
      anomaly(`${(e as Error).message}: reverting now`);
      break;
    }
    const left = deadline - deps.now();
    // An apply still writing (a live fwtui holds the lock) is waited for, a while; a dead one is not.
    if (left <= 0 && (!applyLockHeld(dirname(full)) || -left > MAX_WAIT_FOR_APPLY_MS)) break;
    await sleep(Math.max(1, Math.min(tick, left)));
  }
  const current = readCommit(full);
  if (!current) {
    anomaly(`the commit became unreadable at its deadline: NOT reverted (${statusHint(dirname(full), deps.base)})`);
    return 2;
  }
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
