/**
 * How `fwtui watch` prints a real packet: one line for the packet, one per step of its way (place, verdict, rule
 * text), its fate, and a line where fwtui's prediction differed. `--json` prints the same as one object a line. Pure.
 */
import { stepPlace } from '../analysis/watch-compare.js';
import type { WatchedOutcome, WatchedPacket } from '../analysis/watched-packets.js';
import { familyLabel } from '../model/family-label.js';
import { printable } from './printable.js';

/** A packet as the watch reports it: the kernel's path, its fate, and the prediction's disagreement if any. */
export interface WatchReport {
  readonly number: number;
  readonly packet: WatchedPacket;
  readonly outcome: WatchedOutcome;
  /**
   * fwtui trace's prediction beside it: the same, different (`note` says how: a bug report in itself), or none
   * (`note` says why: an uncertain prediction, a packet whose connection state the trace does not show).
   */
  readonly prediction: 'agrees' | 'differs' | 'none';
  readonly note: string | null;
}

const FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG'];

/** `IPv4 10.0.0.2:40000 -> 10.0.0.1:22 SYN, in eth0`. */
export function packetLine(p: WatchedPacket): string {
  const f = p.fields;
  const end = (addr: string | undefined, port: string | undefined): string => {
    const host = addr !== undefined && port !== undefined && addr.includes(':') ? `[${addr}]` : (addr ?? '?');
    return `${host}${port === undefined ? '' : `:${port}`}`;
  };
  const flags = FLAGS.filter((x) => x in f).join(',');
  const ifaces = [f.IN ? `in ${f.IN}` : '', f.OUT ? `out ${f.OUT}` : ''].filter(Boolean).join(' ');
  const family = p.family ? `${familyLabel(p.family)} ` : '';
  return printable(
    `${family}${end(f.SRC, f.SPORT)} -> ${end(f.DST, f.DPORT)}${flags ? ` ${flags}` : ''}` +
      `${ifaces ? `, ${ifaces}` : ''} (len ${f.LEN ?? '?'})`,
  );
}

/** The report as text lines. */
export function watchLines(r: WatchReport): string[] {
  const lines = [`packet ${r.number}: ${packetLine(r.packet)}`];
  for (const s of r.packet.steps) {
    const verdict = s.target ? `${s.verdict} ${s.target}` : s.verdict;
    const text = s.rule === null ? '' : `  ${s.rule}`;
    const unsure = s.kind === 'rule' && s.numbers.length !== 1 ? ` (${numbersWord(s.numbers, s.rule)})` : '';
    lines.push(printable(`  ${stepPlace(s).padEnd(28)} ${verdict.padEnd(9)}${text}${unsure}`).trimEnd());
  }
  const at = r.outcome.at ? ` at ${stepPlace(r.outcome.at)}` : '';
  const said =
    r.prediction === 'agrees'
      ? " (as fwtui's trace predicted)"
      : r.prediction === 'none'
        ? ` (not compared: ${r.note})`
        : '';
  const { verdict, why } = r.outcome;
  const fate =
    verdict === null
      ? `no verdict in the trace (${why ?? `it ends${at}`})`
      : why !== undefined
        ? `${verdict}: ${why}`
        : `${verdict}${at}`;
  lines.push(`  => ${fate}${said}`);
  if (r.prediction === 'differs') lines.push(`  !! ${r.note}`);
  return lines;
}

function numbersWord(numbers: readonly number[], rule: string | null): string {
  if (rule === null) return 'the monitor did not print the rule whole: its number is not known';
  return numbers.length === 0
    ? 'not in the rules read when the watch began: they changed since'
    : 'identical rules: the trace does not say which one';
}

/** The report as one JSON object (one line of `--json` output). */
export function watchJson(r: WatchReport): object {
  return {
    packet: r.number,
    id: r.packet.id,
    family: r.packet.family,
    fields: r.packet.fields,
    steps: r.packet.steps.map((s) => ({
      table: s.table,
      chain: s.chain,
      kind: s.kind,
      rule: s.kind === 'rule' ? (s.numbers.length === 1 ? s.numbers[0] : null) : null,
      candidates: s.kind === 'rule' && s.numbers.length > 1 ? s.numbers : undefined,
      text: s.rule,
      verdict: s.verdict,
      target: s.target,
    })),
    verdict: r.outcome.verdict,
    decidedAt: r.outcome.at ? stepPlace(r.outcome.at) : null,
    ...(r.outcome.why === undefined ? {} : { why: r.outcome.why }),
    prediction: r.prediction,
    ...(r.note === null ? {} : { note: r.note }),
  };
}
