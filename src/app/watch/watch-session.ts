/**
 * `fwtui watch`'s use case: mark exactly the packets of a filter with a `-j TRACE` rule in raw, read their real
 * paths from `xtables-monitor -t`, number each step against the rules read, set it beside `fwtui trace`'s
 * prediction, and take the TRACE rules out again whatever ends the watch (count, time, stop, a dead monitor; an
 * exit handler calls stopSync; after kill -9 the next fwtui sweeps it, see watch-sweep.ts).
 */
import { randomBytes } from 'node:crypto';
import { readSetsFor } from '../../backend/ipset.js';
import { createIptables, type Variant } from '../../backend/iptables.js';
import { listAddresses } from '../../backend/local-addresses.js';
import type { CommandRunner } from '../../backend/runner.js';
import { listNft } from '../../backend/nft.js';
import { rawTableExists, removeEmptyRawTable } from '../../backend/watch-raw.js';
import { startTraceMonitor, type TraceMonitor } from '../../backend/trace-monitor.js';
import {
  insertTraceRules,
  removeTraceRules,
  removeTraceRulesSync,
  TraceRulesLeftError,
  type WatchTarget,
} from '../../backend/watch-rules.js';
import { judgePacket } from '../../domain/analysis/watch-compare.js';
import { iptablesBaseChains } from '../../domain/analysis/watch-path.js';
import type { WatchFilter } from '../../domain/analysis/watch-filter.js';
import { markedBy, PacketCollector, type WatchedPacket } from '../../domain/analysis/watched-packets.js';
import type { Ruleset } from '../../domain/model/ruleset.js';
import { usesSets } from '../../domain/sets/ip-set.js';
import type { WatchReport } from '../../domain/text/watch-lines.js';
import { startWatchCleaner } from './watch-cleaner.js';
import { processStart, removeWatchRecord, writeWatchRecord } from './watch-record.js';

/** Watching is not possible here (legacy iptables): the message says why. */
export class WatchUnavailableError extends Error {}

/** The watch could not start (its trace monitor ended while starting): the message says why; no rule is left. */
export class WatchStartError extends Error {}

/** What to watch and for how long. */
export interface WatchRequest {
  readonly netns: string | undefined;
  readonly backend: Variant | undefined;
  readonly filter: WatchFilter;
  /** Stop after this many packets. */
  readonly count: number;
  /** Stop after this many seconds. */
  readonly seconds: number;
  /**
   * argv that starts this fwtui: the watch then starts its cleaner (watch-cleaner.ts), which takes the TRACE rules
   * out if this fwtui dies without doing so (kill -9, a crash). Absent: only the next fwtui start does.
   */
  readonly cleanerCommand?: readonly string[];
}

/** Why a watch ended, and whether its TRACE rules are gone. */
export interface WatchEnd {
  readonly reason: 'count' | 'seconds' | 'stopped' | 'monitor';
  /** For `monitor`: why the monitor ended. */
  readonly why: string | null;
  readonly packets: number;
  /** What could not be removed (empty: every TRACE rule of the watch is gone). */
  readonly leftover: readonly string[];
  /** Monitor lines of a shape fwtui does not know (a newer iptables): shown so nothing is silently dropped. */
  readonly unknownLines: readonly string[];
}

/** A running watch. */
export interface RunningWatch {
  readonly id: string;
  /** Ends it (rules out, record removed); the same promise as `ended`. */
  stop(): Promise<WatchEnd>;
  /** Takes the rules out synchronously (process exit), when `stop` could not finish. */
  stopSync(): void;
  readonly ended: Promise<WatchEnd>;
}

