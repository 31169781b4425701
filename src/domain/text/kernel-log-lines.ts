/**
 * Kernel log lines of LOG rules, as `dmesg --follow --decode --time-format iso` prints them (util-linux 2.38):
 *
 * ```
 * kern  :warn  : 2026-11-30T17:16:50,022867+00:00 ssh-in: IN=veth0 OUT= MAC=… SRC=10.0.0.2 DST=10.0.0.1 LEN=60 …
 *   PROTO=TCP SPT=40001 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0
 * kern  :warn  : 2026-11-30T17:16:51,000001+00:00 v6: IN=eth0 OUT= SRC=fe80::1 DST=ff02::1 LEN=72 TC=0 HOPLIMIT=1
 *   FLOWLBL=0 PROTO=ICMPv6 TYPE=130 CODE=0
 * ```
 * The kernel writes `PREFIX` then `IN=… OUT=… ` (net/netfilter/nf_log_syslog.c); the level is the rule's
 * `--log-level`. An ICMP error's inner packet follows in `[SRC=… ]`: only the outer packet's words are taken. Pure.
 */
import type { LogHit } from './log-hit.js';

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];
const LINE = /^(\w+)\s*:(\w+)\s*: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[,.](\d+))?([+-]\d\d:?\d\d|Z) (.*)$/;
/** Where a netfilter LOG line's packet words start: after the prefix, at `IN=… OUT=…`. */
const PACKET_START = /IN=\S* OUT=\S*(?: |$)/;

/** `2026-11-30T17:16:50` `022867` `+00:00` → ms since the epoch (null when not a date). */
function timeOf(date: string, fraction: string | undefined, zone: string): number | null {
  const ms = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const t = Date.parse(`${date}.${ms}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')}`);
  return Number.isNaN(t) ? null : t;
}

/** The words after the prefix: `SRC=10.0.0.1` → SRC: '10.0.0.1' (the first of each, outside `[…]`). */
export function logWords(text: string): Map<string, string> {
  const words = new Map<string, string>();
  let depth = 0;
  for (const word of text.split(' ')) {
    if (word.startsWith('[')) depth++;
    if (depth === 0) {
      const eq = word.indexOf('=');
      const key = eq < 0 ? word : word.slice(0, eq);
      if (key !== '' && !words.has(key)) words.set(key, eq < 0 ? '' : word.slice(eq + 1));
    }
    if (word.endsWith(']')) depth = Math.max(0, depth - 1);
  }
  return words;
}

const port = (v: string | undefined): number | null => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/**
 * A kernel log message (level and time given) as a LOG rule's hit, or null when it is no netfilter LOG line
 * (no `IN=… OUT=…`, or no address).
 */
export function logHitOf(message: string, level: number, time: number, fromKernel: boolean): LogHit | null {
  const start = PACKET_START.exec(message);
  if (!start) return null;
  const w = logWords(message.slice(start.index));
  const src = orNull(w.get('SRC'));
  const dst = orNull(w.get('DST'));
  if (src === null && dst === null) return null;
  return {
    via: 'kernel-log',
    family: (src ?? dst ?? '').includes(':') ? 'ipv6' : 'ipv4',
    prefix: message.slice(0, start.index),
    level,
    group: null,
    fromKernel,
    time,
    in: orNull(w.get('IN')),
    out: orNull(w.get('OUT')),
    src,
    dst,
    proto: orNull(w.get('PROTO')),
    spt: port(w.get('SPT')),
    dpt: port(w.get('DPT')),
  };
}

/** One `dmesg -x --time-format iso` line as a LOG rule's hit, or null for any other line. */
export function parseDmesgLine(line: string): LogHit | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const level = LEVELS.indexOf(m[2]!);
  const time = timeOf(m[3]!, m[4], m[5]!);
  if (level < 0 || time === null) return null;
  return logHitOf(m[6]!, level, time, m[1] === 'kern');
}

/** Longer than any line dmesg prints for one record (escaped, 1 KB text and its prefix). */
const MAX_LINE = 64 * 1024;

/** Reads dmesg's output piece by piece (split anywhere): LOG hits as their lines complete. */
export class DmesgReader {
  private rest = '';

  /** The hits of the lines completed by `piece`. */
  feed(piece: string): LogHit[] {
    const lines = (this.rest + piece).split('\n');
    this.rest = lines.pop() ?? '';
    // A kernel log record is at most ~1 KB: an endless "line" is not one, and is not kept growing.
    if (this.rest.length > MAX_LINE) this.rest = '';
    return lines.flatMap((l) => parseDmesgLine(l) ?? []);
  }

  /** The last line, when the output ended without a newline. */
  end(): LogHit[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [parseDmesgLine(last)].flatMap((h) => h ?? []);
  }
}
