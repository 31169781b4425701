/**
 * A long-running reader tied to fwtui's life (xtables-monitor -e / -t, dmesg, tcpdump): started through the runner's
 * `follow` under `setpriv --pdeathsig SIGTERM`, so the kernel ends it when fwtui dies, even by kill -9 (without it an
 * orphaned reader lives on until its next write fails). Where setpriv is missing (a minimal system) it is started
 * again untied rather than not at all. Its output is handed over until it is stopped; an end it was not asked for is
 * reported once, with the last program's result.
 */
import type { Command, CommandResult } from './command.js';
import { execFailedMissing } from './errors.js';
import type { CommandRunner, FollowedProcess } from './runner.js';

/** What the reader tells its owner. */
export interface TiedReaderHandlers {
  /** A piece of its output (never after `stop`). */
  output(piece: string): void;
  /** It ended without being stopped (not installed, refused, killed); not called after `stop`. */
  ended(result: CommandResult): void;
}

/** A running reader. */
export interface TiedReader {
  /** Ends it; `ended` is not called for this. */
  stop(): void;
  /** The running program's pid (the untied one after a restart without setpriv), when it started. */
  readonly pid: number | undefined;
  /** Whether it was stopped or has ended. */
  readonly over: boolean;
}

/** What to follow: the program's argv (without setpriv), where, and how to read its output. */
export interface TiedCommand {
  readonly argv: readonly string[];
  readonly netns: string | undefined;
  /** Its output is bytes (latin1, one character per byte), not UTF-8 text. */
  readonly binary?: boolean;
  /** The programs of `argv` (a "not found" naming one of them is not setpriv's). */
  readonly programs: readonly string[];
}

/** `argv` under `setpriv --pdeathsig SIGTERM` (when `tied`), inside `netns` when given. */
export function tiedCommand(argv: readonly string[], netns: string | undefined, tied: boolean): Command {
  const all = [...(tied ? ['setpriv', '--pdeathsig', 'SIGTERM', '--'] : []), ...argv];
  return netns === undefined
    ? { file: all[0]!, args: all.slice(1) }
    : { file: 'ip', args: ['netns', 'exec', netns, ...all] };
}

/** Whether the program ended because setpriv is not installed (and not one of `programs`). */
export function setprivMissing(result: CommandResult, programs: readonly string[]): boolean {
  if (result.exitCode !== 127 && !execFailedMissing(result.stderr)) return false;
  const line = result.stderr.trim().split('\n')[0] ?? '';
  return !programs.some((p) => line.includes(p)) && line.includes('setpriv');
}

/**
 * Follows `what` tied to fwtui (untied when setpriv is missing).
 * @throws Error when the runner cannot follow a program
 */
export function followTied(runner: CommandRunner, what: TiedCommand, handlers: TiedReaderHandlers): TiedReader {
  if (!runner.follow) throw new Error('this runner cannot keep a reader running');
  let over = false;
  const start = (tied: boolean): FollowedProcess =>
    runner.follow!(
      {
        ...tiedCommand(what.argv, what.netns, tied),
        ...(what.binary === undefined ? {} : { binaryOutput: what.binary }),
      },
      (piece) => {
        if (!over) handlers.output(piece);
      },
      (result) => {
        if (over) return;
        if (tied && setprivMissing(result, what.programs)) {
          handle = start(false);
          return;
        }
        over = true;
        handlers.ended(result);
      },
    );
  let handle = start(true);
  return {
    get pid() {
      return handle.pid;
    },
    get over() {
      return over;
    },
    stop() {
      if (over) return;
      over = true;
      handle.stop();
    },
  };
}
