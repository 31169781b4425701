/**
 * Every command fwtui ran, as the runner reports it: the view's message
 * history and `--log FILE` read it. Keeps the last entries so a listener that
 * comes late (the view starts after the first reads) still sees them.
 */
import { displayCommand, type Command, type CommandResult } from './command.js';
import type { RanCommand } from '../domain/model/ran-command.js';

/** One finished command (the shape lives in the domain: the store's history takes it too). */
export type CommandLogEntry = RanCommand;

export interface CommandLog {
  /** The runner's hook (ExecaRunnerOptions.onCommand). */
  record(cmd: Command, result: CommandResult): void;
  /** Hands over the entries kept so far, then each new one; returns how to stop. */
  subscribe(listener: (entry: CommandLogEntry) => void): () => void;
}

/** @param keep how many entries are kept for late listeners @default 1000 */
export function createCommandLog(now: () => number = Date.now, keep = 1000): CommandLog {
  const kept: CommandLogEntry[] = [];
  const listeners = new Set<(entry: CommandLogEntry) => void>();
  return {
    record(cmd, result) {
      const stdin = cmd.stdin ? ` <<< (${cmd.stdin.split('\n').filter(Boolean).length} lines on stdin)` : '';
      const entry: CommandLogEntry = {
        at: now(),
        command: displayCommand(cmd) + stdin,
        exitCode: result.exitCode,
        durationMs: Math.round(result.durationMs),
        stderr: result.exitCode === 0 ? '' : (result.stderr.trim().split('\n')[0] ?? ''),
        ...(result.detached ? { detached: true } : {}),
      };
      kept.push(entry);
      if (kept.length > keep) kept.shift();
      for (const l of listeners) l(entry);
    },
    subscribe(listener) {
      for (const e of kept) listener(e);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
