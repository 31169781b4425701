/**
 * Real packets' paths from the kernel (nf_tables only): `xtables-monitor -t` left running in the firewall's
 * namespace while a watch lasts, its lines parsed (domain/text/trace-events.ts). Started and stopped through the
 * runner, ended by the kernel if fwtui dies (setpriv --pdeathsig, see ruleset-monitor.ts).
 */
import type { Family } from '../domain/model/ruleset.js';
import { TraceLineReader, type TraceLine } from '../domain/text/trace-events.js';
import type { FollowedProcess, CommandRunner } from './runner.js';
import { missingProgram, monitorCommand, monitorEndReason } from './ruleset-monitor.js';

/** What the trace monitor tells its reader. */
export interface TraceListener {
  /** Lines as they arrive (packets and their steps). */
  lines(lines: readonly TraceLine[]): void;
  /** The monitor ended without being stopped (not installed, killed): why, in words. */
  ended(why: string): void;
}

/** A running trace monitor. */
export interface TraceMonitor {
  /** Ends the monitor; `ended` is not called for this. */
  stop(): void;
}

/**
 * Starts `xtables-monitor -t` for one family in `netns`.
 * @throws Error when the runner cannot follow a program
 */
export function startTraceMonitor(
  runner: CommandRunner,
  netns: string | undefined,
  family: Family,
  listener: TraceListener,
): TraceMonitor {
  if (!runner.follow) throw new Error('this runner cannot keep a monitor running');
  const reader = new TraceLineReader();
  let stopped = false;
  const what = ['-t', family === 'ipv4' ? '-4' : '-6'];
  const start = (guarded: boolean): FollowedProcess =>
    runner.follow!(
      monitorCommand(netns, guarded, what),
      (piece) => {
        if (!stopped) listener.lines(reader.feed(piece));
      },
      (result) => {
        if (stopped) return;
        // No setpriv (a minimal system): still traced, only not ended by the kernel if fwtui is killed.
        if (guarded && missingProgram(result) === 'setpriv') {
          handle = start(false);
          return;
        }
        stopped = true;
        listener.lines(reader.end());
        listener.ended(monitorEndReason(result));
      },
    );
  let handle = start(true);
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      handle.stop();
    },
  };
}
