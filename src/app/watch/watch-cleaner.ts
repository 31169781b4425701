/**
 * The watch's cleaner: a small detached process (its own session, no terminal; started through the runner's
 * `detach`) that a watch starts before its TRACE rules go in. It waits for the fwtui that runs the watch to die and
 * then takes the watch's rules out exactly as the next fwtui start would (watch-sweep.ts `cleanUpWatch`), so a
 * kill -9 or a crash leaves no TRACE rule behind even when no fwtui runs again. It exits as soon as the watch's
 * record is gone (fwtui ended the watch itself). What it acts on (namespace, watch, family, backend, owner) comes
 * from its command line and must match the record; a record that does not match, or is not one fwtui writes, is
 * never acted on.
 */
import { closeSync, constants, openSync } from 'node:fs';
import type { CommandRunner } from '../../backend/runner.js';
import { watchCleanerArgs, type WatchCleanerTarget } from '../../domain/analysis/watch-cleaner-argv.js';
import { ownerAlive, readWatchRecord, writeWatchRecord, type WatchRecord } from './watch-record.js';
import { cleanUpWatch } from './watch-sweep.js';

/** What the cleaner needs besides its target. */
export interface WatchCleanerDeps {
  readonly runner: CommandRunner;
  /** Where its messages go. */
  log(line: string): void;
  /** How often it looks at the owner and the record. @default 100 */
  readonly tickMs?: number;
  /** How often a failed removal is tried again before it is left to the next fwtui start. @default 30 */
  readonly attempts?: number;
  /**
   * How long after the first removal it looks again: an `iptables -w 5 -I` fwtui started just before it died runs
   * on without it (up to its 5 s lock wait) and may put a TRACE rule in after the first removal. @default 8000
   */
  readonly lateMs?: number;
  /** How long it waits before trying a failed removal again. @default 1000 */
  readonly retryMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What in `r` differs from what the cleaner was told (empty: it is the watch it was started for). */
function mismatch(t: WatchCleanerTarget, r: WatchRecord): string[] {
  const wrong: string[] = [];
  if (r.pid !== t.owner) wrong.push(`owner ${r.pid}, not ${t.owner}`);
  if (r.family !== t.family) wrong.push(`family ${r.family}, not ${t.family}`);
  if ((r.variant ?? null) !== t.variant) wrong.push(`backend ${r.variant ?? 'default'}, not ${t.variant ?? 'default'}`);
  return wrong;
}

/** Runs the cleaner for `t` until the watch is over; resolves with the exit code (0: nothing left to do). */
export async function runWatchCleaner(t: WatchCleanerTarget, deps: WatchCleanerDeps): Promise<number> {
  const netns = t.netns ?? undefined;
  const tick = deps.tickMs ?? 100;
  for (;;) {
    let r: WatchRecord | null;
    try {
      r = readWatchRecord(netns, t.id);
    } catch (e) {
      deps.log(`not acting on watch ${t.id}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    if (r === null) return 0;
    const wrong = mismatch(t, r);
    if (wrong.length > 0) {
      deps.log(`not acting on watch ${t.id}: its record does not match this cleaner (${wrong.join('; ')})`);
      return 2;
    }
    if (!ownerAlive(r)) return clean(r, netns, deps);
    await sleep(tick);
  }
}

/** Takes the dead watch's rules out, and again `lateMs` later (see WatchCleanerDeps.lateMs). */
async function clean(r: WatchRecord, netns: string | undefined, deps: WatchCleanerDeps): Promise<number> {
  const first = await removeTrying(r, netns, deps, false);
  if (first !== 0) return first;
  await sleep(deps.lateMs ?? 8000);
  return removeTrying(r, netns, deps, true);
}

/**
 * Removes the watch's rules (and then its record), trying again a while when that fails; the record stays (or, on
 * the late look, is put back) when it never works, so the next fwtui start removes them.
 */
async function removeTrying(
  r: WatchRecord,
  netns: string | undefined,
  deps: WatchCleanerDeps,
  late: boolean,
): Promise<number> {
  const attempts = deps.attempts ?? 30;
  for (let attempt = 1; ; attempt++) {
    const done = await cleanUpWatch(deps.runner, netns, r);
    if (done.failed.length === 0) {
      if (!late) deps.log(`fwtui (pid ${r.pid}) is gone: removed ${done.removed} TRACE rule(s) of watch ${r.id}`);
      else if (done.removed > 0) deps.log(`watch ${r.id}: removed ${done.removed} TRACE rule(s) put in after its end`);
      return 0;
    }
    deps.log(`watch ${r.id}: could not remove its TRACE rules: ${done.failed.join('; ')}`);
    // The late look runs after the record went: it comes back while a rule is left.
    if (late && !recorded(netns, r.id)) await writeWatchRecord(netns, r).catch(() => undefined);
    if (attempt >= attempts) return 1;
    await sleep(deps.retryMs ?? 1000);
    // Another fwtui's start may have swept it meanwhile.
    if (!recorded(netns, r.id)) return 0;
  }
}

/** Whether the watch's record is still there (a damaged one counts: the next start reports it). */
function recorded(netns: string | undefined, id: string): boolean {
  try {
    return readWatchRecord(netns, id) !== null;
  } catch {
    return true;
  }
}

/**
 * Starts the cleaner of watch `t` as a detached process (`command`: argv that starts this fwtui). Its output goes
 * nowhere: what it could not clean stays recorded for the next fwtui start, which says so. Never throws: a cleaner
 * that cannot start leaves the sweep at the next start, as before there was one.
 * @returns its pid, or null when it could not be started (a runner that cannot detach)
 */
export function startWatchCleaner(
  runner: CommandRunner,
  command: readonly string[],
  t: WatchCleanerTarget,
): number | null {
  if (!runner.detach || command.length === 0) return null;
  let quiet: number | null = null;
  try {
    quiet = openSync('/dev/null', constants.O_WRONLY);
    const [file, ...args] = [...command, ...watchCleanerArgs(t)];
    return runner.detach({ file: file!, args }, quiet);
  } catch {
    return null;
  } finally {
    if (quiet !== null) closeSync(quiet);
  }
}
