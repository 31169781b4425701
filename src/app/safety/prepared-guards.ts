/**
 * Prepared guards: the commit's two watchers started before the commit exists, so that an apply does
 * not wait for two Node starts. While prepared they hold nothing (no commit, no file, no lock) and
 * wait on a pipe only this fwtui holds; they exit on their own at EOF (fwtui ended or was killed) or
 * after PREPARED_MS. At the apply the commit's directory and anchor (the words today's launch puts on
 * a new guard's command line) go down that pipe; the launch counts them once both pidfiles name live
 * processes of that commit, as for a fresh launch. A pair that is gone or does not answer in time is
 * ended and the launch starts a fresh pair as before (see guard-launch.ts). Not used under systemd.
 */
import type { CommandRunner, WaitingProcess } from '../../backend/runner.js';
import type { SealAnchor } from '../../domain/commit/commit-seal.js';
import { guardAnchorArgs } from '../../domain/commit/guard-argv.js';
import { guardAlive, type GuardRole } from '../state/state-dir.js';

/** How long a prepared pair waits for a commit before it exits (the review may stay open that long). */
export const PREPARED_MS = 5 * 60_000;
/** Room on the command line for the title that names the commit (`fwtui-watcher ID`, see guard-wait-main.ts). */
const ROOM = '.'.repeat(40);
const ROLES: readonly GuardRole[] = ['guard', 'watcher'];

export interface PreparedGuards {
  /** Starts a waiting pair, unless one still waits (then it is kept). Nothing where this runner cannot. */
  prepare(): void;
  /**
   * Hands the commit to the waiting pair (which is used up either way).
   * @returns true once both pidfiles name live processes of this commit; false when there was no live pair or it
   *   did not answer within `waitMs` (then it has been ended: nothing of it guards this commit).
   */
  handOver(dir: string, id: string, anchor: SealAnchor, waitMs: number): Promise<boolean>;
  /** The pids of the waiting pair (tests), or null when none waits. */
  pids(): readonly number[] | null;
}

/**
 * @param command argv that starts this fwtui (node and its bundle)
 * @param waitForMs how long a prepared pair waits for a commit
 */
export function createPreparedGuards(
  runner: CommandRunner,
  command: readonly string[],
  waitForMs = PREPARED_MS,
): PreparedGuards {
  let pair: WaitingProcess[] | null = null;
  const end = (p: readonly WaitingProcess[]): void => {
    for (const w of p) {
      w.kill();
      w.close();
    }
  };
  return {
    prepare() {
      if (!runner.prepare || command.length === 0) return;
      if (pair?.every((w) => w.alive())) return;
      if (pair) end(pair);
      const [file, ...args] = command;
      pair = ROLES.map((role) =>
        runner.prepare!({ file: file!, args: [...args, '__guard-wait', role, String(waitForMs), ROOM] }),
      );
    },
    async handOver(dir, id, anchor, waitMs) {
      const p = pair;
      pair = null;
      if (!p) return false;
      const sent = p.every((w, i) => w.alive() && w.send(`${JSON.stringify(words(dir, ROLES[i]!, anchor))}\n`));
      const entry = { dir, record: { id } };
      const until = Date.now() + waitMs;
      while (sent && p.every((w) => w.alive()) && Date.now() < until) {
        if (ROLES.every((role) => guardAlive(entry, role))) {
          // They no longer read the pipe: closing it changes nothing for them.
          for (const w of p) w.close();
          return true;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      end(p);
      return false;
    },
    pids: () => (pair ? pair.map((w) => w.pid ?? 0) : null),
  };
}

/** What a guard of the commit in `dir` is told: the words after `__guard` (see guard-argv.ts). */
const words = (dir: string, role: GuardRole, anchor: SealAnchor): string[] => [dir, role, ...guardAnchorArgs(anchor)];
