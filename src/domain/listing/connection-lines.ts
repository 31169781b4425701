/**
 * Tracked connections as lines, for the view's panel and `fwtui connections`: one connection a line, addresses
 * and ports never cut (the view wraps a long line). Pure.
 */
import { tupleText, type ConnEntry } from '../text/conntrack-entries.js';

/** `tcp    ESTABLISHED  10.0.0.2:51000 → 10.0.0.1:22  431999 s  assured`, with why when it is only a maybe. */
export function connectionLine(e: ConnEntry, why: string | null = null): string {
  const flags = [e.assured ? 'assured' : '', e.unreplied ? 'unreplied' : '', e.mark ? `mark ${e.mark}` : '']
    .filter(Boolean)
    .join(' ');
  const timeout = e.timeout === null ? '' : `${e.timeout} s`;
  const rest = [tupleText(e.original), timeout, flags].filter((c) => c !== '');
  const line = [e.protocol.padEnd(5), (e.state ?? '').padEnd(11), ...rest].join('  ');
  return why ? `${line}  maybe: ${why}` : line;
}

/** The column names above the lines. */
export const CONNECTION_HEADER = `${'proto'.padEnd(5)}  ${'state'.padEnd(11)}  source → destination  timeout`;
