/**
 * Which items of one sequence survive into another (a longest common
 * subsequence, Myers' O((n+m)·d) algorithm). Used for rules (by text) and
 * for lines of iptables-save text. Pure.
 */

/** Pairs of equal items: `before[a[k]] === after[b[k]]`, both indexes ascending. */
export interface Common {
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/** Beyond this many differences the middle part is treated as replaced whole (still a valid answer). */
const MAX_D = 1000;

/**
 * A common subsequence of two sequences: the longest one when they differ in
 * at most a few thousand places, else the common start and end only. Either
 * way every pair is a real match, so a script built from it is correct.
 */
export function commonSubsequence<T>(before: readonly T[], after: readonly T[]): Common {
  return commonBy(before.length, after.length, (i, j) => before[i] === after[j]);
}

/** The same, for sequences given by their lengths and an equality test (no copies of 100k-rule chains). */
export function commonBy(beforeLength: number, afterLength: number, same: (i: number, j: number) => boolean): Common {
  let start = 0;
  while (start < beforeLength && start < afterLength && same(start, start)) start++;
  let endB = beforeLength;
  let endA = afterLength;
  while (endB > start && endA > start && same(endB - 1, endA - 1)) {
    endB--;
    endA--;
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < start; i++) {
    a.push(i);
    b.push(i);
  }
  const middle = myers(same, start, endB, start, endA);
  for (const [x, y] of middle) {
    a.push(x);
    b.push(y);
  }
  for (let i = 0; endB + i < beforeLength; i++) {
    a.push(endB + i);
    b.push(endA + i);
  }
  return { before: a, after: b };
}

/** Myers' greedy LCS on before[b0,b1) x after[a0,a1); returns matched index pairs in order. */
function myers(
  same: (i: number, j: number) => boolean,
  b0: number,
  b1: number,
  a0: number,
  a1: number,
): [number, number][] {
  const n = b1 - b0;
  const m = a1 - a0;
  if (n === 0 || m === 0) return [];
  const max = Math.min(n + m, MAX_D);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && same(b0 + x, a0 + y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m, offset).map(([x0, y0]) => [b0 + x0, a0 + y0]);
    }
  }
  return []; // too different: nothing in the middle is kept
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number, offset: number): [number, number][] {
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) pairs.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) pairs.push([--x, --y]);
  return pairs.reverse();
}
