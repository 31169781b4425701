/** The message history as screen lines: each entry wrapped to the width, never cut. Pure. */
import { clockTime } from '../../domain/pending-commit.js';
import type { HistoryEntry } from '../../store/app-state.js';

export interface HistoryLine {
  readonly kind: HistoryEntry['kind'] | 'failed';
  readonly text: string;
}

/** Splits `text` into lines of at most `width` characters, at spaces where it can, hard where it must. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let rest = [...paragraph];
    if (rest.length === 0) out.push('');
    while (rest.length > 0) {
      if (rest.length <= w) {
        out.push(rest.join(''));
        break;
      }
      const space = rest.lastIndexOf(' ', w);
      const cut = space > 0 ? space : w;
      out.push(rest.slice(0, cut).join(''));
      rest = rest.slice(space > 0 ? cut + 1 : cut);
    }
  }
  return out;
}

/** What the first line of an entry says after its time. */
function headline(e: HistoryEntry): string {
  if (e.kind === 'command') {
    const times = e.repeats ? `, ${e.repeats.count} times since ${clockTime(e.repeats.since)}` : '';
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
