/**
 * `fwtui __guard-wait ROLE MS ROOM`: a prepared guard (or watcher). Started before a commit exists, it
 * holds nothing and waits on its stdin, a pipe only the fwtui that started it holds, for the words a
 * guard is started with (`DIR ROLE --netns N|--host --backend B --seal HEX`, as one JSON line). With
 * them it stops reading the pipe and becomes that commit's guard, exactly as `__guard` would: from then
 * on fwtui dying is what it guards against, never a reason to stop. Without them it exits: at EOF (that
 * fwtui ended or was killed) or after MS milliseconds. ROOM only makes the command line long enough for
 * the title that names the commit (/proc/PID/cmdline: how a live guard is recognised).
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../backend/runner.js';
import { guardMain } from './guard-main.js';

/** The longest line a prepared guard reads: a commit directory and an anchor fit many times over. */
const MAX_WORDS = 8192;

/** The words handed to a prepared guard, or null when they are not a list of at most 16 strings for `role`. */
export function handedWords(line: string, role: string): string[] | null {
  try {
    const words: unknown = JSON.parse(line);
    if (!Array.isArray(words) || words.length > 16 || !words.every((w) => typeof w === 'string')) return null;
    return words[1] === role ? (words as string[]) : null;
  } catch {
    return null;
  }
}

/** Waits for a commit on stdin, then guards it (see the file's comment); resolves with the exit code. */
export function guardWaitMain(
  args: readonly string[],
  runner: CommandRunner,
  self: readonly string[],
): Promise<number> {
  const [role, ms] = args;
  if ((role !== 'guard' && role !== 'watcher') || !/^\d{1,9}$/.test(ms ?? '')) return Promise.resolve(2);
  process.title = `fwtui-${role} (prepared)`;
  // Its own session: a hang-up of the admin's terminal is not its business; fwtui's end is (EOF).
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGPIPE'] as const) process.on(signal, () => undefined);
  return new Promise<number>((resolve) => {
    let text = '';
    const unhook = (): void => {
      clearTimeout(timer);
      process.stdin.removeAllListeners('data');
      process.stdin.removeAllListeners('end');
      process.stdin.destroy();
    };
    const stop = (code: number): void => {
      unhook();
      resolve(code);
    };
    // Never handed a commit: nothing to clean up, it holds nothing.
    const timer = setTimeout(() => stop(0), Number(ms));
    process.stdin.setEncoding('utf8');
    process.stdin.on('end', () => stop(0));
    process.stdin.on('error', () => stop(0));
    process.stdin.on('data', (piece: string) => {
      text += piece;
      const end = text.indexOf('\n');
      if (end < 0) {
        if (text.length > MAX_WORDS) stop(2);
        return;
      }
      const words = handedWords(text.slice(0, end), role);
      // From here on the pipe is not read again: fwtui may die, the guard goes on.
      unhook();
      if (words === null) return resolve(2);
      const log = commitLog(words[0]!);
      log(`${new Date().toISOString()} fwtui ${role}[${process.pid}]: started early, handed this commit by fwtui\n`);
      resolve(guardMain(words, runner, self, log));
    });
  });
}

/**
 * The commit's guard.log, as `__guard` gets it on stdout: opened never through a planted symlink; what the
 * process prints on stderr (an unexpected error) goes there too.
 */
function commitLog(dir: string): (text: string) => void {
  let fd: number | null = null;
  try {
    fd = openSync(
      join(dir, 'guard.log'),
      constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW,
      0o600,
    );
  } catch {
    // No log: the guard still guards (its anomalies also go to the system log and the commit's files).
  }
  const write = (text: string): void => {
    try {
      if (fd !== null) writeSync(fd, text);
    } catch {
      // A full disk under guard.log must not stop the guard: its log is a note, the revert is the job.
    }
  };
  process.stderr.write = ((chunk: string | Uint8Array) => {
    write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stderr.write;
  process.on('exit', () => {
    if (fd !== null) closeSync(fd);
  });
  return write;
}
