/** The log panel's lines (l): the selected LOG or NFLOG rule's last packets and rate, pure: tested without Ink. */
import { logHitLine, signatureWords } from '../../domain/listing/log-hit-line.js';
import type { LogView } from '../../store/log-hits-slice.js';
import type { SelectedLogLines } from '../../store/log-selectors.js';

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
