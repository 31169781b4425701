/**
 * A watch's record in the state directory (`watches/ID.json`, 0600, root's alone): written before its TRACE rules
 * go in and removed after they are out, so a watch whose fwtui died (kill -9, a crash, a lost machine session) is
 * found by the next fwtui and its rules deleted (watch-sweep.ts). The owner is its pid and the pid's start time,
 * so a reused pid is not taken for a live watch.
 */
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { WATCH_ID } from '../../domain/analysis/watch-filter.js';
import type { Family } from '../../domain/model/ruleset.js';
import { assertStateDir, ensureStateDir, readStateFile, replaceFile, stateRoot } from '../state/state-dir.js';

/** What the next fwtui needs to clean a watch up. */
export interface WatchRecord {
  readonly id: string;
  readonly pid: number;
  /** The owner's start time in clock ticks since boot (/proc/PID/stat field 22); null when unreadable. */
  readonly pidStart: number | null;
  readonly family: Family;
  readonly variant: 'nft' | 'legacy' | undefined;
  readonly createdAt: number;
  /**
   * The watch's own rule makes the raw table (nft had none before it): the sweep then removes the table once empty,
   * as the watch's own stop does. Written before the rules go in; absent: raw was there, or not known.
   */
  readonly createsRaw?: boolean;
}

/** The folder of a firewall's watch records. */
export const watchDir = (netns: string | undefined): string => join(stateRoot(netns), 'watches');

/** A process's start time (ticks since boot), or null when it is gone (a zombie too: it has ended) or unreadable. */
export function processStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in brackets may hold spaces and brackets: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Killed but not yet reaped by its parent (a shell, tmux): its watch is over all the same.
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : null;
  } catch {
    return null;
  }
}

/** Whether the fwtui that made the record still runs (same pid, same start). */
export function ownerAlive(r: WatchRecord): boolean {
  const start = processStart(r.pid);
  return start !== null && (r.pidStart === null || start === r.pidStart);
}

/** Writes the record (creating the state folder, root's alone). @throws StateDirError */
export async function writeWatchRecord(netns: string | undefined, r: WatchRecord): Promise<void> {
  const dir = watchDir(netns);
  await ensureStateDir(dir);
  await replaceFile(join(dir, `${r.id}.json`), `${JSON.stringify(r)}\n`);
}

/** Removes the record (nothing when it is gone). */
export function removeWatchRecord(netns: string | undefined, id: string): void {
  try {
    unlinkSync(join(watchDir(netns), `${id}.json`));
  } catch {
    // Already gone.
  }
}

/** Whether `r` (parsed from `id`'s file) has the shape fwtui writes: anything else is not acted on. */
function wellFormed(r: Partial<WatchRecord> | null, id: string): r is WatchRecord {
  return (
    r !== null &&
    typeof r === 'object' &&
    r.id === id &&
    Number.isInteger(r.pid) &&
    (r.pid ?? 0) > 0 &&
    (r.pidStart === null || Number.isInteger(r.pidStart)) &&
    (r.family === 'ipv4' || r.family === 'ipv6') &&
    (r.variant === undefined || r.variant === 'nft' || r.variant === 'legacy') &&
    (r.createsRaw === undefined || typeof r.createsRaw === 'boolean')
  );
}

/**
 * The record of watch `id`: null when there is none (its watch ended and cleaned up).
 * @throws Error when the file or its folder is unsafe (not root's alone, a symlink) or not a record fwtui writes
 */
export function readWatchRecord(netns: string | undefined, id: string): WatchRecord | null {
  if (!WATCH_ID.test(id)) throw new Error(`not a watch id: ${JSON.stringify(id)}`);
  // A folder another user could change could hand root a record of its choosing.
  assertStateDir(watchDir(netns));
  let text: string;
  try {
    text = readStateFile(join(watchDir(netns), `${id}.json`), 64 * 1024);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const r = JSON.parse(text) as Partial<WatchRecord> | null;
  if (!wellFormed(r, id)) throw new Error(`the record of watch ${id} is not one fwtui writes`);
  return r;
}

/** The records of a firewall's watches; a damaged or foreign file is skipped. */
export function listWatchRecords(netns: string | undefined): WatchRecord[] {
  let names: string[];
  try {
    names = readdirSync(watchDir(netns));
  } catch {
    return [];
  }
  const records: WatchRecord[] = [];
  for (const name of names) {
    const id = name.endsWith('.json') ? name.slice(0, -5) : '';
    if (!WATCH_ID.test(id)) continue;
    try {
      const r = readWatchRecord(netns, id);
      if (r !== null) records.push(r);
    } catch {
      // Unsafe or damaged: not ours to act on.
    }
  }
  return records;
}
