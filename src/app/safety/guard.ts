/**
 * The guard: two detached processes (their own sessions, no terminal), the
 * guard and its watcher, that wait for a commit's deadline and put the old
 * rules back unless the commit was confirmed first. Each restarts the other
 * when it dies; both go for the revert at the deadline and the state token's
 * rename lets exactly one run it; the other watches the reverter and takes
 * the revert over if it dies half-way. They depend on nothing but the state
 * directory: fwtui, the terminal and the SSH session may all be gone.
 * What they act on (namespace, backend, files) comes from their command
 * line and is cross-checked with the record (seal-check.ts): a commit that
 * no longer matches is never loaded, and they say so loudly.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { Iptables } from '../../backend/iptables.js';
import type { SealAnchor } from '../../domain/commit/commit-seal.js';
import { COMMIT_ID } from '../../domain/commit/pending-commit.js';
import { tokenHolderAlive } from '../state/commit-token.js';
import type { RetryPolicy } from './revert.js';
import { troubleWords, writeTrouble } from './revert-trouble.js';
import { claimAndRevert, refusedWords, type Firewall, type RevertTarget } from './safety-net.js';
import { openSealed, SealError } from '../state/seal-check.js';
import {
  guardAlive,
  processAlive,
  readCommit,
  readDeadline,
  recordAnomaly,
  tokenOf,
  writeGuardPid,
  type GuardRole,
} from '../state/state-dir.js';
import { assertTrustedDir } from '../state/trusted-path.js';
import { fwtuiCommand } from '../../domain/hints/command-hint.js';

/**
 * `fwtui status` for the firewall whose commits live in `root`: a namespace's
 * state is under BASE/netns/NAME (see stateRoot), and the hint must name it.
 */
export function statusHint(root: string, base: string): string {
  const parts = relative(resolve(base), root).split(sep);
  return fwtuiCommand({ netns: parts.length === 2 && parts[0] === 'netns' ? parts[1] : null }, 'status');
}

