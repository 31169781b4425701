/**
 * The rule view's columns for a width. Wide: the iptables -L columns (prot, opt, in, out,
 * source, destination) then the matches. Compact, when those do not fit (or on request): the
 * same facts folded into one text column as `-i lo -s 10.0.0.0/8 tcp dpt:22`. Nothing that
 * narrows a rule is ever dropped; a cut is always marked. Pure: no React.
 */
import { fitName } from './chain-name.js';
import { startWithin, textWidth } from './text-width.js';
import type { ColumnId, RowCells } from './rule-cells.js';

export { ruleCells, compactText, type ColumnId, type RowCells } from './rule-cells.js';

export interface Column {
  readonly id: ColumnId;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

export type RowMode = 'wide' | 'compact';
/** What the admin asked for with the wide/compact key; `auto` is wide where it fits. */
export type RowModeChoice = 'auto' | RowMode;

export interface RowLayout {
  readonly mode: RowMode;
  readonly columns: readonly Column[];
}

/** The cut mark: a value that does not fit ends (or, scrolled, starts) with it. */
export const CUT = '…';

type Spec = { id: ColumnId; title: string; min: number; max: number; align: 'left' | 'right' };
const spec = (id: ColumnId, title: string, min: number, max: number, align: 'left' | 'right' = 'left'): Spec => ({
  id,
  title,
  min,
  max,
  align,
});

// Counter and rate columns keep a fixed least width (K/M/G values are at most 5 wide): traffic starting
// or stopping never makes a column appear, vanish or jump.
const NUM = spec('num', 'num', 3, 9, 'right');
const PKTS = spec('pkts', 'pkts', 5, 20, 'right');
const BYTES = spec('bytes', 'bytes', 5, 20, 'right');
const RATE = spec('rate', 'pkt/s', 5, 6, 'right');
const BYTE_RATE = spec('byteRate', 'B/s', 5, 6, 'right');
const TARGET = spec('target', 'target', 6, 24);
const MIDDLE = [
  spec('prot', 'prot', 4, 10),
  spec('opt', 'opt', 3, 3),
  spec('in', 'in', 3, 16),
  spec('out', 'out', 3, 16),
  spec('source', 'source', 9, 44),
  spec('destination', 'destination', 11, 44),
];

/** Least room the matches keep in the wide layout before the compact one is used instead. */
const WIDE_TEXT_MIN = 24;
/** Least room the compact text keeps before the bytes and B/s columns give theirs. */
const COMPACT_TEXT_MIN = 40;

const TEXT_TITLE: Readonly<Record<RowMode, string>> = {
  wide: 'matches / comment',
  compact: '-i -o -p -s -d, matches / comment',
};

/** Chooses the columns for a width and the rows on screen (counter columns grow to the widest value). */
export function rowLayout(width: number, visible: readonly RowCells[], choice: RowModeChoice = 'auto'): RowLayout {
  const widest = (id: ColumnId): number => Math.max(0, ...visible.map((r) => textWidth(r[id])));
  const size = (s: Spec): Column => ({
    id: s.id,
    title: s.title,
    align: s.align,
    width: Math.min(Math.max(s.min, s.title.length, widest(s.id)), s.max),
  });
  const used = (cols: readonly Column[]): number => cols.reduce((sum, c) => sum + c.width + 1, 0);
  const full = [NUM, PKTS, BYTES, RATE, BYTE_RATE, TARGET].map(size);
  const lean = [NUM, PKTS, RATE, TARGET].map(size);
  const middle = MIDDLE.map(size);
  const text = (mode: RowMode, cols: Column[]): RowLayout => {
    const id: ColumnId = mode === 'wide' ? 'extra' : 'rule';
    const rest: Column = { id, title: TEXT_TITLE[mode], align: 'left', width: Math.max(0, width - used(cols)) };
    return { mode, columns: [...cols, rest] };
  };
  if (choice !== 'compact') {
    if (used([...full, ...middle]) + WIDE_TEXT_MIN <= width) return text('wide', [...full, ...middle]);
    if (choice === 'wide') {
      // Asked for: addresses give room first (cut with a mark), then bytes and B/s.
      const isAddress = (c: Column): boolean => c.id === 'source' || c.id === 'destination';
      const narrow = middle.map((c) => (isAddress(c) ? { ...c, width: Math.min(c.width, 15) } : c));
      for (const cols of [
        [...full, ...middle],
        [...lean, ...middle],
        [...lean, ...narrow],
      ]) {
        if (used(cols) + WIDE_TEXT_MIN / 2 <= width) return text('wide', cols);
      }
    }
  }
  if (used(full) + COMPACT_TEXT_MIN <= width) return text('compact', full);
  // Narrow: a long chain name as target gives room (cut, marked), then the counters; what narrows the rule stays.
  const shortTarget = (c: Column): Column => (c.id === 'target' ? { ...c, width: Math.min(c.width, 12) } : c);
  let cols = used(lean) + COMPACT_TEXT_MIN / 2 <= width ? lean : lean.map(shortTarget);
  for (const drop of ['rate', 'pkts'] as ColumnId[]) {
    if (used(cols) + 10 > width) cols = cols.filter((c) => c.id !== drop);
  }
  return text('compact', cols);
}

/** The columns only (the automatic choice). */
export function layoutColumns(width: number, visible: readonly RowCells[], choice: RowModeChoice = 'auto'): Column[] {
  return [...rowLayout(width, visible, choice).columns];
}

const isText = (id: ColumnId): boolean => id === 'extra' || id === 'rule';

/** The `last minute` column's width: one character per 5 s slice (hot-lines.ts SPARK_SLICES). */
export const SPARK_WIDTH = 12;

/**
 * The layout with the `last minute` sparkline column after the rates, only where the text column then still holds
 * the longest text on screen and its title (no rule text is cut for it, and the rows keep their mode); else the
 * layout as it was.
 */
export function withSparkColumn(layout: RowLayout, visible: readonly RowCells[]): RowLayout {
  const cols = layout.columns;
  const text = cols[cols.length - 1];
  const after = Math.max(
    cols.findIndex((c) => c.id === 'byteRate'),
    cols.findIndex((c) => c.id === 'rate'),
  );
  if (!text || !isText(text.id) || after < 0) return layout;
  const longest = Math.max(0, ...visible.map((r) => textWidth(r[text.id])));
  const left = text.width - SPARK_WIDTH - 1;
  if (left < Math.max(longest, text.title.length)) return layout;
  const spark: Column = { id: 'spark', title: 'last minute', width: SPARK_WIDTH, align: 'left' };
  const columns = [...cols.slice(0, after + 1), spark, ...cols.slice(after + 1, -1), { ...text, width: left }];
  return { mode: layout.mode, columns };
}

/** Cuts or pads text to exactly `width` terminal columns; a cut is marked with "…". */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const columns = textWidth(text);
  if (columns > width) {
    // A wide character that would straddle the edge goes whole: a space keeps the columns exact.
    const start = startWithin(text, width - 1);
    return `${start.text}${CUT}${' '.repeat(width - 1 - start.width)}`;
  }
  const pad = ' '.repeat(width - columns);
  return align === 'right' ? pad + text : text + pad;
}

