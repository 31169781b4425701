/**
 * The verdict for one port on one interface: a NEW packet from the internet address, and when the rules
 * turn it away, the worst case over the rules' own source boundaries (open-from). Pure.
 */
import { tracePacket, type Decider, type Trace } from '../analysis/evaluate.js';
import type { Packet } from '../analysis/packet.js';
import { replyPacket } from '../analysis/reply-packet.js';
import { ruleName } from '../analysis/trace-report.js';
import type { Family, Ruleset } from '../model/ruleset.js';
import type { ExposureDecider, ExposureVerdict } from './exposure-entry.js';
import type { Proto } from './listeners.js';
import { anywhere, sourcesFor, type ProbeSource, type SourceBoundary } from './probe-sources.js';

/** What is asked: a port of a protocol, on an interface, at an address (null: not known). */
export interface PortQuestion {
  readonly proto: Proto;
  readonly port: number;
  readonly iface: string;
  readonly destination: string | null;
}

/** The part of an entry the rules decide. */
export interface Judgement {
  readonly verdict: ExposureVerdict;
  readonly from: readonly string[];
  readonly decided_by: ExposureDecider | null;
  readonly reason: string | null;
}

/** Where the packets come from: the internet address (null: none is outside the rules) and the search's. */
export interface Sources {
  readonly internet: string | null;
  readonly boundaries: readonly SourceBoundary[];
}

/** The most source boundaries one port's search traces: past it the answer says the search was cut. */
export const MAX_SOURCES = 256;

/** Traces already made in one report, by port class (see port-classes.ts): the same walk is never made twice. */
export interface TraceCache {
  readonly traces: Map<string, Trace>;
  readonly classOf: (proto: Proto, port: number) => string;
  /** The source boundaries tried for a `proto:port`, found once per port (every interface asks again). */
  readonly tries: Map<string, readonly ProbeSource[]>;
}

/** The packet a host on the internet sends to open a connection to the port. */
export function newPacket(family: Family, q: PortQuestion, source: string): Packet {
  return {
    family,
    direction: 'input',
    protocol: q.proto === 'tcp' ? 6 : 17,
    source,
    destination: q.destination,
    sourcePort: null,
    destinationPort: q.port,
    inInterface: q.iface,
    outInterface: '',
    icmpType: null,
    icmpCode: null,
    state: 'NEW',
    tcpFlags: null,
  };
}

/** The report's `decided_by`: a rule where it stands with its text, or a built-in chain's policy. */
export function exposureDecider(d: Decider | null): ExposureDecider | null {
  if (!d) return null;
  if (d.kind === 'policy') return { policy: d.chain };
  if (d.kind === 'routing') return { routing: d.why };
  return { table: d.rule.table, chain: d.rule.chain, num: d.rule.number, rule: `-A ${d.rule.chain} ${d.rule.spec}` };
}

/** Why a trace is uncertain, in the words of `fwtui trace`: the match that decides. */
export function uncertainWhy(t: Trace): string {
  const at = t.uncertainAt;
  if (!at) return 'the rules could end either way';
  return at.rule ? `${ruleName(at.rule)}: ${at.why}` : at.why;
}

function traceFrom(ruleset: Ruleset, q: PortQuestion, source: string, cache: TraceCache): Trace {
  const key = `${cache.classOf(q.proto, q.port)} ${q.iface} ${q.destination} ${source}`;
  let t = cache.traces.get(key);
  if (!t) {
    t = tracePacket(ruleset, newPacket(ruleset.family, q, source));
    cache.traces.set(key, t);
  }
  return t;
}

/** A connection from `source`: its first packet's trace, and when that is accepted, its first reply's. */
interface Reach {
  readonly verdict: Trace['verdict'];
  /** The trace that decides: the reply's when the first packet got in but its reply does not get back. */
  readonly trace: Trace;
  readonly reply: boolean;
}

/**
 * Whether a connection from `source` is made: its first packet accepted AND its reply let back out (the
 * reply is traced from the exact port, not the port class: its addresses come from the first packet's DNAT).
 */
function reachFrom(ruleset: Ruleset, q: PortQuestion, source: string, cache: TraceCache): Reach {
  const t = traceFrom(ruleset, q, source, cache);
  if (t.verdict !== 'ACCEPT') return { verdict: t.verdict, trace: t, reply: false };
  const key = `reply ${q.proto}:${q.port} ${q.iface} ${q.destination} ${source}`;
  let r = cache.traces.get(key);
  if (!r) {
    // The port class's trace serves when it was made for this very port; else the port's own walk.
    const sent = t.packet && (t.packet.originalDestinationPort ?? t.packet.destinationPort);
    const first = sent === q.port ? t : tracePacket(ruleset, newPacket(ruleset.family, q, source));
    r = first.packet ? tracePacket(ruleset, replyPacket(first.packet, first.rewrites)) : first;
    cache.traces.set(key, r);
  }
  return r.verdict === 'ACCEPT'
    ? { verdict: 'ACCEPT', trace: t, reply: false }
    : { verdict: r.verdict, trace: r, reply: true };
}

