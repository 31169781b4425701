/**
 * One page of a list whose rows wrap to several lines: the page holding the cursor's first line, and which
 * of its lines are the cursor's (to mark them). `empty` (words when there are no rows) shows instead. Pure.
 */
import { wrapText } from './wrap.js';

export interface WrappedPage {
  readonly lines: readonly string[];
  readonly cursorLines: ReadonlySet<number>;
}

/** The page of `rows` (each already wrapped to lines) that shows row `cursor`, `room` lines high. */
export function wrappedPage(
  rows: readonly (readonly string[])[],
  cursor: number,
  room: number,
  empty: string | null,
  width: number,
): WrappedPage {
  if (empty) return { lines: wrapText(empty, width), cursorLines: new Set() };
  const first = rows.slice(0, cursor).reduce((n, w) => n + w.length, 0);
  const top = Math.floor(first / room) * room;
  const cursorLines = new Set(Array.from({ length: rows[cursor]?.length ?? 0 }, (_, i) => first - top + i));
  return { lines: rows.flat().slice(top, top + room), cursorLines };
}
