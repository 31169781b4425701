/** A trace in words (for `fwtui trace` and the view) and as JSON. Pure. */
import type { Decider, Rewrite, RuleRef, Trace } from './evaluate.js';
import { describePacket } from './packet-spec.js';
import type { Packet } from './packet.js';

/** `filter INPUT rule 3` */
export function ruleName(r: RuleRef): string {
  return `${r.table} ${r.chain} rule ${r.number}`;
}

/** `filter INPUT rule 3` or `the policy of filter INPUT (DROP)` */
export function deciderName(d: Decider | null): string {
  if (!d) return 'no rule (every table let it pass)';
  if (d.kind === 'routing') return `routing: ${d.why}`;
  return d.kind === 'rule' ? ruleName(d.rule) : `the policy of ${d.table} ${d.chain} (${d.policy})`;
}

/**
 * The one-line answer: `ACCEPT by filter INPUT rule 4` / `uncertain at …: could be ACCEPT or DROP` / `uncertain: why`.
 */
export function verdictLine(trace: Trace): string {
  if (trace.verdict) return `${trace.verdict} by ${deciderName(trace.decidedBy)}`;
  // "uncertain at filter INPUT rule 8 (-m limit …)", or "uncertain: DNAT at … is not followed" without a rule.
  const where = trace.uncertainAt?.rule
    ? ` at ${ruleName(trace.uncertainAt.rule)} (${trace.uncertainAt.why})`
    : `: ${trace.uncertainAt?.why ?? 'cannot follow'}`;
  const possible = trace.possible.filter((p) => p !== 'unknown');
  // Every outcome the walks can end in, or said to be a part: never a short list read as the whole.
  const more = trace.morePossible ? ', perhaps more (too many ways through the rules to follow them all)' : '';
  const cannot = trace.possible.includes('unknown') && possible.length > 0 ? ' or an outcome fwtui cannot follow' : '';
  const could = possible.length > 1 || cannot ? `: could be ${possible.join(' or ')}${cannot}${more}` : '';
  return `uncertain${where}${could}`;
}

/**
 * The verdict once, with the destination NAT on the way that explains where the packet went: `ACCEPT by filter
 * FORWARD rule 2 after nat PREROUTING rule 1 DNAT → 10.77.2.2:80` (the view's status line after `T`).
 */
export function traceStatusLine(trace: Trace): string {
  const w = [...trace.rewrites].reverse().find((x) => x.kind === 'DNAT' || x.kind === 'REDIRECT');
  const after = w ? ` after ${ruleName(w.rule)} ${w.kind}${w.to === null ? '' : ` → ${w.to}`}` : '';
  return `${verdictLine(trace)}${after}`;
}

/** The report `fwtui trace` prints: the packet, the rules that matched, the verdict. */
export function traceReport(packet: Packet, trace: Trace): string[] {
  const decided = trace.decidedBy?.kind === 'rule' ? trace.decidedBy.rule : null;
  const width = Math.max(0, ...trace.path.map((r) => `${r.table} ${r.chain} #${r.number}`.length));
  const lines = [`packet: ${describePacket(packet)}`];
  if (trace.path.length === 0) lines.push('  (no rule matched)');
  for (const r of trace.path) {
    const mark =
      r !== decided ? '' : trace.verdict ? '   <- decides' : '   <- decides if the uncertain matches do not match';
    lines.push(`  ${`${r.table} ${r.chain} #${r.number}`.padEnd(width)}  -A ${r.chain} ${r.spec}${mark}`);
    const rewrite = trace.rewrites.find((w) => w.rule === r);
    if (rewrite) lines.push(`    ${rewriteLine(rewrite, trace)}`);
  }
  if (trace.decidedBy?.kind === 'routing') {
    const mark = trace.verdict ? '   <- decides' : '   <- decides if the uncertain matches do not match';
    lines.push(`  routing: ${trace.decidedBy.why}${mark}`);
  }
  if (trace.verdict && trace.decidedBy?.kind === 'policy')
    lines.push(`  ${trace.decidedBy.table} ${trace.decidedBy.chain} policy ${trace.decidedBy.policy}   <- decides`);
  lines.push(`verdict: ${verdictLine(trace)}`);
  for (const a of trace.assumptions)
    lines.push(`  (${ruleName(a.rule)} may match: ${a.why}; the verdict is the same either way)`);
  return lines;
}

/** `nat PREROUTING rule 3 DNAT → 172.17.0.2:80, routed to FORWARD via docker0` */
export function rewriteLine(w: Rewrite, trace: Pick<Trace, 'rewrites' | 'routed'>): string {
  const to = w.to === null ? '' : ` → ${w.to}`;
  const last = [...trace.rewrites].reverse().find((x) => x.kind === 'DNAT' || x.kind === 'REDIRECT');
  const r = w === last ? trace.routed : null;
  const routed = r ? `, routed to ${r.to}${r.via ? ` via ${r.via}` : ''}` : '';
  return `${ruleName(w.rule)} ${w.kind}${to}${routed}`;
}

/** The same as JSON: stable field names for scripts. */
export function traceJson(packet: Packet, trace: Trace): object {
  const ref = (r: RuleRef) => ({ table: r.table, chain: r.chain, rule: r.number, spec: r.spec });
  return {
    packet,
    verdict: trace.verdict,
    certain: trace.verdict !== null,
    possible: trace.possible,
    /** False when not every way was followed: other outcomes may exist. */
    possibleComplete: !trace.morePossible,
    path: trace.path.map(ref),
    decidedBy:
      trace.decidedBy === null
        ? null
        : trace.decidedBy.kind === 'rule'
          ? { rule: ref(trace.decidedBy.rule) }
          : trace.decidedBy.kind === 'routing'
            ? { routing: trace.decidedBy.why }
            : { policy: trace.decidedBy },
    rewrites: trace.rewrites.map((r) => ({ kind: r.kind, rule: ref(r.rule), to: r.to })),
    routed: trace.routed,
    uncertainAt: trace.uncertainAt && {
      rule: trace.uncertainAt.rule && ref(trace.uncertainAt.rule),
      why: trace.uncertainAt.why,
    },
    assumptions: trace.assumptions.map((a) => ({ rule: ref(a.rule), why: a.why })),
  };
}
