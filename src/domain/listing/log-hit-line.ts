/** A LOG or NFLOG rule's reported packet as one line, and how a rule signs its lines: for the view and the CLI. */
import type { LogSignature } from '../analysis/log-rules.js';
import type { LogHit } from '../text/log-hit.js';

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** `12:04:05.123`: the hit's time on this machine's clock. */
const timeOf = (ms: number): string => {
  const d = new Date(ms);
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

/** `10.0.0.2:40001`, `[fe80::1]:546`, or the bare address without a port. */
const end = (addr: string | null, port: number | null): string => {
  const a = addr ?? '?';
  if (port === null) return a;
  return a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`;
};

/** One hit: time, interfaces, protocol, source > destination (and a mark on a line no kernel wrote). */
export function logHitLine(h: LogHit): string {
  const ifs = `in ${h.in ?? '-'} out ${h.out ?? '-'}`;
  const forged = h.fromKernel ? '' : ' (written to the kernel log by a program, not by the kernel)';
  return `${timeOf(h.time)} ${ifs} ${h.proto ?? '?'} ${end(h.src, h.spt)} > ${end(h.dst, h.dpt)}${forged}`;
}

/** How the rule signs its lines: `LOG prefix "ssh-in: " level 4 (warn)` / `NFLOG group 5 prefix "x"`. */
export function signatureWords(sig: LogSignature): string {
  const prefix = sig.prefix === '' ? 'no prefix' : `prefix ${JSON.stringify(sig.prefix)}`;
  return sig.kind === 'LOG'
    ? `LOG ${prefix} level ${sig.level} (${LEVELS[sig.level ?? 4] ?? '?'})`
    : `NFLOG group ${sig.group} ${prefix}`;
}
