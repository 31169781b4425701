/**
 * `fwtui watch FILTER`: real packets traced through the rules (app/watch/watch-session.ts), printed one by one
 * (`--json`: one object a line). Ctrl-C, SIGTERM and SIGHUP end it like --count and --seconds do: the TRACE rules
 * are taken out before fwtui exits; an exit fwtui did not plan (an error, a closed terminal) takes them out
 * synchronously on its way; after kill -9 the watch's cleaner process does (app/watch/watch-cleaner.ts), or else
 * the next fwtui (app/watch/watch-sweep.ts).
 */
import { startWatch, type RunningWatch, type WatchEnd } from '../app/watch/watch-session.js';
import type { CommandRunner } from '../backend/runner.js';
import { parseWatchFilter } from '../domain/analysis/watch-filter.js';
import { watchJson, watchLines } from '../domain/text/watch-lines.js';
import { familyLabel } from '../domain/model/family-label.js';
import { printable } from '../domain/text/printable.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** The signals that end a watch as the admin's "stop". */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The process around a watch: where it prints and how it hears "stop" and "exiting now". */
export interface WatchIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Calls `stop` on Ctrl-C, SIGTERM or SIGHUP; returns what takes the handlers away. */
  onStop?: (stop: (signal: string) => void) => () => void;
  /** Calls `last` (synchronous) if the process exits while the watch runs; returns what takes it away. */
  onExit?: (last: () => void) => () => void;
  /** argv that starts this fwtui: how the watch's cleaner is started (see WatchRequest.cleanerCommand). */
  guardCommand?: readonly string[];
}

/** Real signals. */
function processStop(stop: (signal: string) => void): () => void {
  const handlers = STOP_SIGNALS.map((s) => [s, () => stop(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return () => {
    for (const [s, h] of handlers) process.off(s, h);
  };
}

function processExit(last: () => void): () => void {
  process.on('exit', last);
  return () => process.off('exit', last);
}

/** Output can fail once the terminal is gone (SIGHUP): the watch must still end and clean up. */
const quietly =
  (write: (t: string) => void) =>
  (t: string): void => {
    try {
      write(t);
    } catch {
      // Nobody reads any more.
    }
  };

/** Runs the watch to its end. @throws what startWatch throws (reported by main) */
export async function watchCommand(opts: CliOptions, runner: CommandRunner, io: WatchIo): Promise<ExitCode> {
  const stdout = quietly(io.stdout);
  const stderr = quietly(io.stderr);
  const filter = parseWatchFilter(opts.packet, opts.family);
  // Heard from the start: a Ctrl-C while the rule goes in stops the watch as soon as it runs.
  let watch: RunningWatch | null = null;
  let stopAsked = false;
  const offStop = (io.onStop ?? processStop)(() => {
    stopAsked = true;
    void watch?.stop();
  });
  try {
    watch = await startWatch(
      runner,
      {
        netns: opts.netns,
        backend: opts.backend,
        filter,
        count: opts.count,
        seconds: opts.seconds,
        cleanerCommand: io.guardCommand,
      },
      (r) => stdout(opts.json ? `${JSON.stringify(watchJson(r))}\n` : `${watchLines(r).join('\n')}\n`),
    );
  } catch (e) {
    offStop();
    throw e;
  }
  const running = watch;
  const offExit = (io.onExit ?? processExit)(() => running.stopSync());
  if (stopAsked) void running.stop();
  const match = filter.match.length > 0 ? filter.match.join(' ') : 'every packet';
  const limit = `${opts.count} packet${opts.count === 1 ? '' : 's'} or ${opts.seconds} s`;
  stderr(
    `fwtui: watching ${familyLabel(filter.family)} ${printable(match)} (raw ${filter.chains.join(', ')}) ` +
      `for ${limit}; Ctrl-C stops. The TRACE rule is removed when the watch ends.\n`,
  );
  let end: WatchEnd;
  try {
    end = await running.ended;
  } finally {
    offStop();
    offExit();
  }
  for (const line of end.unknownLines) stderr(`fwtui: warning: a trace line fwtui does not read: ${printable(line)}\n`);
  const packets = `${end.packets} packet${end.packets === 1 ? '' : 's'}`;
  const why =
    end.reason === 'count'
      ? `${packets} (--count)`
      : end.reason === 'seconds'
        ? `${opts.seconds} s passed (--seconds), ${packets}`
        : end.reason === 'stopped'
          ? `stopped, ${packets}`
          : `the trace monitor ended: ${printable(end.why ?? '')}; ${packets}`;
  if (end.leftover.length > 0) {
    stderr(`fwtui: watch ended (${why}), but its TRACE rule could not be removed:\n`);
    for (const l of end.leftover) stderr(`  ${printable(l)}\n`);
    stderr(`fwtui: the next fwtui command on this firewall tries again (the watch is recorded as left over)\n`);
    return EXIT.failure;
  }
  stderr(`fwtui: watch ended (${why}); its TRACE rule is removed\n`);
  return end.reason === 'monitor' ? EXIT.failure : EXIT.ok;
}
