/** A unified diff of two texts (`diff -u` shape, 3 lines of context). Pure. */
import { commonSubsequence } from './sequence-diff.js';

export interface DiffLine {
  readonly kind: ' ' | '-' | '+' | '@';
  readonly text: string;
}

/** Lines of a unified diff between `before` and `after` (hunk headers as kind '@'); empty when equal. */
export function unifiedDiff(before: string, after: string, context = 3): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a[a.length - 1] === '' && b[b.length - 1] === '') {
    a.pop();
    b.pop();
  }
  const common = commonSubsequence(a, b);
  // Walk both texts as a sequence of ops.
  const ops: { kind: ' ' | '-' | '+'; i: number; j: number }[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k <= common.before.length; k++) {
    const ni = common.before[k] ?? a.length;
    const nj = common.after[k] ?? b.length;
    while (i < ni) ops.push({ kind: '-', i: i++, j });
    while (j < nj) ops.push({ kind: '+', i, j: j++ });
    if (k < common.before.length) ops.push({ kind: ' ', i: i++, j: j++ });
  }
  const out: DiffLine[] = [];
  let k = 0;
  while (k < ops.length) {
    const change = ops.findIndex((op, n) => n >= k && op.kind !== ' ');
    if (change < 0) break;
    const start = Math.max(k, change - context);
    // Extend the hunk while changes are within 2*context of each other.
    let end = change;
    for (let n = change; n < ops.length; n++) {
      if (ops[n]!.kind !== ' ') end = n;
      else if (n - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    out.push({ kind: '@', text: `@@ -${hunk[0]!.i + 1},${oldCount} +${hunk[0]!.j + 1},${newCount} @@` });
    for (const op of hunk) out.push({ kind: op.kind, text: op.kind === '+' ? b[op.j]! : a[op.i]! });
    k = stop;
  }
  return out;
}
