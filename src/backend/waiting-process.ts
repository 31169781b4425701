/**
 * A detached program that waits for words from fwtui on its stdin (the prepared guards): its own
 * session (setsid), no terminal, output dropped, working directory `/`, and a pipe only this fwtui
 * holds as its stdin. When fwtui exits or is killed, the kernel closes that pipe and the program
 * reads EOF. Part of the runner (runner.ts `prepare`); in its own file to keep the runner small.
 */
import { spawn } from 'node:child_process';
import type { Command } from './command.js';

/** A program started with `prepare`. */
export interface WaitingProcess {
  /** Its pid (null when it could not start). */
  readonly pid: number | null;
  /** Whether it has not exited (as far as this fwtui has heard). */
  alive(): boolean;
  /** Writes `text` to its stdin; false when the pipe is gone (it exited, or never started). */
  send(text: string): boolean;
  /** Closes this fwtui's end of the pipe: the program reads EOF (as when fwtui dies). */
  close(): void;
  /** Ends it (SIGKILL); nothing when it has already ended. */
  kill(): void;
}

/** Starts `cmd` detached with a pipe as its stdin; neither keeps fwtui from exiting. */
export function startWaiting(cmd: Command): WaitingProcess {
  const child = spawn(cmd.file, [...cmd.args], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], cwd: '/' });
  let exited = child.pid === undefined;
  child.on('error', () => {
    exited = true;
  });
  child.on('exit', () => {
    exited = true;
  });
  // A write to a program that just died must not end fwtui (EPIPE).
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    pid: child.pid ?? null,
    alive: () => !exited,
    send(text) {
      if (exited || !child.stdin || child.stdin.destroyed) return false;
      child.stdin.write(text);
      return true;
    },
    close: () => child.stdin?.destroy(),
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
