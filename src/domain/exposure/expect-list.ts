/**
 * `--expect FILE`: the exposures the admin has acknowledged, one `proto/port[@where]` a line (`#` starts a
 * comment), and what the report shows open beyond them: a cron job alerts on a new exposure. `@` means what
 * it means in the table: `@192.0.2.10` / `@[2001:db8::1]` the bind address, `@eth0` the interface. Pure.
 */
import { addressValue } from '../model/ip-net.js';
import type { ExposureEntry, ExposureReport } from './exposure-entry.js';
import type { Proto } from './listeners.js';

export class ExpectListError extends Error {}

/** One acknowledged exposure; `iface` and `address` null: on every interface, at every address. */
export interface Expected {
  readonly proto: Proto;
  readonly port: number;
  readonly iface: string | null;
  /** The bind address (`tcp/80@192.0.2.10`), as the table's PORT column prints it. */
  readonly address: string | null;
  /** The line, for messages (`name line N`). */
  readonly line: number;
}

const SHAPE = 'is not proto/port[@interface|@address] (e.g. tcp/22@eth0, tcp/80@192.0.2.10)';

/** The lines of an expect file; a line that is not `proto/port[@interface|@address]` is an error naming it. */
export function parseExpectList(text: string, name: string): Expected[] {
  const out: Expected[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const m = /^(tcp|udp)\/(\d{1,5})(?:@(?:\[([0-9a-fA-F:.]+)\]|([^\s@/[\]]{1,39})))?$/.exec(line);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) throw new ExpectListError(`${name} line ${i + 1}: "${line}" ${SHAPE}`);
    const where = m[3] ?? m[4] ?? null;
    const isAddress = m[3] !== undefined || (where !== null && addressValue(where) !== null);
    if (m[3] !== undefined && addressValue(m[3]) === null)
      throw new ExpectListError(`${name} line ${i + 1}: "${m[3]}" is not an IP address`);
    if (!isAddress && where !== null && (where.length > 15 || where.includes(':')))
      throw new ExpectListError(`${name} line ${i + 1}: "${line}" ${SHAPE}`);
    const at = { iface: isAddress ? null : where, address: isAddress ? where : null };
    out.push({ proto: m[1] as Proto, port, ...at, line: i + 1 });
  });
  return out;
}

const sameAddress = (a: string, b: string | null): boolean =>
  b !== null &&
  addressValue(a)?.value === addressValue(b)?.value &&
  addressValue(a)?.family === addressValue(b)?.family;

/**
 * Lines that can never match this report, as one message (null: none): an interface it does not have, or an
 * address of its family no socket or DNAT of it is bound to. An address of the other family is left to that
 * family's report.
 */
export function unknownExpected(expected: readonly Expected[], report: ExposureReport, name: string): string | null {
  const bad: string[] = [];
  for (const x of expected) {
    if (x.iface !== null && !report.interfaces.includes(x.iface))
      bad.push(`line ${x.line}: no interface ${x.iface} here (${report.interfaces.join(', ') || 'none is up'})`);
    const fam = x.address === null ? null : addressValue(x.address)?.family;
    if (x.address !== null && fam === report.family && !report.entries.some((e) => sameAddress(x.address!, e.bind)))
      bad.push(`line ${x.line}: no socket or DNAT of this report is bound to ${x.address}`);
  }
  return bad.length === 0 ? null : `${name} ${bad.join('; ')}`;
}

/** Whether the report counts the entry as reachable from outside (open to all or to some sources). */
export const isOpen = (e: ExposureEntry): boolean => e.verdict === 'open' || e.verdict === 'open-from';

/** Whether an expect line covers the entry (any verdict). */
export function isExpected(e: ExposureEntry, expected: readonly Expected[]): boolean {
  return expected.some(
    (x) =>
      x.proto === e.proto &&
      x.port === e.port &&
      (x.iface === null || x.iface === e.interface) &&
      (x.address === null || sameAddress(x.address, e.bind)),
  );
}

/** The open entries no expect line covers. */
export function unexpectedOpen(entries: readonly ExposureEntry[], expected: readonly Expected[]): ExposureEntry[] {
  return entries.filter((e) => isOpen(e) && !isExpected(e, expected));
}
