/**
 * Real packets from `xtables-monitor -t` lines (domain/text/trace-events.ts), put together: the lines of one kernel
 * id, its steps in order over every hook, each rule step given its rule number in the ruleset read. The monitor has
 * no "packet done" line and interleaves packets, so a packet is taken as done once no line came for it for a while
 * (the caller passes the clock). The kernel reuses an id within a connection (measured on 6.18: the SYN and the
 * request under one id), so the same id starts a new packet when its packet line shows another packet, or when its
 * trace starts again at a base chain it already passed (see packet-boundary.ts). Pure.
 */
import type { Family, Ruleset } from '../model/ruleset.js';
import type { PacketFields, TraceLine, TraceStep } from '../text/trace-events.js';
import { isOtherPacket } from './packet-boundary.js';
import { watchComment } from './watch-filter.js';
import { pathEnd } from './watch-path.js';

/** A step with where its rule is in the ruleset read (1-based), as far as fwtui can tell. */
export interface WatchedStep extends TraceStep {
  /**
   * The numbers of the rules of that chain whose text is the step's rule: one when it is known, several when
   * identical rules make it ambiguous, none when the ruleset read does not hold it (changed meanwhile).
   */
  readonly numbers: readonly number[];
}

/** One real packet and the way it took through the rules. */
export interface WatchedPacket {
  readonly id: string;
  readonly family: Family | null;
  /** The packet's fields, the later hooks' words added (a forwarded packet gains OUT=). */
  readonly fields: PacketFields;
  readonly steps: readonly WatchedStep[];
}

/** The fate the kernel gave a packet and the step that gave it. */
export interface WatchedOutcome {
  /** ACCEPT or DROP (nf_tables reports REJECT as DROP); null when the trace shows none (QUEUE, no filter step). */
  readonly verdict: 'ACCEPT' | 'DROP' | null;
  readonly at: WatchedStep | null;
  /** Why, when the trace ends at a policy ACCEPT: no later base chain (accepted), or which showed no step. */
  readonly why?: string;
}

/** The rule numbers in `ruleset` whose `-A CHAIN spec` text is `rule`. */
export function ruleNumbers(ruleset: Ruleset | null, step: TraceStep): number[] {
  if (ruleset === null || step.rule === null) return [];
  const chain = ruleset.tables.find((t) => t.name === step.table)?.chains.find((c) => c.name === step.chain);
  if (!chain) return [];
  const numbers: number[] = [];
  chain.rules.forEach((r, i) => {
    if (`-A ${chain.name} ${r.spec}` === step.rule) numbers.push(i + 1);
  });
  return numbers;
}

/**
 * What the kernel did with the packet: the first DROP (nothing passes a drop), otherwise ACCEPT at the last
 * accepting step of the filter table. A trace with no filter-table decision (the filter table not loaded, a drop by
 * routing, which the trace does not show) has no verdict: `at` is then where the trace ends; when it ends at a
 * policy ACCEPT and no later base chain on its path exists in the kernel (`present`, see watch-path.ts), the packet
 * was accepted there.
 * @param present the iptables base chains the kernel has (`table CHAIN`); null: not known
 */
export function outcomeOf(packet: WatchedPacket, present: ReadonlySet<string> | null = null): WatchedOutcome {
  const drop = packet.steps.find((s) => s.verdict === 'DROP');
  if (drop) return { verdict: 'DROP', at: drop };
  const last = packet.steps[packet.steps.length - 1] ?? null;
  if (last && !['ACCEPT', 'CONTINUE', 'RETURN', 'JUMP', 'GOTO'].includes(last.verdict))
    return { verdict: null, at: last };
  const at = packet.steps.filter((s) => s.verdict === 'ACCEPT' && s.table === 'filter').pop();
  if (at) return { verdict: 'ACCEPT', at };
  const end = last && present ? pathEnd(last, present) : null;
  if (end) return { verdict: end.kind === 'accepted' ? 'ACCEPT' : null, at: last, why: end.why };
  return { verdict: null, at: last };
}

/**
 * Whether watch `id`'s own TRACE rule marked the packet: a raw-table step through that rule. The monitor prints every
 * traced packet of the namespace (another watch, an admin's TRACE rule, nft's nftrace), which are not this watch's.
 */