/** Text scrolled left by `offset` characters; the hidden start is marked with "…". */
export function scrolled(text: string, offset: number): string {
  if (offset <= 0 || text === '') return text;
  return CUT + [...text].slice(offset + 1).join('');
}

const cell = (cells: RowCells, c: Column, scroll: number): string =>
  fit(isText(c.id) ? scrolled(cells[c.id], scroll) : cells[c.id], c.width, c.align);

/** The cells of one row joined to the columns' widths (one space between columns). */
export function rowText(cells: RowCells, columns: readonly Column[], scroll = 0): string {
  return columns.map((c) => cell(cells, c, scroll)).join(' ');
}

export function headerText(columns: readonly Column[]): string {
  return columns.map((c) => fit(c.title, c.width, c.align)).join(' ');
}

/** A row split around the target cell, so the target can take its own colour. */
export function rowSegments(
  cells: RowCells,
  columns: readonly Column[],
  scroll = 0,
): { before: string; target: string; after: string } {
  const at = columns.findIndex((c) => c.id === 'target');
  const part = (cols: readonly Column[]): string => cols.map((c) => cell(cells, c, scroll)).join(' ');
  if (at < 0) return { before: part(columns), target: '', after: '' };
  const before = part(columns.slice(0, at));
  const after = part(columns.slice(at + 1));
  // A lone word is a chain or target name: keep both ends (DOCKER-ISOLATION-STAGE-1 / -2 stay distinct).
  const width = columns[at]!.width;
  const target = cells.target.includes(' ') ? fit(cells.target, width) : fitName(cells.target, width);
  return { before: before ? `${before} ` : '', target, after: after ? ` ${after}` : '' };
}
