/**
 * The checks around writing set changes, as for rules: did another program
 * change a set the commit touches since the edits were made (drift: nothing
 * is written), and does the kernel hold what was staged (read back). Pure.
 */
import type { IpSet } from './ip-set.js';
import { mayHaveExpired } from './set-aging.js';
import { describeSetChange, headerKey, memberDiff, sameSet } from './set-diff.js';
import type { SetPlan } from './set-plan.js';
import type { SetHeader } from './set-header.js';

/** A set another program changed since the edits were made. */
export interface SetDrift {
  readonly name: string;
  /** What changed, in words ("set bl: 3 added"). */
  readonly words: readonly string[];
}

/** The touched sets that differ from their basis now (timeouts left and counters aside). */
export function findSetDrift(plans: readonly SetPlan[], now: ReadonlyMap<string, IpSet | null>): SetDrift[] {
  const out: SetDrift[] = [];
  for (const plan of plans) {
    const fresh = now.get(plan.name) ?? null;
    if (sameSet(plan.basis, fresh)) continue;
    const words = describeSetChange(plan.name, plan.basis, fresh);
    out.push({ name: plan.name, words: words.length > 0 ? words : [`set ${plan.name}: changed`] });
  }
  return out;
}

/** Whether the kernel's header holds what was staged (options the kernel adds itself, like maxelem, aside). */
function headerHolds(staged: IpSet, fresh: IpSet): boolean {
  const [type, family, ...options] = headerKey(staged).split(' ');
  const [gotType, gotFamily, ...got] = headerKey(fresh).split(' ');
  return type === gotType && family === gotFamily && options.every((o) => o === '' || got.includes(o));
}

/**
 * What the kernel holds that differs from the staged sets, in words (empty: all as staged).
 * @param elapsed seconds since the staged members' timeouts were read: those that may have run out are no problem
 */
export function verifySets(plans: readonly SetPlan[], fresh: ReadonlyMap<string, IpSet | null>, elapsed = 0): string[] {
  const problems: string[] = [];
  for (const plan of plans) {
    const got = fresh.get(plan.name) ?? null;
    const want = plan.staged;
    if (want === null) {
      if (got !== null) problems.push(`set ${plan.name} is still there`);
      continue;
    }
    if (got === null) {
      problems.push(`set ${plan.name} is missing after the commit`);
      continue;
    }
    if (!headerHolds(want, got)) problems.push(`set ${plan.name}: the kernel holds "${headerKey(got)}"`);
    const d = memberDiff(want.members, got.members, true);
    const aged = d.dels.length > 0 ? mayHaveExpired(want, elapsed) : new Set<string>();
    const dels = d.dels.filter((m) => !aged.has(m.elem));
    if (d.adds.length > 0 || dels.length > 0) {
      const first = [...dels, ...d.adds].slice(0, 3).map((m) => m.elem);
      problems.push(
        `set ${plan.name}: ${dels.length} staged members missing, ${d.adds.length} not staged (${first.join(', ')})`,
      );
    }
  }
  return problems;
}

/**
 * The read-back of a big set by its header and count alone: ipset restore took every line, so the
 * header as staged and the staged number of members say the members are there.
 */
export function verifySetHeader(plan: SetPlan, head: SetHeader | null, elapsed = 0): string[] {
  const want = plan.staged;
  if (want === null) return head === null ? [] : [`set ${plan.name} is still there`];
  if (head === null) return [`set ${plan.name} is missing after the commit`];
  const problems: string[] = [];
  if (!headerHolds(want, head.set)) problems.push(`set ${plan.name}: the kernel holds "${headerKey(head.set)}"`);
  // Members whose timeout may have run out since they were read can be gone: fewer entries, down to that many.
  const fewest = want.members.length - (head.entries < want.members.length ? mayHaveExpired(want, elapsed).size : 0);
  if (head.entries > want.members.length || head.entries < fewest)
    problems.push(`set ${plan.name}: ${head.entries} members in the kernel, ${want.members.length} staged`);
  return problems;
}
