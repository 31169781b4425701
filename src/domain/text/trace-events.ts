/**
 * `xtables-monitor -t` output (iptables 1.8.9, nf_tables): real packets marked by a `-j TRACE` rule, as the kernel
 * walked them through the rules. Pure. Per hook the monitor prints the packet, then one line per rule or policy
 * that decided something (measured in a namespace):
 *
 * ```
 * PACKET: 2 32aa90ef IN=va1 MACSRC=… SRC=10.77.0.2 DST=10.77.0.1 LEN=60 … SPORT=45042 DPORT=22 SYN
 *  TRACE: 2 32aa90ef raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -p tcp … -j TRACE
 *  TRACE: 2 32aa90ef raw:PREROUTING:policy:ACCEPT
 *  TRACE: 2 a8506c12 filter:INPUT:rule:0x7:JUMP:SSH  -4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j SSH
 *  TRACE: 2 8486b384 filter:OUTPUT:rule:0x9:GOTO:SSH2  -4 -t filter -A OUTPUT -p tcp -m tcp --dport 22 -g SSH2
 * ```
 * `2` is NFPROTO_IPV4 (`10` IPv6); the hex word is the kernel's id of that packet (the same on every hook).
 */
import type { Family } from '../model/ruleset.js';

/** What the kernel reported of the packet itself (`SRC=…` words; a bare word such as `SYN` maps to ''). */
export type PacketFields = Readonly<Record<string, string>>;

/** One decision on a packet's way: a rule that matched, a user chain's end, or a built-in chain's policy. */
export interface TraceStep {
  readonly table: string;
  readonly chain: string;
  readonly kind: 'rule' | 'return' | 'policy';
  /** The nf_tables handle of the rule (`0x7`), for `rule` steps. */
  readonly handle: string | null;
  /** ACCEPT, DROP, CONTINUE, RETURN, JUMP, GOTO, … as printed. */
  readonly verdict: string;
  /** The chain of a JUMP or GOTO. */
  readonly target: string | null;
  /** The rule in iptables-save syntax, without `-4 -t TABLE ` (`-A INPUT -p tcp …`); null when not printed whole. */
  readonly rule: string | null;
}

/** One line of the monitor's trace output. */
export type TraceLine =
  | { readonly kind: 'packet'; readonly family: Family | null; readonly id: string; readonly fields: PacketFields }
  | { readonly kind: 'step'; readonly family: Family | null; readonly id: string; readonly step: TraceStep }
  /** A line of another shape (a warning, a format fwtui does not know): kept so the reader can say so. */
  | { readonly kind: 'other'; readonly text: string };

const FAMILY: Readonly<Record<string, Family>> = { '2': 'ipv4', '10': 'ipv6' };
const PACKET = /^PACKET: (\d+) ([0-9a-f]+) ?(.*)$/;
const TRACE = /^TRACE: (\d+) ([0-9a-f]+) (\S+?)(?: {2}(.*))?$/;
const RULE_TEXT = /^-[46] -t \S+ (-A .*)$/;

/** The words of a PACKET line: `SRC=10.0.0.1` -> SRC: '10.0.0.1'; a bare `SYN` -> SYN: ''. */
function fieldsOf(text: string): PacketFields {
  const fields: Record<string, string> = {};
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    const eq = word.indexOf('=');
    if (eq < 0) fields[word] = '';
    else fields[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return fields;
}

/** `filter:INPUT:rule:0x7:JUMP:SSH` and the rule text after it, as a step; null for another shape. */
export function parseStep(head: string, ruleText: string | undefined): TraceStep | null {
  const parts = head.split(':');
  const [table, chain, kind] = parts;
  if (!table || !chain || (kind !== 'rule' && kind !== 'return' && kind !== 'policy')) return null;
  const handle = kind === 'rule' ? (parts[3] ?? null) : null;
  const rest = parts.slice(kind === 'rule' ? 4 : 3);
  const verdict = rest[0];
  if (!verdict || (kind === 'rule' && !/^0x[0-9a-f]+$/.test(handle ?? ''))) return null;
  const text = ruleText?.trim() ?? '';
  // Cut short (the monitor died while printing it, seen on IPv6): not the rule, so not printed as one.
  const rule = RULE_TEXT.exec(text)?.[1] ?? (text === '' || /^-[46]\b/.test(text) ? null : text);
  return { table, chain, kind, handle, verdict, target: rest.length > 1 ? rest.slice(1).join(':') : null, rule };
}

/** One line of the monitor (without its newline). Blank lines give null. */
export function parseTraceLine(raw: string): TraceLine | null {
  const line = raw.trim();
  if (line === '') return null;
  const packet = PACKET.exec(line);
  if (packet)
    return { kind: 'packet', family: FAMILY[packet[1]!] ?? null, id: packet[2]!, fields: fieldsOf(packet[3]!) };
  const trace = TRACE.exec(line);
  const step = trace ? parseStep(trace[3]!, trace[4]) : null;
  if (trace && step) return { kind: 'step', family: FAMILY[trace[1]!] ?? null, id: trace[2]!, step };
  return { kind: 'other', text: line };
}

/** Reads the monitor's output as it arrives, split anywhere: complete lines out, the rest kept for the next piece. */
export class TraceLineReader {
  private rest = '';

  /** The lines completed by this piece. */
  feed(piece: string): TraceLine[] {
    const text = this.rest + piece;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map(parseTraceLine).filter((l): l is TraceLine => l !== null);
  }

  /** The last line when the monitor ended without a newline. */
  end(): TraceLine[] {
    const last = parseTraceLine(this.rest);
    this.rest = '';
    return last ? [last] : [];
  }
}
