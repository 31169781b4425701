/**
 * `--expect FILE`: the exposures the admin has acknowledged, one `proto/port[@iface]` a line (`#` starts a
 * comment), and what the report shows open beyond them: a cron job alerts on a new exposure. Pure.
 */
import type { ExposureEntry } from './exposure-entry.js';
import type { Proto } from './listeners.js';

export class ExpectListError extends Error {}

/** One acknowledged exposure; `iface` null: on every interface. */
export interface Expected {
  readonly proto: Proto;
  readonly port: number;
  readonly iface: string | null;
}

/** The lines of an expect file; a line that is not `proto/port[@iface]` is an error naming it. */
export function parseExpectList(text: string, name: string): Expected[] {
  const out: Expected[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const m = /^(tcp|udp)\/(\d{1,5})(?:@([^\s@/]{1,15}))?$/.exec(line);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535)
      throw new ExpectListError(`${name} line ${i + 1}: "${line}" is not proto/port[@interface] (e.g. tcp/22@eth0)`);
    out.push({ proto: m[1] as Proto, port, iface: m[3] ?? null });
  });
  return out;
}

/** Whether the report counts the entry as reachable from outside (open to all or to some sources). */
export const isOpen = (e: ExposureEntry): boolean => e.verdict === 'open' || e.verdict === 'open-from';

/** The open entries no expect line covers. */
export function unexpectedOpen(entries: readonly ExposureEntry[], expected: readonly Expected[]): ExposureEntry[] {
  return entries.filter(
    (e) =>
      isOpen(e) &&
      !expected.some((x) => x.proto === e.proto && x.port === e.port && (x.iface === null || x.iface === e.interface)),
  );
}
