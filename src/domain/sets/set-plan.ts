/**
 * One IP set's staged change, the way TablePlan is one table's: what the set
 * was when the edits were made and what is staged. A commit makes `staged`
 * real (created and filled before the rules that use it, destroyed after the
 * rules that used it are gone); a revert makes `basis` real again. Pure.
 */
import type { IpSet } from './ip-set.js';

export interface SetPlan {
  /** The set's name in the namespace. */
  readonly name: string;
  /** The set as read when the edits were made; null when the commit creates it. */
  readonly basis: IpSet | null;
  /** The set as staged; null when the commit destroys it. */
  readonly staged: IpSet | null;
  /** When `basis` was read (ms since epoch): its members timing out since are no drift. Unknown: any change is. */
  readonly readAt?: number;
}

/** The same change backwards: what a revert makes real. */
export const inverseSetPlan = (plan: SetPlan): SetPlan => ({ name: plan.name, basis: plan.staged, staged: plan.basis });
