/**
 * A long-running reader (xtables-monitor, dmesg, tcpdump): started beside fwtui, its output handed over as it
 * arrives, its end reported. Part of the runner (runner.ts `follow`); in its own file to keep the runner small.
 */
import { constants } from 'node:os';
import { execa } from 'execa';
import type { Command, CommandResult } from './command.js';

/** A program started with `follow`. */
export interface FollowedProcess {
  /** Ends it (SIGTERM); nothing when it has already ended. `onEnd` is still called once it is gone. */
  stop(): void;
  /** Its pid (undefined when it could not start). */
  readonly pid: number | undefined;
}

/** How a followed program ended: an exit code as a shell reports it (128 + signal, 127: not found). */
const exitCodeOf = (r: { exitCode?: number; signal?: string; code?: string }): number => {
  if (r.code === 'ENOENT') return 127;
  if (r.exitCode !== undefined) return r.exitCode;
  const signal = r.signal ? constants.signals[r.signal as keyof typeof constants.signals] : undefined;
  return signal === undefined ? 1 : 128 + signal;
};

/**
 * Starts `cmd` without waiting for it: stdin closed, stdout handed to `onStdout` piece by piece (UTF-8;
 * `cmd.binaryOutput`: latin1, one character per byte), stderr kept for the end. When `onStdout` throws, the program
 * is ended and its result's stderr starts with why.
 * `onCommand` (the command log) hears of it twice: when it starts, as running in the background, and when it ends,
 * with its exit code and how long it ran. `onEnd` gets that same result. When fwtui exits, execa ends it too.
 */
export function followProcess(
  cmd: Command,
  onStdout: (piece: string) => void,
  onEnd: (result: CommandResult) => void,
  onCommand?: (cmd: Command, result: CommandResult) => void,
): FollowedProcess {
  const started = performance.now();
  const child = execa(cmd.file, [...cmd.args], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true },
    reject: false,
    shell: false,
    env: { ...cmd.env, LC_ALL: 'C' },
  });
  onCommand?.(cmd, { stdout: '', stderr: '', exitCode: 0, durationMs: 0, detached: true });
  let refused: string | null = null;
  child.stdout?.setEncoding(cmd.binaryOutput ? 'latin1' : 'utf8');
  child.stdout?.on('data', (piece: string) => {
    if (refused !== null) return;
    try {
      onStdout(piece);
    } catch (error) {
      // Not a crash of fwtui: the program is ended, and its end says why.
      refused = `fwtui could not take its output: ${error instanceof Error ? error.message : String(error)}`;
      child.kill();
    }
  });
  void child.then((r) => {
    const notFound = r.code === 'ENOENT';
    const stderr = notFound ? `${cmd.file}: not found` : String(r.stderr ?? '');
    const result: CommandResult = {
      stdout: '',
      stderr: refused === null ? stderr : `${refused}\n${stderr}`,
      exitCode: exitCodeOf(r),
      durationMs: performance.now() - started,
    };
    onCommand?.(cmd, result);
    onEnd(result);
  });
  return { stop: () => void child.kill(), pid: child.pid };
}
