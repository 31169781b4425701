/**
 * Staged set changes in plain words for the review: "set blacklist: created hash:net inet; 200 members added",
 * and the plans a commit carries (only sets that change). Pure.
 */
import { createLine } from './print-ipset.js';
import type { IpSet } from './ip-set.js';
import type { SetPlan } from './set-plan.js';

/** Members named one by one in the review up to this many; past it, counted. */
const LISTED = 20;

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The members of `a` that `b` lacks. */
function missing(a: IpSet | null, b: IpSet | null): string[] {
  const kept = new Set(b?.members.map((m) => m.elem) ?? []);
  return (a?.members ?? []).filter((m) => !kept.has(m.elem)).map((m) => m.elem);
}

/** The plans for the sets `staged` changes relative to `basis`: created, changed (header or members), destroyed. */
export function setPlansOf(basis: ReadonlyMap<string, IpSet>, staged: ReadonlyMap<string, IpSet>): SetPlan[] {
  const names = new Set([...basis.keys(), ...staged.keys()]);
  const out: SetPlan[] = [];
  for (const name of names) {
    const before = basis.get(name) ?? null;
    const after = staged.get(name) ?? null;
    if (before === after) continue;
    const same =
      before &&
      after &&
      createLine(before) === createLine(after) &&
      missing(before, after).length === 0 &&
      missing(after, before).length === 0;
    if (!same) out.push({ name, basis: before, staged: after });
  }
  return out;
}

/** "3 members added: a, b, c" or "200 members added". */
function memberWords(elems: readonly string[], verb: string): string | null {
  if (elems.length === 0) return null;
  const listed = elems.length <= LISTED ? `: ${elems.join(', ')}` : '';
  return `${plural(elems.length, 'member')} ${verb}${listed}`;
}

/** One line per changed set. */
export function summarizeSets(plans: readonly SetPlan[]): string[] {
  return plans.map((p) => {
    const header = p.staged ?? p.basis!;
    const parts: string[] = [];
    if (!p.basis && p.staged) {
      const opts = p.staged.options.map((o) => (o.value === null ? o.name : `${o.name} ${o.value}`)).join(' ');
      parts.push(`created ${p.staged.type} ${p.staged.family ?? ''}${opts ? ` ${opts}` : ''}`.trimEnd());
    }
    if (!p.staged) parts.push(`destroyed with its ${plural(p.basis!.members.length, 'member')}`);
    else {
      const added = memberWords(missing(p.staged, p.basis), 'added');
      const removed = memberWords(missing(p.basis, p.staged), 'removed');
      if (added) parts.push(added);
      if (removed) parts.push(removed);
    }
    return `set ${header.name}: ${parts.join('; ')}`;
  });
}
