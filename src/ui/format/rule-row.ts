/**
 * One rule as the cells of the rule view: the iptables -L columns plus a rate,
 * fitted to the width available. Pure: no React.
 */
import { ruleColumns } from '../../domain/list-format.js';
import { parseRuleView } from '../../domain/rule-view.js';
import type { Family, Rule } from '../../domain/ruleset.js';
import { humanRate } from '../../domain/human-count.js';
import { counterText } from './counters.js';

export type ColumnId = 'num' | 'pkts' | 'bytes' | 'rate' | 'target' | 'prot' | 'opt' | 'in' | 'out' | 'source' | 'destination' | 'extra';

export interface Column {
  readonly id: ColumnId;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

export type RowCells = Readonly<Record<ColumnId, string>>;

export function ruleCells(rule: Rule, num: number, family: Family, exact: boolean, rate: number | undefined): RowCells {
  const view = parseRuleView(rule.args);
  const c = ruleColumns(view, family);
  const counters = rule.counters ?? { packets: 0n, bytes: 0n };
  return {
    num: String(num),
    pkts: counterText(counters.packets, exact),
    bytes: counterText(counters.bytes, exact),
    rate: humanRate(rate),
    target: c.target,
    prot: view.protocol ? `${view.protocol.negated ? '!' : ''}${view.protocol.value}` : 'all',
    opt: c.opt,
    in: c.in,
    out: c.out,
    source: c.source,
    destination: c.destination,
    extra: c.extra.trim(),
  };
}

/** Columns in the order shown, with the width each wants and the order they are dropped in when narrow. */
const SPEC: readonly { id: ColumnId; title: string; want: number; align: 'left' | 'right'; drop: number }[] = [
  { id: 'num', title: 'num', want: 4, align: 'right', drop: 99 },
  { id: 'pkts', title: 'pkts', want: 6, align: 'right', drop: 98 },
  { id: 'bytes', title: 'bytes', want: 6, align: 'right', drop: 90 },
  { id: 'rate', title: 'pkt/s', want: 6, align: 'right', drop: 94 },
  { id: 'target', title: 'target', want: 10, align: 'left', drop: 97 },
  { id: 'prot', title: 'prot', want: 5, align: 'left', drop: 80 },
  { id: 'opt', title: 'opt', want: 3, align: 'left', drop: 10 },
  { id: 'in', title: 'in', want: 7, align: 'left', drop: 40 },
  { id: 'out', title: 'out', want: 7, align: 'left', drop: 30 },
  { id: 'source', title: 'source', want: 11, align: 'left', drop: 96 },
  { id: 'destination', title: 'destination', want: 11, align: 'left', drop: 95 },
];

/** Least room the trailing "matches and comment" column keeps before other columns are dropped. */
const EXTRA_MIN = 10;

/**
 * Chooses the columns for a width. Counter columns grow to fit the widest visible value.
 * Columns are dropped lowest-priority first until the rest fit with room for the extra column.
 */
export function layoutColumns(width: number, visible: readonly RowCells[]): Column[] {
  const widest = (id: ColumnId): number => Math.max(0, ...visible.map((r) => r[id].length));
  let chosen = SPEC.map((c) => ({ ...c, width: Math.min(Math.max(c.want, c.title.length, widest(c.id)), c.id === 'target' ? 16 : 40) }));
  const used = (): number => chosen.reduce((sum, c) => sum + c.width + 1, 0);
  const dropBelow = (priority: number): void => {
    while (chosen.length > 1 && used() + EXTRA_MIN > width) {
      const lowest = chosen.reduce((a, b) => (b.drop < a.drop ? b : a));
      if (lowest.drop >= priority) return;
      chosen = chosen.filter((c) => c !== lowest);
    }
  };
  dropBelow(94);
  // Still too wide: shrink addresses and the target before dropping the rate and addresses.
  for (const id of ['source', 'destination', 'target'] as ColumnId[]) {
    const over = used() + EXTRA_MIN - width;
    const col = chosen.find((c) => c.id === id);
    if (over > 0 && col) col.width = Math.max(id === 'target' ? 6 : Math.min(col.width, 13), col.width - over);
  }
  dropBelow(97);
  // A terminal narrower than the essentials: the last column takes what is left.
  while (used() > width && chosen.length > 1) {
    const last = chosen[chosen.length - 1]!;
    const room = width - (used() - last.width - 1);
    if (room >= 1) last.width = room;
    else chosen = chosen.slice(0, -1);
  }
  const extraWidth = Math.max(0, width - used());
  const columns: Column[] = chosen.map(({ id, title, width: w, align }) => ({ id, title, width: w, align }));
  if (extraWidth > 0) columns.push({ id: 'extra', title: 'matches / comment', width: extraWidth, align: 'left' });
  return columns;
}

/** Cuts or pads text to exactly `width` characters; a cut is marked with "…". */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'right' ? pad + text : text + pad;
}

/** The cells of one row joined to the columns' widths (one space between columns). */
export function rowText(cells: RowCells, columns: readonly Column[]): string {
  return columns.map((c) => fit(cells[c.id], c.width, c.align)).join(' ');
}

export function headerText(columns: readonly Column[]): string {
  return columns.map((c) => fit(c.title, c.width, c.align)).join(' ');
}

/** A row split around the target cell, so the target can take its own colour. */
export function rowSegments(cells: RowCells, columns: readonly Column[]): { before: string; target: string; after: string } {
  const at = columns.findIndex((c) => c.id === 'target');
  const part = (cols: readonly Column[]): string => cols.map((c) => fit(cells[c.id], c.width, c.align)).join(' ');
  if (at < 0) return { before: part(columns), target: '', after: '' };
  const before = part(columns.slice(0, at));
  const after = part(columns.slice(at + 1));
  return { before: before ? `${before} ` : '', target: fit(cells.target, columns[at]!.width), after: after ? ` ${after}` : '' };
}
