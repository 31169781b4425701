/**
 * Where the cursor is on the screen after bytes the cell model did not follow (the first frame, a clear, a resize),
 * so that the next model knows how far up it can go before the terminal stops it, and when a newline would scroll.
 */
import stringWidth from 'string-width';
import { charCells } from './char-cells.js';

/** The cursor on the screen: row and column from the top left; null when not known. */
export interface CursorPlace {
  row: number | null;
  col: number | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal bytes
const TOKEN = /\u001b\[([?0-9;]*)([A-Za-z])|\n|\r|\u001b.?|[\u0000-\u001f\u007f]|[^\u0000-\u001f\u007f\u001b]+/gu;

/** The place after a CSI sequence; 'other' for one that is not known. */
function csi(at: CursorPlace, params: string, final: string, rows: number, columns: number): CursorPlace | 'other' {
  if (params.startsWith('?') || final === 'm' || final === 'K' || final === 'J') return at;
  const nums = params.split(';').map((p) => (p === '' ? 1 : Number(p)));
  const n = Math.max(1, nums[0] ?? 1);
  const row = (r: number | null) => (r === null ? null : Math.min(rows - 1, Math.max(0, r)));
  const col = (c: number | null) => (c === null ? null : Math.min(columns - 1, Math.max(0, c)));
  switch (final) {
    case 'A':
      return { row: row(at.row === null ? null : at.row - n), col: at.col };
    case 'B':
      return { row: row(at.row === null ? null : at.row + n), col: at.col };
    case 'E':
      return { row: row(at.row === null ? null : at.row + n), col: 0 };
    case 'F':
      return { row: row(at.row === null ? null : at.row - n), col: 0 };
    case 'G':
      return { row: at.row, col: col(n - 1) };
    case 'C':
      return { row: at.row, col: col(at.col === null ? null : at.col + n) };
    case 'D':
      return { row: at.row, col: col(at.col === null ? null : at.col - n) };
    case 'H':
    case 'f':
      return { row: row((nums[0] ?? 1) - 1), col: col((nums[1] ?? 1) - 1) };
    default:
      return 'other';
  }
}

/**
 * The cursor's place after `chunk` from `at` on a `columns` x `rows` terminal (newlines as CR LF, as the tty sends
 * them). What cannot be told surely (text that may wrap, codes not known) makes the row or the place unknown; a later
 * absolute move (`ESC[H`, as in Ink's clear) makes it known again.
 */
export function cursorPlaceAfter(chunk: string, at: CursorPlace, rows: number, columns: number): CursorPlace {
  let place = { ...at };
  let waiting = false;
  for (const match of chunk.matchAll(TOKEN)) {
    const [token, params, final] = match;
    if (final !== undefined) {
      const next = csi(place, params ?? '', final, rows, columns);
      if (next === 'other') place = { row: null, col: null };
      else place = next;
      // An erase leaves the cursor waiting (tmux) or not (xterm): only a move ends the wait everywhere.
      if (final !== 'm' && final !== 'K' && final !== 'J') waiting = false;
    } else if (token === '\n') {
      place = { row: place.row === null ? null : Math.min(rows - 1, place.row + 1), col: 0 };
      waiting = false;
    } else if (token === '\r') {
      place = { row: place.row, col: 0 };
      waiting = false;
    } else if (token.startsWith('\u001b') || token.charCodeAt(0) < 0x20 || token === '\u007f') {
      place = { row: null, col: null };
    } else {
      const width = charCells(token)?.reduce((sum, [, w]) => sum + w, 0) ?? stringWidth(token);
      if (width === 0) continue;
      // Text that reaches past the edge wraps (and may scroll): where it ends is not worth guessing.
      if (place.col === null || waiting || place.col + width > columns) place = { row: null, col: null };
      else if (place.col + width === columns) {
        place = { row: place.row, col: columns - 1 };
        waiting = true;
      } else place = { row: place.row, col: place.col + width };
    }
  }
  // Still waiting to wrap: the next character's place depends on the terminal.
  return waiting ? { row: place.row, col: null } : place;
}
