/**
 * A real packet beside fwtui's prediction for it: the packet rebuilt from what the kernel reported (fields, hooks),
 * and a plain sentence where `fwtui trace` would have said otherwise. A difference is a bug report in itself. Pure.
 */
import { tracePacket, type Trace } from './evaluate.js';
import type { Packet } from './packet.js';
import type { WatchFilter } from './watch-filter.js';
import { outcomeOf, type WatchedOutcome, type WatchedPacket, type WatchedStep } from './watched-packets.js';
import type { Ruleset } from '../model/ruleset.js';

/**
 * The packet as `fwtui trace` takes it, or why it cannot be rebuilt. Only a TCP SYN (no ACK) is known to open a
 * connection (NEW); for any other packet the trace shows no conntrack state, so no prediction is made.
 */
export function packetOfWatched(p: WatchedPacket, filter: WatchFilter): Packet | { readonly why: string } {
  const f = p.fields;
  const tcp = 'SYN' in f || 'ACK' in f || 'RST' in f || 'FIN' in f || filter.packet.protocol === 6;
  if (!tcp || !('SYN' in f) || 'ACK' in f) return { why: 'its connection state is not in the trace' };
  const chains = new Set(p.steps.map((s) => s.chain));
  const direction = chains.has('FORWARD')
    ? 'forward'
    : chains.has('INPUT')
      ? 'input'
      : f.OUT !== undefined && f.IN === undefined
        ? 'output'
        : 'input';
  const port = (v: string | undefined): number | null => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
  return {
    family: p.family ?? filter.family,
    direction,
    protocol: 6,
    source: f.SRC ?? null,
    destination: f.DST ?? null,
    sourcePort: port(f.SPORT),
    destinationPort: port(f.DPORT),
    inInterface: direction === 'output' ? '' : (f.IN ?? null),
    outInterface: direction === 'input' ? '' : (f.OUT ?? null),
    icmpType: null,
    icmpCode: null,
    state: 'NEW',
    tcpFlags: ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'].reduce(
      (bits, name, i) => (name in f ? bits | (1 << i) : bits),
      0,
    ),
  };
}

/** `filter INPUT #3`, `filter INPUT policy`, as a place in the rules. */
export function stepPlace(s: WatchedStep): string {
  if (s.kind === 'policy') return `${s.table} ${s.chain} policy`;
  if (s.kind === 'return') return `${s.table} ${s.chain} (end of chain)`;
  const n = s.numbers.length === 1 ? `#${s.numbers[0]}` : s.numbers.length > 1 ? `#${s.numbers.join(' or #')}` : '#?';
  return `${s.table} ${s.chain} ${n}`;
}

function predictedPlace(t: Trace): string {
  const d = t.decidedBy;
  if (d === null) return 'no rule';
  if (d.kind === 'routing') return `routing (${d.why})`;
  return d.kind === 'policy' ? `${d.table} ${d.chain} policy` : `${d.rule.table} ${d.rule.chain} #${d.rule.number}`;
}

/** The table the prediction's decision is in; null for routing (no table: the trace shows no step for it). */
function predictedTable(t: Trace): string | null {
  const d = t.decidedBy;
  if (d === null || d.kind === 'routing') return null;
  return d.kind === 'policy' ? d.table : d.rule.table;
}

/** Whether the prediction's deciding place is the traced one (the same rule, or the same chain's policy). */
function samePlace(t: Trace, at: WatchedStep | null): boolean {
  const d = t.decidedBy;
  if (d === null || at === null) return d === null && at === null;
  if (d.kind === 'routing') return false;
  if (d.kind === 'policy') return at.kind === 'policy' && at.table === d.table && at.chain === d.chain;
  return (
    at.kind === 'rule' && at.table === d.rule.table && at.chain === d.rule.chain && at.numbers.includes(d.rule.number)
  );
}

/**
 * The sentence that says the prediction differs from what the kernel did, or null when they agree (or the
 * prediction is uncertain: nothing was claimed). Places are compared where both name a filter-table decision.
 */
export function predictionDiffers(trace: Trace, outcome: WatchedOutcome): string | null {
  if (trace.verdict === null || outcome.verdict === null) return null;
  const predicted = trace.verdict === 'ACCEPT' ? 'ACCEPT' : 'DROP';
  const comparable =
    predicted !== outcome.verdict || (outcome.at?.table === 'filter' && predictedTable(trace) === 'filter');
  if (!comparable || (predicted === outcome.verdict && samePlace(trace, outcome.at))) return null;
  const did = outcome.at ? stepPlace(outcome.at) : 'no rule';
  return (
    `fwtui's trace predicted ${trace.verdict} at ${predictedPlace(trace)}; ` +
    `the kernel did ${outcome.verdict} at ${did}: please report`
  );
}

/** A watched packet judged: its fate, and fwtui trace's prediction for it (see WatchReport). */
export interface Judgement {
  readonly outcome: WatchedOutcome;
  readonly prediction: 'agrees' | 'differs' | 'none';
  readonly note: string | null;
}

/**
 * The kernel's fate of `p` beside the prediction over `ruleset` (null: the rules could not be read).
 * @param present the iptables base chains the kernel has, for a trace that ends at a policy (see outcomeOf)
 */
export function judgePacket(
  p: WatchedPacket,
  filter: WatchFilter,
  ruleset: Ruleset | null,
  present: ReadonlySet<string> | null = null,
): Judgement {
  const outcome = outcomeOf(p, present);
  if (ruleset === null) return { outcome, prediction: 'none', note: 'the rules could not be read' };
  const packet = packetOfWatched(p, filter);
  if ('why' in packet) return { outcome, prediction: 'none', note: packet.why };
  const trace = tracePacket(ruleset, packet, { stopWhenUncertain: true });
  if (trace.verdict === null) return { outcome, prediction: 'none', note: "fwtui's trace is not certain for it" };
  if (outcome.verdict === null) return { outcome, prediction: 'none', note: 'the trace shows no verdict' };
  const differs = predictionDiffers(trace, outcome);
  return differs === null
    ? { outcome, prediction: 'agrees', note: null }
    : { outcome, prediction: 'differs', note: differs };
}
