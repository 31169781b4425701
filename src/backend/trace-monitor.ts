/**
 * Real packets' paths from the kernel (nf_tables only): `xtables-monitor -t` left running in the firewall's
 * namespace while a watch lasts, its lines parsed (domain/text/trace-events.ts). Started and stopped through the
 * runner, ended by the kernel if fwtui dies (setpriv --pdeathsig, see tied-reader.ts).
 */
import type { Family } from '../domain/model/ruleset.js';
import { TraceLineReader, type TraceLine } from '../domain/text/trace-events.js';
import type { CommandRunner } from './runner.js';
import { monitorEndReason, monitorFollowed } from './ruleset-monitor.js';
import { followTied } from './tied-reader.js';

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
  const reader = new TraceLineReader();
  const what = ['-t', family === 'ipv4' ? '-4' : '-6'];
  const tied = followTied(runner, monitorFollowed(netns, what), {
    output: (piece) => listener.lines(reader.feed(piece)),
    ended: (result) => {
      listener.lines(reader.end());
      listener.ended(monitorEndReason(result));
    },
  });
  return { stop: () => tied.stop() };
}
