/**
 * The rows of a chain with staged edits: every staged rule with its mark
 * (added, changed, moved), and ghost rows where live rules were deleted.
 * Pure; cached per chain diff (the view asks on every frame).
 */
import type { Rule } from '../../domain/model/ruleset.js';
import type { ChainDiff } from '../../domain/diff/table-diff.js';

export type StagedMark = 'added' | 'changed' | 'moved';

/** A staged rule (index into the staged chain) or a deleted live rule shown in its old place. */
export type DisplayRow =
  | { readonly index: number; readonly mark: StagedMark | null }
  | { readonly ghost: Rule; readonly was: number };

export interface StagedRows {
  readonly rows: readonly DisplayRow[];
  /** Display row of each staged rule index. */
  readonly positionOf: (index: number) => number;
}

const cache = new WeakMap<ChainDiff, StagedRows>();

export function stagedRows(diff: ChainDiff): StagedRows {
  let hit = cache.get(diff);
  if (!hit) {
    hit = compute(diff);
    cache.set(diff, hit);
  }
  return hit;
}

function compute(diff: ChainDiff): StagedRows {
  const marks = new Map<number, StagedMark>();
  for (const j of diff.added) marks.set(j, 'added');
  for (const [, j] of diff.changed) marks.set(j, 'changed');
  for (const [, j] of diff.moved) marks.set(j, 'moved');
  // A deleted live rule stays where it was: right after the staged row of the live rule before it (a kept rule,
  // or a changed one still between the same kept neighbours), so before any rule added after it, as the kernel
  // will have them. With no such rule before it, it is the first row.
  const anchors = anchorsOf(diff);
  const keptBeforeOf = (i: number): number => {
    let lo = 0;
    let hi = anchors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (anchors[mid]![0] < i) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? anchors[lo - 1]![1] : -1;
  };
  const ghostsAfter = new Map<number, number[]>();
  for (const i of [...diff.deleted].sort((a, b) => a - b)) {
    const at = keptBeforeOf(i);
    const list = ghostsAfter.get(at);
    if (list) list.push(i);
    else ghostsAfter.set(at, [i]);
  }
  const rows: DisplayRow[] = [];
  const position = new Int32Array(diff.after.length);
  for (let j = -1; j < diff.after.length; j++) {
    if (j >= 0) {
      position[j] = rows.length;
      rows.push({ index: j, mark: marks.get(j) ?? null });
    }
    for (const i of ghostsAfter.get(j) ?? []) rows.push({ ghost: diff.before[i]!, was: i });
  }
  return { rows, positionOf: (index) => position[index] ?? 0 };
}

/** [live, staged] pairs in both orders at once: kept rules, and changed rules that stayed in their gap. */
function anchorsOf(diff: ChainDiff): (readonly [number, number])[] {
  const { before, after } = diff.common;
  const anchors: (readonly [number, number])[] = before.map((i, k) => [i, after[k]!] as const);
  if (diff.changed.length === 0) return anchors;
  const gap = (sorted: readonly number[], x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let last: readonly [number, number] = [-1, -1];
  const inGap = diff.changed.filter(([i, j]) => gap(before, i) === gap(after, j)).sort((a, b) => a[0] - b[0]);
  const monotone = inGap.filter((p) => {
    if (p[0] <= last[0] || p[1] <= last[1]) return false;
    last = p;
    return true;
  });
  return [...anchors, ...monotone].sort((a, b) => a[0] - b[0]);
}
