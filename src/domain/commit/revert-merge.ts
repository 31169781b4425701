/**
 * The rules a reverted chain should hold when other programs wrote to it
 * during the window: the saved rules, in their saved order; the commit's own
 * rules gone; and every other rule (another program's, written since the
 * commit or while the revert runs) kept, after the same saved rule it
 * follows now. Rules are told apart by their words; identical rules are
 * interchangeable. Pure.
 */
import type { Rule } from '../model/ruleset.js';

const counts = (rules: readonly Rule[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const r of rules) out.set(r.spec, (out.get(r.spec) ?? 0) + 1);
  return out;
};

/**
 * @param before the chain as saved just before the commit
 * @param written the chain as the kernel held it right after the commit
 * @param now the chain as the kernel holds it now
 */
export function mergeRevert(before: readonly Rule[], written: readonly Rule[], now: readonly Rule[]): Rule[] {
  const saved = counts(before);
  // The commit's own rules: what it wrote beyond what was there before.
  const own = counts(written);
  for (const [spec, n] of saved) own.set(spec, (own.get(spec) ?? 0) - n);
  // Where each occurrence of a saved rule sits in `before`.
  const places = new Map<string, number[]>();
  before.forEach((r, i) => {
    places.set(r.spec, [...(places.get(r.spec) ?? []), i]);
  });
  const seen = new Map<string, number>();
  const others = new Map<number, Rule[]>();
  let anchor = -1;
  for (const rule of now) {
    const k = rule.spec;
    const used = seen.get(k) ?? 0;
    if (used < (saved.get(k) ?? 0)) {
      seen.set(k, used + 1);
      anchor = places.get(k)![used]!;
    } else if ((own.get(k) ?? 0) > 0) {
      own.set(k, own.get(k)! - 1);
    } else {
      others.set(anchor, [...(others.get(anchor) ?? []), rule]);
    }
  }
  const out: Rule[] = [...(others.get(-1) ?? [])];
  before.forEach((rule, i) => {
    out.push(rule, ...(others.get(i) ?? []));
  });
  return out;
}
