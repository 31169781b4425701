/**
 * Members that time out by themselves: between two reads of a set, a member
 * whose timeout left was shorter than the time that passed may be gone
 * without anyone changing the set. Such an absence is neither drift nor a
 * failed write. Add-only plans (`fwtui block`) are rebuilt on a fresh read
 * instead of failing. Pure.
 */
import { memberTimeout, type IpSet } from './ip-set.js';
import { headerChanged, memberDiff } from './set-diff.js';
import type { SetPlan } from './set-plan.js';

/** Seconds added to the time that passed: the kernel's garbage collection and the reads' own time. */
export const EXPIRY_MARGIN_SEC = 2;

/** Elements of `set` that may have timed out `seconds` after it was read (timeout left <= seconds + margin). */
export function mayHaveExpired(set: IpSet, seconds: number): Set<string> {
  const out = new Set<string>();
  for (const m of set.members) {
    const left = memberTimeout(set, m);
    if (left !== null && left <= seconds + EXPIRY_MARGIN_SEC) out.add(m.elem);
  }
  return out;
}

/**
 * Whether `now` is `was` less members that may have timed out `seconds` after `was` was read: the same
 * header, nothing added or changed.
 */
export function sameBarExpiry(was: IpSet | null, now: IpSet | null, seconds: number): boolean {
  if (was === null || now === null) return was === now;
  if (headerChanged(was, now)) return false;
  const d = memberDiff(was.members, now.members, true);
  if (d.adds.length > 0) return false;
  const gone = d.dels.length > 0 ? mayHaveExpired(was, seconds) : new Set<string>();
  return d.dels.every((m) => gone.has(m.elem));
}

/** Whether the plan only adds members to a set that stays (same header): what `fwtui block` stages. */
export function addsOnly(plan: SetPlan): boolean {
  const { basis, staged } = plan;
  if (basis === null || staged === null || headerChanged(basis, staged)) return false;
  return memberDiff(basis.members, staged.members, true).dels.length === 0;
}

/**
 * An add-only plan rebuilt on the set as read now (`fresh`): its members as they are, plus the plan's new
 * ones that are not there yet. Any other plan, or a set now gone or with another header, is returned as is.
 */
export function rebaseAdds(plan: SetPlan, fresh: IpSet | null): SetPlan {
  if (fresh === null || !addsOnly(plan) || headerChanged(fresh, plan.staged!)) return plan;
  const adds = memberDiff(plan.basis!.members, plan.staged!.members, true).adds;
  const have = new Set(fresh.members.map((m) => m.elem));
  const members = [...fresh.members, ...adds.filter((m) => !have.has(m.elem))];
  return { name: plan.name, basis: fresh, staged: { ...fresh, members } };
}

/**
 * The plan as it applies to the set read now (`fresh`), `elapsed` seconds after its basis was read (null: not
 * known): an add-only plan goes on top of whatever is there; any other plan, when the set differs only by
 * members that may have timed out, makes its own deletions and additions on the fresh read (an expired member
 * is not added back). Otherwise the plan is returned as is, and the drift check says what changed.
 */
export function rebasePlan(plan: SetPlan, fresh: IpSet | null, elapsed: number | null): SetPlan {
  if (addsOnly(plan)) return rebaseAdds(plan, fresh);
  const { basis, staged } = plan;
  if (basis === null || staged === null || elapsed === null || !sameBarExpiry(basis, fresh, elapsed)) return plan;
  const d = memberDiff(basis.members, staged.members);
  const dels = new Set(d.dels.map((m) => m.elem));
  const members = [...fresh!.members.filter((m) => !dels.has(m.elem)), ...d.adds];
  return { name: plan.name, basis: fresh, staged: { ...staged, members } };
}