export function markedBy(packet: WatchedPacket, id: string): boolean {
  const comment = `--comment "${watchComment(id)}"`;
  return packet.steps.some((s) => s.table === 'raw' && s.rule !== null && s.rule.includes(comment));
}

interface Open {
  packet: { id: string; family: Family | null; fields: Record<string, string>; steps: TraceStep[] };
  lastSeen: number;
  /** Its place in the order packets came (a reused id keeps its place in the map, not in time). */
  seq: number;
  /** The last packet line's words: what a later packet line of the same id is compared with. */
  lastFields: PacketFields;
  /** A packet line came: the next step begins a pass through a base chain. */
  newPass: boolean;
}

/** Gathers lines into packets; a packet is handed out once `quietMs` passed without a line for it. */
export class PacketCollector {
  private readonly open = new Map<string, Open>();
  /** Packets already known complete (a later packet took over their id), oldest first. */
  private readonly complete: Open[] = [];
  /** Lines of a shape fwtui does not know, for the caller to show. */
  readonly unknownLines: string[] = [];
  private seq = 0;

  /**
   * @param ruleset the rules the steps are numbered against (null: numbers unknown)
   * @param quietMs how long without a line ends a packet
   */
  constructor(
    private ruleset: Ruleset | null,
    private readonly quietMs = 300,
  ) {}

  /** Numbers later steps against a newer read of the rules. */
  setRuleset(ruleset: Ruleset | null): void {
    this.ruleset = ruleset;
  }

  add(line: TraceLine, now: number): void {
    if (line.kind === 'other') {
      if (this.unknownLines.length < 20) this.unknownLines.push(line.text);
      return;
    }
    let open = this.open.get(line.id);
    const fields = line.kind === 'packet' ? line.fields : (open?.lastFields ?? {});
    if (open && open.packet.steps.length > 0 && this.startsAnother(open, line)) {
      this.complete.push(open);
      open = undefined;
    }
    if (!open) {
      open = {
        packet: { id: line.id, family: line.family, fields: {}, steps: [] },
        lastSeen: now,
        seq: this.seq++,
        lastFields: fields,
        newPass: false,
      };
      if (line.kind === 'step') Object.assign(open.packet.fields, fields);
      this.open.set(line.id, open);
    }
    open.lastSeen = now;
    if (line.kind === 'packet') {
      Object.assign(open.packet.fields, line.fields);
      open.lastFields = line.fields;
      open.newPass = true;
    } else {
      open.packet.steps.push(line.step);
      open.newPass = false;
    }
  }

  /** Whether `line` belongs to another packet than `open` under the same id. */
  private startsAnother(open: Open, line: Exclude<TraceLine, { kind: 'other' }>): boolean {
    if (line.kind === 'packet') return isOtherPacket(open.lastFields, line.fields);
    const s = line.step;
    // A pass begins at a base chain; one packet passes each base chain once, so a second pass is another packet.
    return open.newPass && open.packet.steps.some((x) => x.table === s.table && x.chain === s.chain);
  }

  /** The packet with its steps numbered against the rules known now (read after the first packets came). */
  private numbered(open: Open): WatchedPacket {
    const steps = open.packet.steps.map((s) => ({ ...s, numbers: ruleNumbers(this.ruleset, s) }));
    return { ...open.packet, steps };
  }

  /**
   * The packets no line came for in the last `quietMs`, in the order they came: one is held back while a packet
   * that came before it is still open.
   */
  due(now: number): WatchedPacket[] {
    for (const [id, open] of this.open) {
      if (now - open.lastSeen < this.quietMs) continue;
      this.open.delete(id);
      this.complete.push(open);
    }
    const oldestOpen = Math.min(...[...this.open.values()].map((o) => o.seq));
    this.complete.sort((a, b) => a.seq - b.seq);
    const ready = this.complete.findIndex((o) => o.seq > oldestOpen);
    return this.complete.splice(0, ready < 0 ? this.complete.length : ready).map((o) => this.numbered(o));
  }

  /** Every packet still open (the watch ends), in the order they came. */
  flush(): WatchedPacket[] {
    const all = [...this.complete.splice(0), ...this.open.values()].sort((a, b) => a.seq - b.seq);
    this.open.clear();
    return all.map((o) => this.numbered(o));
  }
}
