/**
 * The bytes that take a terminal from one known screen to the next by writing only the cells that changed, with
 * short relative cursor moves, and leave the cursor and pen where the full frame would have left them.
 */
import { type Cell, type ScreenModel, sameCell } from './screen-model.js';
import { PLAIN_PEN, sgrFor } from './sgr-pen.js';

const CSI = '\u001b[';
/** Unchanged cells between two changes that are cheaper to write again than to jump over. */
const MERGE_GAP = 4;

interface Pos {
  row: number;
  col: number | null;
}

/** The shortest move here from `at` to (row, col); updates `at`. */
function moveTo(at: Pos, row: number, col: number): string {
  let out = '';
  const n = (k: number) => (k === 1 ? '' : String(k));
  if (row < at.row) out += `${CSI}${n(at.row - row)}A`;
  if (row > at.row) {
    if (col === 0) {
      out += `${CSI}${n(row - at.row)}E`;
      at.row = row;
      at.col = 0;
      return out;
    }
    out += `${CSI}${n(row - at.row)}B`;
  }
  at.row = row;
  if (at.col === col) return out;
  const options = [col === 0 ? '\r' : `${CSI}${col + 1}G`];
  if (at.col !== null && col > at.col) options.push(`${CSI}${n(col - at.col)}C`);
  if (at.col !== null && col < at.col) options.push(`${CSI}${n(at.col - col)}D`);
  at.col = col;
  return out + options.reduce((a, b) => (b.length < a.length ? b : a));
}

/** A row with a wide, combined or joined character: the terminal places those, so it is written whole. */
function needsWhole(cells: readonly (Cell | undefined)[]): boolean {
  return cells.some((c) => c !== undefined && (c.width !== 1 || c.text.length > 1));
}

/** The first column from which every cell is erased (cells.length when the last one is not). */
function erasedTail(cells: readonly (Cell | undefined)[]): number {
  let k = cells.length;
  while (k > 0 && cells[k - 1]?.erased) k--;
  return k;
}

/** Spans [from, to) of changed cells before `limit`, merged across short gaps of known cells. */
function changedSpans(
  before: readonly (Cell | undefined)[] | undefined,
  after: readonly (Cell | undefined)[],
  limit: number,
): [number, number][] {
  const spans: [number, number][] = [];
  for (let c = 0; c < limit; c++) {
    if (after[c] === undefined || sameCell(before?.[c], after[c])) continue;
    const last = spans.at(-1);
    const gapKnown = last && c - last[1] <= MERGE_GAP && after.slice(last[1], c).every((x) => x !== undefined);
    if (last && gapKnown) last[1] = c + 1;
    else spans.push([c, c + 1]);
  }
  return spans;
}

/**
 * The bytes that turn the screen `before` (what the terminal shows, with its pen `pen`, null when not known) into
 * `after`; null when that cannot be done surely (then Ink's own bytes must be written).
 */
export function cellDiff(before: ScreenModel, after: ScreenModel, pen: string | null): string | null {
  if (after.col === null || after.pendingWrap) return null;
  const at: Pos = { row: before.row, col: before.pendingWrap ? null : before.col };
  let out = '';
  let current = pen;
  const write = (cell: Cell) => {
    if (cell.width === 0) return;
    if (current !== cell.pen) out += sgrFor(cell.pen, current);
    current = cell.pen;
    out += cell.text;
    at.col = (at.col as number) + cell.width;
    // At the right edge the cursor waits to wrap: the next move must not be relative to it.
    if (at.col >= after.columns) at.col = null;
    if (cell.wrapErased) {
      if (current !== PLAIN_PEN) out += sgrFor(PLAIN_PEN, current);
      current = PLAIN_PEN;
      out += `${CSI}K`;
    }
  };
  const eraseFrom = (row: number, col: number) => {
    out += moveTo(at, row, col);
    if (current !== PLAIN_PEN) out += sgrFor(PLAIN_PEN);
    current = PLAIN_PEN;
    out += `${CSI}K`;
  };
  for (const row of [...after.rows.keys()].sort((a, b) => a - b)) {
    const cells = after.rows.get(row) as (Cell | undefined)[];
    const old = before.rows.get(row);
    const tail = erasedTail(cells);
    const spans = changedSpans(old, cells, tail);
    const tailChanged = cells.slice(tail).some((c, i) => !sameCell(old?.[tail + i], c));
    if (spans.length === 0 && !tailChanged) continue;
    if (needsWhole(cells)) {
      if (cells.slice(0, tail).some((c) => c === undefined)) return null;
      out += moveTo(at, row, 0);
      for (const cell of cells.slice(0, tail)) write(cell as Cell);
      if (tail < cells.length) eraseFrom(row, tail);
      continue;
    }
    for (const [from, to] of spans) {
      out += moveTo(at, row, from);
      for (const cell of cells.slice(from, to)) write(cell as Cell);
    }
    if (tailChanged) eraseFrom(row, tail);
  }
  out += moveTo(at, after.row, after.col);
  if (current !== after.pen) out += sgrFor(after.pen, current);
  return out + after.modes.join('');
}
