/**
 * Tracked connections as lines, for the view's panel and `fwtui connections`: one connection a line, addresses
 * and ports never cut (the view wraps a long line). Pure.
 */
import { translatedTuple } from '../analysis/connection-match.js';
import { endText, tupleText, type ConnEntry } from '../text/conntrack-entries.js';

/** What an empty table means: the kernel tracks connections only while something uses them. */
export const NOTHING_TRACKED =
  'No connection is tracked in this namespace. The kernel tracks connections there only while something ' +
  'uses them (a -m conntrack or -m state rule, NAT).';

/** `10.0.0.2:5000 → 10.0.0.1:8081 (DNAT → 10.0.0.9:80)`: the original tuple, and where a DNAT sent it. */
export function connectionTupleText(e: ConnEntry): string {
  const to = translatedTuple(e);
  const dnat = to ? ` (DNAT → ${endText(to.destination, to.destinationPort)})` : '';
  return `${tupleText(e.original)}${dnat}`;
}

/**
 * `tcp    ESTABLISHED  10.0.0.2:51000 → 10.0.0.1:22  431999 s  assured`, with where a DNAT sent it, and why when
 * it is only a maybe.
 */
export function connectionLine(e: ConnEntry, why: string | null = null): string {
  const flags = [e.assured ? 'assured' : '', e.unreplied ? 'unreplied' : '', e.mark ? `mark ${e.mark}` : '']
    .filter(Boolean)
    .join(' ');
  const timeout = e.timeout === null ? '' : `${e.timeout} s`;
  const rest = [connectionTupleText(e), timeout, flags].filter((c) => c !== '');
  const line = [e.protocol.padEnd(5), (e.state ?? '').padEnd(11), ...rest].join('  ');
  return why ? `${line}  maybe: ${why}` : line;
}

/** The column names above the lines. */
export const CONNECTION_HEADER = `${'proto'.padEnd(5)}  ${'state'.padEnd(11)}  source → destination  timeout`;
