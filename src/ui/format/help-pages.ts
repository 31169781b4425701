/**
 * The help overlay's pages: every mode's keys, grouped by mode, in columns of rows, nothing cut (a long
 * description wraps, a long key list takes its own row). The rule list is one group, the other modes the
 * next, each starting on a page of its own; pages are counted over the whole help. Pure.
 */
import { keyLabel, type ModeKeys } from '../keys/key-binding.js';
import { wrapText } from './wrap.js';

/** One row of a help column: a mode's heading, or keys and (part of) what they do. */
export interface HelpRow {
  readonly kind: 'heading' | 'binding';
  readonly keys: string;
  readonly text: string;
}

/** One page: its group's name, its number in the whole help, and its columns of rows. */
export interface HelpPage {
  readonly group: string;
  /** What the group holds, in words. */
  readonly about: string;
  readonly number: number;
  readonly of: number;
  readonly columns: readonly (readonly HelpRow[])[];
}

/**
 * Keys and description of each binding of `mode` (and what typed text does there), as they read in help.
 * Bindings on the same keys are one entry, in the order they are tried: "while …: revert it now; else rename…".
 */
export function helpEntries(mode: ModeKeys, unicode = true): { keys: string; text: string }[] {
  const entries: { keys: string; text: string }[] = [];
  for (const b of mode.bindings) {
    const keys = b.keys.map((k) => keyLabel(k, unicode)).join(', ');
    const same = entries.findIndex((e) => e.keys === keys);
    if (same < 0) entries.push({ keys, text: b.description });
    else entries[same] = { keys, text: `${entries[same]!.text}; else ${b.description}` };
  }
  return mode.typing ? [...entries, { keys: 'text', text: mode.typing.description }] : entries;
}

/** The rows of one entry in a column of `width` whose key column is `keyWidth` wide. */
function entryRows(e: { keys: string; text: string }, width: number, keyWidth: number): HelpRow[] {
  const room = Math.max(1, width - keyWidth - 1);
  const text = wrapText(e.text, room);
  // Keys that do not fit their column get a row of their own: a key is never cut.
  const keys = [...e.keys].length < keyWidth ? [] : [{ kind: 'binding' as const, keys: e.keys, text: '' }];
  const first = keys.length > 0 ? '' : e.keys;
  return [...keys, ...text.map((t, i) => ({ kind: 'binding' as const, keys: i === 0 ? first : '', text: t }))];
}

/** Blocks of rows that stay together: a heading with the first entry, then each entry. */
function modeBlocks(mode: ModeKeys, width: number, keyWidth: number, unicode: boolean): HelpRow[][] {
  const heading = wrapText(mode.title, width - 1).map((text): HelpRow => ({ kind: 'heading', keys: '', text }));
  const blocks = helpEntries(mode, unicode).map((e) => entryRows(e, width, keyWidth));
  return blocks.map((b, i) => (i === 0 ? [...heading, ...b] : b));
}

/**
 * Fills columns of `rows` rows, `perPage` columns a page, block by block (a block is never split); a mode
 * that fits in one column starts a new column rather than run over into the next (or the next page).
 */
function paginate(modes: HelpRow[][][], rows: number, perPage: number): HelpRow[][][] {
  const columns: HelpRow[][] = [[]];
  for (const blocks of modes) {
    const size = blocks.reduce((n, b) => n + b.length, 0);
    const open = columns[columns.length - 1]!;
    if (size <= rows && open.length > 0 && open.length + size > rows) columns.push([]);
    for (const block of blocks) {
      const column = columns[columns.length - 1]!;
      if (column.length > 0 && column.length + block.length > rows) columns.push([...block]);
      else column.push(...block);
    }
  }
  const pages: HelpRow[][][] = [];
  for (let i = 0; i < columns.length; i += perPage) pages.push(columns.slice(i, i + perPage));
  return pages;
}

/** Every mode's keys in pages of `rows` rows and as many columns of at least 40 characters as `width` holds. */
export function helpPages(modes: readonly ModeKeys[], width: number, rows: number, unicode = true): HelpPage[] {
  const perPage = width >= 80 ? 2 : 1;
  const colWidth = helpColumnWidth(width);
  const keyWidth = helpKeyWidth(modes, unicode);
  const groups: [string, string, readonly ModeKeys[]][] = [
    ['rule list', 'the rule list', modes.slice(0, 1)],
    ['other modes', 'the editor, prompts and views', modes.slice(1)],
  ];
  const grouped = groups.flatMap(([group, about, ms]) =>
    paginate(
      ms.map((m) => modeBlocks(m, colWidth, keyWidth, unicode)),
      Math.max(2, rows),
      perPage,
    ).map((columns) => ({ group, about, columns })),
  );
  // One count for the whole help: "page 2 of 2" never precedes "more below".
  return grouped.map((p, i) => ({ ...p, number: i + 1, of: grouped.length }));
}

/** The key column's width used by `helpPages` (the view pads keys to it). */
export function helpKeyWidth(modes: readonly ModeKeys[], unicode = true): number {
  return Math.min(16, Math.max(...modes.flatMap((m) => helpEntries(m, unicode).map((e) => [...e.keys].length))) + 2);
}

/** The width of one help column: half the screen from 80 columns on, else the whole of it. */
export const helpColumnWidth = (width: number): number => Math.floor(width / (width >= 80 ? 2 : 1));
