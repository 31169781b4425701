/** The message history as screen lines: each entry wrapped to the width, never cut. Pure. */
import { clockTime } from '../../domain/commit/pending-commit.js';
import type { HistoryEntry } from '../../store/app-state.js';
import { wrapText } from './wrap.js';

export interface HistoryLine {
  readonly kind: HistoryEntry['kind'] | 'failed';
  readonly text: string;
}

/** What the first line of an entry says after its time. */
function headline(e: HistoryEntry): string {
  if (e.kind === 'command') {
    const times = e.repeats ? `, ${e.repeats.count} times since ${clockTime(e.repeats.since)}` : '';
    if (e.detached) return `$ ${e.text}  [started, runs in the background]`;
    const exit = `exit ${e.exitCode ?? '?'}${e.exitCode === 127 ? ': not found' : ''}`;
    return `$ ${e.text}  [${exit}, ${e.durationMs ?? 0} ms${times}]`;
  }
  return e.kind === 'error' ? `error: ${e.text}` : e.text;
}

/** Every entry, oldest first, wrapped under a 9-column time stamp. */
export function historyLines(entries: readonly HistoryEntry[], width: number): HistoryLine[] {
  const indent = ' '.repeat(9);
  const lines: HistoryLine[] = [];
  for (const e of entries) {
    const failed = e.kind === 'command' && e.exitCode !== 0;
    const kind: HistoryLine['kind'] = failed ? 'failed' : e.kind;
    const room = width - indent.length;
    wrapText(headline(e), room).forEach((text, i) => {
      lines.push({ kind, text: `${i === 0 ? `${clockTime(e.at)} ` : indent}${text}` });
    });
    if (!failed || !e.detail) continue;
    for (const text of wrapText(`! ${e.detail}`, room)) lines.push({ kind, text: indent + text });
  }
  return lines;
}