/** Why a connection is not decided, the reply's matches named as such. */
const reachWhy = (r: Reach): string => (r.reply ? `its replies: ${uncertainWhy(r.trace)}` : uncertainWhy(r.trace));

/** The reason of a `filtered` verdict decided by the reply: the rule (or policy) that drops it. */
function repliesDropped(r: Reach): string {
  const d = exposureDecider(r.trace.decidedBy);
  const by =
    d && 'rule' in d
      ? `${d.table} ${d.chain} rule ${d.num} (${d.rule})`
      : d && 'policy' in d
        ? `the policy of ${d.policy}`
        : 'the rules';
  return `the first packet is accepted, but the replies are dropped by ${by}`;
}

/**
 * The verdict for the port: open (the internet is accepted), open-from (some source boundary is), filtered
 * (none is: the rule or policy that turns the internet away), uncertain (the match that decides).
 * @param listening false: "accepted" becomes no-listener (it opens the day something listens)
 */
export function judgePort(
  ruleset: Ruleset,
  q: PortQuestion,
  sources: Sources,
  listening: boolean,
  cache: TraceCache,
): Judgement {
  if (sources.internet === null)
    return uncertain('the rules name every public address: no address outside them to send from');
  const t = reachFrom(ruleset, q, sources.internet, cache);
  if (t.verdict === null) return uncertain(reachWhy(t));
  const accepted = listening ? 'open' : 'no-listener';
  if (t.verdict === 'ACCEPT') return judged(accepted, [anywhere(ruleset.family)], t.trace, null);
  const from: string[] = [];
  const unsure: string[] = [];
  let first: Trace | null = null;
  // A source whose first packet gets in but whose replies do not: said in the reason of `filtered`.
  let repliesOf: string | null = null;
  let all = cache.tries.get(`${q.proto}:${q.port}`);
  if (!all) {
    all = sourcesFor(sources.boundaries, q.proto, q.port);
    cache.tries.set(`${q.proto}:${q.port}`, all);
  }
  // Boundaries a smaller DROP/REJECT range cuts into, and whose tried addresses all were turned away.
  const cut = new Map<string, string>();
  for (const s of all.slice(0, MAX_SOURCES)) {
    const c = reachFrom(ruleset, q, s.address, cache);
    if (s.partlyStopped && c.verdict !== 'ACCEPT' && !from.includes(s.label)) cut.set(s.label, s.partlyStopped);
    if (c.verdict === 'ACCEPT') {
      if (!from.includes(s.label)) from.push(s.label);
      first ??= c.trace;
    } else if (c.verdict === null) unsure.push(`from ${s.label} (${s.address}): ${reachWhy(c)}`);
    else if (c.reply && !t.reply) repliesOf ??= `from ${s.label}: ${repliesDropped(c)}`;
  }
  for (const [label, stop] of cut)
    if (!from.includes(label))
      unsure.push(`from ${label}: the addresses tried are turned away, but a rule stops only part of it (${stop})`);
  if (all.length > MAX_SOURCES)
    unsure.push(`from the ${all.length - MAX_SOURCES} source networks past the first ${MAX_SOURCES}: not tried`);
  const perhaps = unsure.length > 0 ? `uncertain ${unsure.join('; ')}` : null;
  if (first) return judged(listening ? 'open-from' : 'no-listener', from, first, perhaps);
  if (perhaps) return uncertain(perhaps);
  return judged('filtered', [], t.trace, t.reply ? repliesDropped(t) : repliesOf);
}

/** Said when no chain decided: no table on the packet's way is loaded (a namespace with no rules). */
export const NOTHING_FILTERS = 'no iptables chain is on its way (no table holds one): nothing in iptables filters it';

function judged(verdict: ExposureVerdict, from: readonly string[], t: Trace, reason: string | null): Judgement {
  const why = [reason, t.decidedBy === null ? NOTHING_FILTERS : null].filter((x) => x !== null).join('; ') || null;
  return { verdict, from, decided_by: exposureDecider(t.decidedBy), reason: why };
}

/** Nothing decided: the reason names the match that would. */
function uncertain(reason: string): Judgement {
  return { verdict: 'uncertain', from: [], decided_by: null, reason };
}
