/**
 * The `ipset restore` text of a commit's set changes, in the order that
 * keeps every rule's set in place: phase "before rules" creates new sets,
 * adds and deletes members, and changes a header by creating a temporary
 * set, filling it, swapping it in and destroying the temporary one (rules
 * keep using the set throughout); phase "after rules" destroys sets, once
 * the rules that used them are gone. A revert is the inverse plans through
 * the same phases. Pure.
 */
import type { IpSet, SetMember, SetOption } from './ip-set.js';
import { checkSet, SET_NAME_MAX, SetCheckError } from './set-check.js';
import { headerChanged, memberDiff } from './set-diff.js';
import type { SetPlan } from './set-plan.js';
import { createLine } from './print-ipset.js';

export interface SetPhases {
  /** Restore text run before the rules are written; null when there is nothing to do. */
  readonly before: string | null;
  /** Restore text run after the rules are written (destroys); null when there is nothing to do. */
  readonly after: string | null;
  /** The temporary sets "before" creates: destroyed when it stops half-way (ipset restore is not atomic). */
  readonly temps: readonly string[];
}

const option = (o: SetOption): string =>
  o.value === null ? ` ${o.name}` : o.name === 'comment' ? ` comment "${o.value}"` : ` ${o.name} ${o.value}`;
const addLine = (name: string, m: SetMember): string =>
  m.options.length === 0 ? `add ${name} ${m.elem}` : `add ${name} ${m.elem}${m.options.map(option).join('')}`;

/**
 * A temporary set's name: unique per commit (`nonce`, e.g. random hex) and per set (`index`),
 * never longer than ipset allows.
 */
export function tempSetName(nonce: string, index: number): string {
  const name = `fwtui-${nonce}-${index}`;
  if (name.length > SET_NAME_MAX || !/^[a-z0-9-]+$/.test(name)) throw new SetCheckError(`bad temporary name ${name}`);
  return name;
}

function phaseBefore(plan: SetPlan, temp: string, out: string[], loose: boolean): boolean {
  const { basis, staged } = plan;
  if (staged === null) return false;
  if (basis === null) {
    out.push(createLine(staged));
    for (const m of staged.members) out.push(addLine(staged.name, m));
    return false;
  }
  if (headerChanged(basis, staged)) {
    if (basis.type !== staged.type || basis.family !== staged.family) {
      throw new SetCheckError(
        `set ${plan.name}: its type or family cannot change in place (the kernel swaps only sets of the same type ` +
          'and family): remove the rules that use it, destroy it, then create it anew',
      );
    }
    // Rules keep the set by reference: the filled temporary set takes its place at once, the old one goes.
    out.push(createLine({ ...staged, name: temp }));
    for (const m of staged.members) out.push(addLine(temp, m));
    out.push(`swap ${temp} ${staged.name}`, `destroy ${temp}`);
    return true;
  }
  const d = memberDiff(basis.members, staged.members, loose);
  for (const m of d.dels) out.push(`del ${staged.name} ${m.elem}`);
  for (const m of d.adds) out.push(addLine(staged.name, m));
  return false;
}

const text = (lines: readonly string[]): string | null => (lines.length > 0 ? `${lines.join('\n')}\n` : null);

/**
 * Both phases of the plans' restore text. Every set is checked first.
 * @param nonce makes the temporary sets' names unique (lower-case hex, up to 16 characters)
 * @param loose members differing only in the timeout left are left alone (reverts and undos: the time that
 *   was left when the commit was made is not worth a delete and add of every member)
 * @throws SetCheckError for a name, element or option that cannot be written safely
 */
export function setPhases(plans: readonly SetPlan[], nonce: string, loose = false): SetPhases {
  const before: string[] = [];
  const after: string[] = [];
  const temps: string[] = [];
  plans.forEach((plan, i) => {
    for (const set of [plan.basis, plan.staged]) if (set) checkSet(set);
    if (plan.staged && plan.staged.name !== plan.name) throw new SetCheckError(`set ${plan.name} staged as another`);
    const temp = tempSetName(nonce, i);
    if (phaseBefore(plan, temp, before, loose)) temps.push(temp);
    if (plan.staged === null && plan.basis !== null) after.push(`destroy ${plan.name}`);
  });
  return { before: text(before), after: text(after), temps };
}

/** Plans that do something (basis and staged differ, or one of them is absent). */
export function changedSetPlans(plans: readonly SetPlan[], loose = false): SetPlan[] {
  return plans.filter((p) => {
    if (p.basis === null || p.staged === null) return p.basis !== p.staged;
    if (headerChanged(p.basis, p.staged)) return true;
    const d = memberDiff(p.basis.members, p.staged.members, loose);
    return d.adds.length > 0 || d.dels.length > 0;
  });
}

/** The set a plan ends with, by name: what a read-back is compared with. */
export const stagedByName = (plans: readonly SetPlan[]): Map<string, IpSet | null> =>
  new Map(plans.map((p) => [p.name, p.staged]));
