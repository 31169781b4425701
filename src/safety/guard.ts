/**
 * The guard: a detached process (its own session, no terminal) that waits
 * for a commit's deadline and puts the old rules back unless the commit was
 * confirmed first. It depends on nothing but the state directory: fwtui,
 * the terminal and the SSH session may all be gone.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { Iptables } from '../backend/iptables.js';
import { COMMIT_ID, type CommitRecord } from '../domain/pending-commit.js';
import { tokenHolderAlive } from './commit-token.js';
import type { RetryPolicy } from './revert.js';
import { troubleWords, writeTrouble } from './revert-trouble.js';
import { claimAndRevert } from './safety-net.js';
import { readCommit, readDeadline, recordAnomaly, tokenOf, writeGuardPid } from './state-dir.js';
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
  /** How long a failing revert is retried (tests shorten it). @default REVERT_RETRY_MS */
  readonly retryMs?: number;
}

/**
 * How long the guard keeps retrying a revert that fails (a held xtables
 * lock, an iptables that refuses), with pauses growing from 1 s to 30 s:
 * far beyond the seconds a lock is usually held.
 */
export const REVERT_RETRY_MS = 30 * 60_000;

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
    if (token.state !== 'pending' && token.state !== 'writing') {
      deps.log(`commit ${id} is ${token.state}: standing down`);
      return 0;
    }
    // An apply holds the token while it writes: wait for it, however late, then revert what it wrote.
    const writing = token.state === 'writing' && tokenHolderAlive(token.token);
    let left = tick;
    if (!writing) {
      try {
        left = readDeadline(full) - deps.now();
      } catch (e) {
        // A damaged deadline must not keep unconfirmed rules: revert now.
        anomaly(`${(e as Error).message}: reverting now`);
        left = 0;
      }
    }
    if (left > 0) {
      await sleep(Math.max(1, Math.min(tick, left)));
      continue;
    }
    const current = readCommit(full);
    if (!current) {
      anomaly(`the commit became unreadable at its deadline: NOT reverted (${statusHint(dirname(full), deps.base)})`);
      return 2;
    }
    const due = (): boolean => {
      try {
        return readDeadline(full) <= deps.now();
      } catch {
        return true;
      }
    };
    const options = { retry: retryPolicy(full, id, deps), due };
    const iptables = deps.makeIptables(current.record);
    const result = await claimAndRevert(current, iptables, 'the guard at the deadline', deps.now, options);
    if (result.kind === 'lost') {
      // An apply held the token for a moment, or moved the deadline once written: look again.
      const now = tokenOf(full)?.state;
      if (now === 'pending' || now === 'writing') continue;
      deps.log(`commit ${id} was confirmed or reverted just before the deadline: standing down`);
      return 0;
    }
    for (const m of result.messages) deps.log(m);
    if (result.kind === 'revert-failed') {
      deps.log(`REVERT FAILED for commit ${id}: the firewall may still hold the unconfirmed rules`);
      deps.alarm?.(`REVERT FAILED for commit ${id}: the firewall may still hold the unconfirmed rules (${statusHint(dirname(full), deps.base)})`);
      return 1;
    }
    deps.log(`commit ${id} reverted`);
    return 0;
  }
}

/** The guard's long retry: each failed attempt is logged, recorded for status and, the first time, alerted. */
function retryPolicy(dir: string, id: string, deps: GuardDeps): RetryPolicy {
  const since = deps.now();
  const until = since + (deps.retryMs ?? REVERT_RETRY_MS);
  return {
    until,
    async onFailure(attempt, failures, nextAt) {
      const words = troubleWords({ since, attempt, nextAt, until, failures });
      deps.log(`commit ${id}: ${words}`);
      if (attempt === 1) deps.alarm?.(`commit ${id}: ${words}`);
      await writeTrouble(dir, { since, attempt, nextAt, until, failures });
    },
  };
}