export interface GuardDeps {
  /** What it was started with (its argv): the only namespace, backend and seal it acts on. */
  readonly anchor: SealAnchor;
  /** iptables for the anchor's namespace and backend. */
  makeIptables(target: Firewall): Iptables;
  /** Where guard messages go (its log file, or the journal under systemd). */
  log(line: string): void;
  /** Something that should not happen (a vanished token, a damaged file): said loudly beyond the log (system log). */
  alarm?(line: string): void;
  now(): number;
  /** The state base directory: the guard only ever works below it. */
  readonly base: string;
  /** Which of the two this process is. @default 'guard' */
  readonly role?: GuardRole;
  /** Starts the other one again (a detached process); absent: nobody is restarted. */
  restartPartner?(role: GuardRole): void;
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
/** A partner just started gets this long to write its pidfile before it counts as dead again. */
const PARTNER_START_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const partnerOf = (role: GuardRole): GuardRole => (role === 'guard' ? 'watcher' : 'guard');

/** Runs the guard (or the watcher) for the commit in `dir`; resolves with the exit code. */
export async function runGuard(dir: string, deps: GuardDeps): Promise<number> {
  // A hang-up, ^C or a closed pipe of whatever started us must not stop the revert.
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGQUIT'] as const)
    process.on(signal, () => deps.log(`ignored ${signal}`));
  process.on('SIGPIPE', () => undefined);
  const role = deps.role ?? 'guard';
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
  if (!entry || (entry.state !== 'pending' && entry.state !== 'reverting' && entry.state !== 'writing')) {
    if (entry) deps.log(`commit ${id} is not pending (${entry.state}): nothing to guard`);
    else
      anomaly(
        `the commit's record, deadline or token cannot be read: ` +
          `cannot guard it (${statusHint(dirname(full), deps.base)})`,
      );
    return entry ? 0 : 2;
  }
  const target: RevertTarget = { anchor: deps.anchor, at: placeOf(full, deps.base), makeIptables: deps.makeIptables };
  // Checked at the start (and before restarting the partner, and at the revert): a mismatch stops both, loudly.
  const sealed = (): boolean => {
    try {
      openSealed(full, deps.anchor, target.at);
      return true;
    } catch (e) {
      if (!(e instanceof SealError)) {
        // A read that failed for a passing reason: checked again at the revert, which retries.
        deps.log(`the commit cannot be checked right now (${e instanceof Error ? e.message : String(e)})`);
        return true;
      }
      anomaly(`${refusedWords(e.problems)} (${statusHint(dirname(full), deps.base)})`);
      return false;
    }
  };
  if (!sealed()) return 2;
  await writeGuardPid(full, process.pid, role);
  deps.log(`${role} of commit ${id}: reverting it unless it is confirmed by the deadline`);
  const tick = deps.tickMs ?? 100;
  const partner = partnerWatch(full, id, role, deps, sealed);
  for (;;) {
    const token = tokenOf(full);
    if (token === null) {
      anomaly('the commit directory or its state token vanished: nobody confirmed or reverted it');
      return 2;
    }
    if (token.state === 'reverting') {
      // Someone (the partner, fwtui revert) is reverting: take over if it died half-way.
      const reverter = Number(token.token.split('.')[1]);
      if (!processAlive(reverter, '')) {
        const by = `the ${role}, taking over from a dead reverter (pid ${reverter})`;
        const ended = await revert(full, id, deps, target, by);
        if (ended !== null) return ended;
      }
      await sleep(tick);
      continue;
    }
    if (token.state !== 'pending' && token.state !== 'writing') {
      deps.log(`commit ${id} is ${token.state}: standing down`);
      return 0;
    }
    if (!partner()) return 2;
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
    const ended = await revert(full, id, deps, target, `the ${role} at the deadline`);
    if (ended !== null) return ended;
    // Lost the claim: the partner reverts, a confirm won, or an apply took the token to write: look again.
  }
}

/**
 * The namespace whose state directory holds `dir` (null: the host's), from
 * where it lies below the base; a commit anywhere else gets a name no
 * namespace can have, so the seal check refuses it.
 */
function placeOf(dir: string, base: string): string | null {
  const parts = relative(resolve(base), dirname(dir)).split(sep);
  if (parts.length === 1 && parts[0] === '') return null;
  return parts.length === 2 && parts[0] === 'netns' ? parts[1]! : `?${parts.join('/')}`;
}

/**
 * Returns a check to call each tick: restarts the partner when its pidfile names no live process,
 * after checking the commit against the seal again (false: it does not match, stop).
 */
function partnerWatch(dir: string, id: string, role: GuardRole, deps: GuardDeps, sealed: () => boolean): () => boolean {
  const other = partnerOf(role);
  let graceUntil = deps.now() + PARTNER_START_MS;
  return () => {
    if (!deps.restartPartner || deps.now() < graceUntil || guardAlive({ dir, record: { id } }, other)) return true;
    if (!sealed()) return false;
    deps.log(`the ${other} of commit ${id} is gone: starting it again`);
    graceUntil = deps.now() + PARTNER_START_MS;
    try {
      deps.restartPartner(other);
    } catch (e) {
      deps.log(`could not start the ${other} again: ${e instanceof Error ? e.message : String(e)}`);
    }
    return true;
  };
}

/**
 * Claims the commit's token and reverts, retrying a failing revert (see
 * retryPolicy). Returns the exit code, or null when another process claimed
 * it first (keep watching: it may die half-way).
 */
async function revert(
  dir: string,
  id: string,
  deps: GuardDeps,
  target: RevertTarget,
  by: string,
): Promise<number | null> {
  const current = readCommit(dir);
  if (!current) {
    const line = `the commit became unreadable at its deadline: NOT reverted (${statusHint(dirname(dir), deps.base)})`;
    deps.log(`ANOMALY: ${line}`);
    deps.alarm?.(`commit ${id}: ${line}`);
    recordAnomaly(dir, line);
    return 2;
  }
  const due = (): boolean => {
    try {
      return readDeadline(dir) <= deps.now();
    } catch {
      return true;
    }
  };
  const options = { retry: retryPolicy(dir, id, deps), due };
  const result = await claimAndRevert(current, target, by, deps.now, options);
  if (result.kind === 'lost') return null;
  if (result.kind === 'refused') {
    // Recorded for status by claimAndRevert; said here too, and beyond the log.
    const line = `${refusedWords(result.messages)} (${statusHint(dirname(dir), deps.base)})`;
    deps.log(`ANOMALY: ${line}`);
    deps.alarm?.(`commit ${id}: ${line}`);
    return 2;
  }
  for (const m of result.messages) deps.log(m);
  if (result.kind === 'revert-failed') {
    deps.log(`REVERT FAILED for commit ${id}: the firewall may still hold the unconfirmed rules`);
    deps.alarm?.(
      `REVERT FAILED for commit ${id}: the firewall may still hold ` +
        `the unconfirmed rules (${statusHint(dirname(dir), deps.base)})`,
    );
    return 1;
  }
  deps.log(`commit ${id} reverted`);
  return 0;
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
