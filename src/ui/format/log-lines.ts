/** The log panel's lines (l): the selected LOG or NFLOG rule's last packets and rate, pure: tested without Ink. */
import { ALL_NETNS_ADVICE } from '../../domain/analysis/log-reach.js';
import { logHitLine, signatureWords } from '../../domain/listing/log-hit-line.js';
import type { LogView } from '../../store/log-hits-slice.js';
import type { SelectedLogLines } from '../../store/log-selectors.js';
import { wrapText } from './wrap.js';

/** Whether `what` ("kernel log", "NFLOG group 5") ended by itself. */
const endedReader = (v: LogView, what: string): boolean => v.ended.some((e) => e.startsWith(`${what}:`));

/**
 * The panel's title: what is read, for the selected LOG or NFLOG rule when there is one (its own reader, or that
 * it is not read), else every reader still running.
 */
export function logTitle(v: LogView, sel: SelectedLogLines | null = null): string {
  if (!v.running) return `log lines: ${v.ended.length > 0 ? 'stopped' : 'starting…'} · l closes`;
  const groups = v.nflogGroups.filter((g) => !endedReader(v, `NFLOG group ${g}`));
  if (sel?.kind === 'log-rule') {
    if (sel.signature.kind === 'LOG') {
      const read = v.kernelLog && !endedReader(v, 'kernel log');
      return `log lines: ${read ? 'reading kernel log' : 'the kernel log is not read for this rule'} · l closes`;
    }
    const group = `NFLOG group ${sel.signature.group}`;
    const read = groups.includes(sel.signature.group ?? -1);
    return `log lines: ${read ? `reading ${group}` : `${group} is not read`} · l closes`;
  }
  const what = [
    ...(v.kernelLog && !endedReader(v, 'kernel log') ? ['kernel log'] : []),
    ...(groups.length > 0 ? [`NFLOG group ${groups.join(', ')}`] : []),
  ];
  return `log lines: ${what.length > 0 ? `reading ${what.join(' + ')}` : 'stopped'} · l closes`;
}

/**
 * The panel: a title, then what the selected rule logged (or why it cannot be shown), newest last. Its notes
 * (why, what to do) are wrapped to `width`, never cut; a line of a packet may be.
 */
export function logPanelLines(
  v: LogView,
  sel: SelectedLogLines | null,
  rows: number,
  width = Number.POSITIVE_INFINITY,
): string[] {
  const wrap = (lines: readonly string[]): string[] => lines.flatMap((l) => wrapText(l, width));
  const title = logTitle(v, sel);
  if (!sel || sel.kind === 'not-a-log-rule') {
    const ended = v.ended.map((e) => `!! ${e}`);
    return [title, 'select a LOG or NFLOG rule to see its last packets', ...wrap([...v.notes, ...ended])].slice(
      0,
      rows,
    );
  }
  const silent = sel.signature.kind === 'LOG' && sel.unreadable !== null && sel.unreadable === v.kernelLogSilent;
  const notes = wrap([
    ...(sel.unreadable ? [`!! ${sel.unreadable}`] : []),
    ...(silent ? ALL_NETNS_ADVICE : []),
    ...(sel.warning ? [`!! ${sel.warning}`] : []),
    ...(sel.signature.kind === 'LOG' ? v.notes : []),
  ]);
  const room = Math.max(0, rows - 2 - notes.length);
  // Lines read, not packets counted: the kernel may drop log lines under load (the rule's counters count packets).
  const rate = `${sel.lastMinute} read in the last minute (${(sel.lastMinute / 60).toFixed(2)}/s)`;
  // What the panel's room really shows of the lines kept.
  const fit = Math.min(room, sel.hits.length);
  const shown = fit < sel.hits.length ? `${fit} of ${sel.hits.length} shown, the newest` : `${fit} shown`;
  // Nothing read and nothing readable: no "0 read", which would pass for "no packet".
  const counts = sel.unreadable && sel.hits.length === 0 ? '' : ` · ${shown} · ${rate}`;
  const head = `${signatureWords(sel.signature)}${counts}`;
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
  return [title, head, ...notes, ...(room > 0 ? body.slice(-room) : [])].slice(0, rows);
}
