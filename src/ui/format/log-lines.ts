/** The log panel's lines (l): the selected LOG or NFLOG rule's last packets and rate, pure: tested without Ink. */
import type { LogSignature } from '../../domain/analysis/log-rules.js';
import type { LogHit } from '../../domain/text/log-hit.js';
import type { LogView } from '../../store/log-hits-slice.js';
import type { SelectedLogLines } from '../../store/log-selectors.js';

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

/** The panel's title: what is read. */
export function logTitle(v: LogView): string {
  const what = [
    ...(v.kernelLog ? ['kernel log'] : []),
    ...(v.nflogGroups.length > 0 ? [`NFLOG group ${v.nflogGroups.join(', ')}`] : []),
  ];
  const state = v.running ? `reading ${what.join(' + ') || 'nothing'}` : v.ended.length > 0 ? 'stopped' : 'starting…';
  return `log lines: ${state} · l closes`;
}

/** The panel: a title, then what the selected rule logged (or why it cannot be shown), newest last. */
export function logPanelLines(v: LogView, sel: SelectedLogLines | null, rows: number): string[] {
  const title = logTitle(v);
  if (!sel || sel.kind === 'not-a-log-rule') {
    const ended = v.ended.map((e) => `!! ${e}`);
    return [title, 'select a LOG or NFLOG rule to see its last packets', ...v.notes, ...ended].slice(0, rows);
  }
  // Lines read, not packets counted: the kernel may drop log lines under load (the rule's counters count packets).
  const rate = `${sel.lastMinute} read in the last minute (${(sel.lastMinute / 60).toFixed(2)}/s)`;
  // Nothing read and nothing readable: no "0 read", which would pass for "no packet".
  const counts = sel.unreadable && sel.hits.length === 0 ? '' : ` · ${sel.hits.length} shown · ${rate}`;
  const head = `${signatureWords(sel.signature)}${counts}`;
  const notes = [
    ...(sel.unreadable ? [`!! ${sel.unreadable}`] : []),
    ...(sel.warning ? [`!! ${sel.warning}`] : []),
    ...(sel.signature.kind === 'LOG' ? v.notes : []),
  ];
  const body =
    sel.hits.length > 0
      ? sel.hits.map(logHitLine)
      : sel.unreadable
        ? []
        : v.running
          ? [
              sel.signature.kind === 'LOG'
                ? 'no line of this rule in the kernel log (its buffer, then since l)'
                : 'no packet from this rule since l',
            ]
          : [];
  const room = Math.max(0, rows - 2 - notes.length);
  return [title, head, ...notes, ...body.slice(-room)].slice(0, rows);
}
