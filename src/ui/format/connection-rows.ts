/** The connections panel's lines, pure: one connection a row, addresses and ports never cut (a row wraps). */
import type { ConnectionRow } from '../../store/connection-selectors.js';
import { tupleText } from '../../domain/text/conntrack-entries.js';

/** `tcp  ESTABLISHED  10.0.0.2:51000 → 10.0.0.1:22  431999 s  assured`, with why when it is only a maybe. */
export function connectionLine(row: ConnectionRow): string {
  const e = row.entry;
  const flags = [e.assured ? 'assured' : '', e.unreplied ? 'unreplied' : '', e.mark ? `mark ${e.mark}` : '']
    .filter(Boolean)
    .join(' ');
  const timeout = e.timeout === null ? '' : `${e.timeout} s`;
  const rest = [tupleText(e.original), timeout, flags].filter((c) => c !== '');
  const line = [e.protocol.padEnd(5), (e.state ?? '').padEnd(11), ...rest].join('  ');
  return row.why ? `${line}  maybe: ${row.why}` : line;
}

/** The column names above the rows. */
export const CONNECTION_HEADER = `${'proto'.padEnd(5)}  ${'state'.padEnd(11)}  source → destination  timeout`;
