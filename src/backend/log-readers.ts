/**
 * The readers of LOG and NFLOG rules' packets, left running while the view shows them: `dmesg --follow-new` for the
 * kernel log (LOG rules) and `tcpdump -i nflog:N -w -` per NFLOG group, both started and stopped through the runner
 * and ended by the kernel if fwtui dies (setpriv --pdeathsig, as ruleset-monitor.ts). dmesg rather than a read of
 * /dev/kmsg by fwtui itself: a blocking read of a character device would hold one of libuv's few pool threads for
 * as long as the view runs, and every process fwtui starts goes through the runner.
 */
import { DmesgReader } from '../domain/text/kernel-log-lines.js';
import type { LogHit } from '../domain/text/log-hit.js';
import { NflogPcapReader, nflogHit } from '../domain/text/nflog-pcap.js';
import type { Command, CommandResult } from './command.js';
import { execFailedMissing } from './errors.js';
import type { CommandRunner } from './runner.js';
import { followTied, tiedCommand } from './tied-reader.js';

/** A running reader. */
export interface LogReader {
  /** Ends it; its `ended` is not called for this. */
  stop(): void;
}

/** What a reader tells its owner. */
export interface LogReaderListener {
  hits(hits: readonly LogHit[]): void;
  /** It ended by itself (not installed, refused, killed): why, in words. */
  ended(why: string): void;
}

const PACKAGE: Readonly<Record<string, string>> = { dmesg: 'util-linux', tcpdump: 'tcpdump', stdbuf: 'coreutils' };

/** The argv under `setpriv --pdeathsig` (when `guarded`), in `netns` when given. */
export const readerCommand = (argv: readonly string[], netns: string | undefined, guarded: boolean): Command =>
  tiedCommand(argv, netns, guarded);

/** The program of `programs` that is not installed, or null when the reader did not end for that. */
function missing(result: CommandResult, programs: readonly string[]): string | null {
  if (result.exitCode !== 127 && !execFailedMissing(result.stderr)) return null;
  const line = result.stderr.trim().split('\n')[0] ?? '';
  return programs.find((p) => line.includes(p)) ?? programs[programs.length - 1]!;
}

/** Why a reader ended, in words: the program's own message, not tcpdump's banner or counts, nor a "Try --help". */
export function readerEndReason(program: string, result: CommandResult): string {
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/listening on|packets? (captured|received|dropped)|^Try '.*--help'/.test(l));
  // fwtui's own reason (its output was not what it reads) comes first and is the one that counts.
  const own = lines.find((l) => l.startsWith('fwtui could not take'));
  const how = result.exitCode > 128 ? `killed by signal ${result.exitCode - 128}` : `exit ${result.exitCode}`;
  const why = own ?? lines[lines.length - 1];
  // The kernel binds an NFLOG group to one reader per namespace; tcpdump words that as a permission problem.
  if (why && /Can't listen on group index: Operation not permitted/.test(why))
    return (
      `${program} ended (${how}): another program already reads this NFLOG group here (the kernel allows one ` +
      'reader per group: another fwtui, ulogd, tcpdump)'
    );
  return `${program} ended (${how})${why ? `: ${why}` : ''}`;
}

/**
 * Follows `argv` tied to fwtui (tied-reader.ts), its output through `feed`.
 * @throws Error when the runner cannot follow a program
 */
function follow(
  runner: CommandRunner,
  argv: readonly string[],
  netns: string | undefined,
  options: { binary: boolean; feed: (piece: string) => LogHit[]; end: () => LogHit[] },
  listener: LogReaderListener,
): LogReader {
  const programs = argv.filter((a) => a in PACKAGE);
  return followTied(
    runner,
    { argv, netns, binary: options.binary, programs },
    {
      output: (piece) => {
        const hits = options.feed(piece);
        if (hits.length > 0) listener.hits(hits);
      },
      ended: (result) => {
        const absent = missing(result, programs);
        const last = options.end();
        if (last.length > 0) listener.hits(last);
        const program = programs[programs.length - 1]!;
        listener.ended(
          absent ? `${absent} is not installed here (package ${PACKAGE[absent]})` : readerEndReason(program, result),
        );
      },
    },
  );
}

/** How far before the start a replayed line may be and still count as new (old dmesg only; see below). */
const REPLAY_SLACK_MS = 2000;

/**
 * Follows the kernel log (the whole machine's: it is not per namespace, so no `ip netns exec`): only lines logged
 * from now on (`--follow-new`). The buffer's older lines would look current under today's rule, which may not have
 * existed then. A dmesg without `--follow-new` (util-linux before 2.36) replays the buffer first: then lines stamped
 * more than 2 s before the start are dropped. `stdbuf -oL`: dmesg's stdio would hold lines back in 4 KB blocks on a
 * pipe.
 */
export function startKernelLogReader(
  runner: CommandRunner,
  listener: LogReaderListener,
  now: () => number = Date.now,
): LogReader {
  const reader = new DmesgReader();
  const startedAt = now();
  let replays = false;
  const feed = (piece: string): LogHit[] => {
    const hits = reader.feed(piece);
    return replays ? hits.filter((h) => h.time >= startedAt - REPLAY_SLACK_MS) : hits;
  };
  const run = (follows: string): LogReader =>
    follow(
      runner,
      ['stdbuf', '-oL', 'dmesg', follows, '--decode', '--time-format', 'iso'],
      undefined,
      { binary: false, feed, end: () => reader.end() },
      {
        hits: (hits) => listener.hits(hits),
        ended: (why) => {
          if (!replays && /unrecognized option.*follow-new/.test(why)) {
            replays = true;
            current = run('--follow');
          } else listener.ended(why);
        },
      },
    );
  let current = run('--follow-new');
  return { stop: () => current.stop() };
}

/**
 * Follows NFLOG `group` in `netns` (`-U`: each packet written as it comes). `ifName` names interface indexes. No
 * `-s`: libpcap sizes its receive buffer from the snapshot length (snaplen + 128), and the kernel sends NFLOG
 * packets in batches: with `-s 256` a batch of two was cut and tcpdump wrote garbage records in place of packets
 * (measured, libpcap 1.10.3). `-Z root`: by default tcpdump switches to its own user once the group is open, and
 * the kernel clears the parent-death signal on that change of credentials: after a kill -9 of fwtui, tcpdump ran on
 * until the next packet (measured, tcpdump 4.99.3, Linux 6.18). It keeps root; with -w it writes packets, it does
 * not dissect them.
 */
export function startNflogReader(
  runner: CommandRunner,
  netns: string | undefined,
  group: number,
  ifName: (index: number) => string | null,
  listener: LogReaderListener,
): LogReader {
  const reader = new NflogPcapReader();
  const argv = ['tcpdump', '-Z', 'root', '-i', `nflog:${group}`, '-U', '-w', '-'];
  // A stream that is not NFLOG pcap throws: the runner ends tcpdump and its end says why.
  const feed = (piece: string): LogHit[] => reader.feed(piece).map((r) => nflogHit(r, ifName));
  return follow(runner, argv, netns, { binary: true, feed, end: () => [] }, listener);
}