/** Options for tests: how often due packets are handed out, how long the monitor gets to start. */
export interface WatchTiming {
  readonly tickMs?: number;
  readonly settleMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a watch: record, monitor, TRACE rules, the rules read for numbering and prediction.
 * @throws WatchUnavailableError on legacy; StateDirError, CommandError when the rules cannot go in (none is left)
 */
export async function startWatch(
  runner: CommandRunner,
  req: WatchRequest,
  onPacket: (r: WatchReport) => void,
  timing: WatchTiming = {},
): Promise<RunningWatch> {
  const family = req.filter.family;
  const iptables = createIptables({ runner, netns: req.netns, variant: req.backend });
  const variant = req.backend ?? (await iptables.variant(family));
  if (variant === 'legacy')
    throw new WatchUnavailableError(
      'watch is not available on legacy iptables: TRACE goes to the kernel log, which fwtui cannot read reliably ' +
        "(use the nf_tables backend, or fwtui's trace for a prediction)",
    );
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const target: WatchTarget = { runner, netns: req.netns, variant, family };
  const record = { id, pid: process.pid, pidStart: processStart(process.pid), family, variant, createdAt: Date.now() };
  await writeWatchRecord(req.netns, record);
  let ruleset: Ruleset | null = null;
  const collector = new PacketCollector(null);
  let monitor: TraceMonitor | null = null;
  // Until the watch is set up, a monitor that ends is only noted here (there is nothing to finish yet).
  let monitorEnd: string | null = null;
  // Whether raw existed before the watch (nft creates it for the rule): if not, it goes again when left empty.
  let rawBefore: boolean | null = null;
  let finish: ((reason: WatchEnd['reason'], why?: string) => Promise<WatchEnd>) | null = null;
  try {
    monitor = startTraceMonitor(runner, req.netns, family, {
      lines: (lines) => {
        const now = Date.now();
        for (const l of lines) collector.add(l, now);
      },
      ended: (why) => {
        monitorEnd = why;
        if (finish) void finish('monitor', why);
      },
    });
    // The monitor needs a moment to subscribe: a packet marked before would be traced to nobody.
    await sleep(timing.settleMs ?? 300);
    if (monitorEnd !== null) throw new WatchStartError(`the trace monitor ended: ${monitorEnd}`);
    rawBefore = await rawTableExists(target);
    // Said before the rules go in, so a sweep after kill -9 removes the table the watch made, as its stop does.
    if (rawBefore === false) await writeWatchRecord(req.netns, { ...record, createsRaw: true });
    // Started once the record is complete and before the rules go in: no moment with a rule and nobody to clean it.
    if (req.cleanerCommand)
      startWatchCleaner(runner, req.cleanerCommand, {
        id,
        netns: req.netns ?? null,
        family,
        variant,
        owner: process.pid,
      });
    await insertTraceRules(target, req.filter, id);
  } catch (e) {
    monitor?.stop();
    if (!(e instanceof TraceRulesLeftError)) removeWatchRecord(req.netns, id);
    throw e;
  }
  if (monitorEnd !== null) {
    // Ended while the rules went in: nothing would see their packets.
    const leftover = await removeTraceRules(target, req.filter, id);
    if (leftover.length === 0) removeWatchRecord(req.netns, id);
    throw leftover.length === 0
      ? new WatchStartError(`the trace monitor ended: ${monitorEnd}`)
      : new TraceRulesLeftError(new WatchStartError(`the trace monitor ended: ${monitorEnd}`), leftover);
  }
  try {
    // The rules of the variant that is traced (the system's `iptables-save` could be the other one).
    const reader = createIptables({ runner, netns: req.netns, variant });
    ruleset = await readRules(reader, runner, req.netns, family);
  } catch {
    // Steps are then shown without rule numbers, and no prediction is compared (each report says so).
  }
  collector.setRuleset(ruleset);
  // The base chains the kernel has (iptables-save lists built-in chains nft never made): where a trace ends at a
  // policy ACCEPT, whether a later chain could still have decided.
  const chains = await listNft(runner, 'chains', req.netns);
  const present = chains.kind === 'ok' ? iptablesBaseChains(chains.json, family) : null;
  let rulesIn = true;
  let packets = 0;
  const report = (p: WatchedPacket): void => {
    if (packets >= req.count || !markedBy(p, id)) return;
    packets++;
    onPacket({ number: packets, packet: p, ...judgePacket(p, req.filter, ruleset, present) });
  };
  let done: Promise<WatchEnd> | null = null;
  let resolveEnded: (end: WatchEnd) => void = () => undefined;
  const ended = new Promise<WatchEnd>((r) => {
    resolveEnded = r;
  });
  // Packets are handed out only once the rules are read (or known unreadable), so none is judged without them.
  const tick = setInterval(() => {
    for (const p of collector.due(Date.now())) report(p);
    if (packets >= req.count) void finish?.('count');
  }, timing.tickMs ?? 100);
  const timer = setTimeout(() => void finish?.('seconds'), req.seconds * 1000);
  const end = (reason: WatchEnd['reason'], why?: string): Promise<WatchEnd> => {
    done ??= (async () => {
      clearInterval(tick);
      clearTimeout(timer);
      monitor?.stop();
      const leftover = await removeTraceRules(target, req.filter, id);
      rulesIn = leftover.length > 0;
      if (!rulesIn && rawBefore === false) await removeEmptyRawTable(target, req.filter.chains);
      if (!rulesIn) removeWatchRecord(req.netns, id);
      for (const p of collector.flush()) report(p);
      const end: WatchEnd = {
        reason,
        why: why ?? null,
        packets,
        leftover,
        unknownLines: collector.unknownLines,
      };
      resolveEnded(end);
      return end;
    })();
    return done;
  };
  finish = end;
  if (monitorEnd !== null) void end('monitor', monitorEnd);
  return {
    id,
    ended,
    stop: () => end('stopped'),
    stopSync: () => {
      if (!rulesIn) return;
      monitor?.stop();
      rulesIn = false;
      if (removeTraceRulesSync(target, req.filter, id)) removeWatchRecord(req.netns, id);
    },
  };
}

async function readRules(
  iptables: ReturnType<typeof createIptables>,
  runner: CommandRunner,
  netns: string | undefined,
  family: WatchFilter['family'],
): Promise<Ruleset> {
  let ruleset = (await iptables.save(family)).ruleset;
  if (usesSets(ruleset.tables)) ruleset = { ...ruleset, sets: await readSetsFor(runner, netns) };
  const locals = await listAddresses(runner, netns);
  return locals === null ? ruleset : { ...ruleset, localAddresses: locals };
}
