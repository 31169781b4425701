/**
 * At every fwtui start: the TRACE rules of watches whose fwtui died (kill -9, a crash) are deleted, found by the
 * comment naming their watch, the raw table a watch made removed once empty (as its own stop does), and their
 * records removed. Costs nothing when no watch was left behind.
 */
import type { CommandRunner } from '../../backend/runner.js';
import { removeEmptyRawTable } from '../../backend/watch-raw.js';
import { removeStaleTraceRules } from '../../backend/watch-rules.js';
import { listWatchRecords, ownerAlive, removeWatchRecord, type WatchRecord } from './watch-record.js';

/** What the sweep did, for a line on stderr. */
export interface WatchSweep {
  /** TRACE rules deleted. */
  readonly removed: number;
  /** What could not be cleaned, in words (the records are kept, so the next start tries again). */
  readonly failed: readonly string[];
}

/**
 * Takes out what the watch of record `r` left in the firewall in `netns`: its TRACE rules (only rules carrying its
 * own comment and -j TRACE), the raw table it made if now empty, then its record. The next start's sweep and the
 * watch's cleaner process (watch-cleaner.ts) both do it this way. When a rule cannot be deleted the record stays,
 * so the next start tries again. Never throws.
 */
export async function cleanUpWatch(
  runner: CommandRunner,
  netns: string | undefined,
  r: WatchRecord,
): Promise<WatchSweep> {
  try {
    const target = { runner, netns, variant: r.variant, family: r.family };
    const done = await removeStaleTraceRules(target, (id) => id === r.id);
    if (done.failed.length > 0) return done;
    // As the watch's own stop: the raw table it made goes again, only if nothing else put a rule in it.
    if (r.createsRaw === true) await removeEmptyRawTable(target, ['PREROUTING', 'OUTPUT']);
    removeWatchRecord(netns, r.id);
    return done;
  } catch (e) {
    return { removed: 0, failed: [`watch ${r.id}: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

/** Cleans up after the dead watches of the firewall in `netns`. Never throws. */
export async function sweepWatches(runner: CommandRunner, netns: string | undefined): Promise<WatchSweep> {
  let removed = 0;
  const failed: string[] = [];
  for (const r of listWatchRecords(netns)) {
    if (ownerAlive(r)) continue;
    const done = await cleanUpWatch(runner, netns, r);
    removed += done.removed;
    failed.push(...done.failed);
  }
  return { removed, failed };
}
