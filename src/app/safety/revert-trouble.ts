/**
 * A revert that has not worked yet (a held xtables lock, an iptables that
 * refuses): the guard keeps trying with growing pauses and leaves word of
 * each failed attempt here, so `fwtui status` and the view can say it
 * loudly while the unconfirmed rules are still in place.
 */
import { join } from 'node:path';
import { clockTime } from '../../domain/commit/pending-commit.js';
import { readStateFile, replaceFile } from '../state/state-dir.js';

export interface RevertTrouble {
  /** When the first attempt failed (ms since epoch). */
  readonly since: number;
  readonly attempt: number;
  /** When the next attempt starts; null when the guard gave up. */
  readonly nextAt: number | null;
  /** When the guard gives up. */
  readonly until: number;
  /** What failed in the last attempt. */
  readonly failures: readonly string[];
}

const path = (dir: string): string => join(dir, 'trouble.json');

/** Records a failed attempt; never throws (a full disk must not stop the retries). */
export async function writeTrouble(dir: string, trouble: RevertTrouble): Promise<void> {
  await replaceFile(path(dir), `${JSON.stringify(trouble)}\n`).catch(() => undefined);
}

/** The last failed attempt of a revert still running, or null. */
export function readTrouble(dir: string): RevertTrouble | null {
  try {
    // Read like every state file: a regular file of ours, never through a link.
    const v = JSON.parse(readStateFile(path(dir))) as RevertTrouble;
    return typeof v.attempt === 'number' && Array.isArray(v.failures) ? v : null;
  } catch {
    return null;
  }
}

/** What status and the view say about a revert that keeps failing. */
export function troubleWords(t: RevertTrouble): string {
  const next =
    t.nextAt === null
      ? 'the guard has given up'
      : `the guard keeps trying until ${clockTime(t.until)} (next attempt at ${clockTime(t.nextAt)})`;
  const failed = `attempt ${t.attempt} failed: ${t.failures.join('; ')}`;
  return `REVERT NOT DONE YET: the unconfirmed rules are still in place; ${failed}; ${next}`;
}
