/**
 * After a commit: do the sets read back from the kernel hold what was staged? Each difference in words, so the
 * view never says "applied" over a set the kernel does not have (a source that could not apply it). Pure.
 */
import type { IpSet } from './ip-set.js';
import type { SetPlan } from './set-plan.js';

const count = (n: number): string => `${n} member${n === 1 ? '' : 's'}`;

/** The staged set changes the read-back sets do not show (empty: all there). `read` null: the sets were unreadable. */
export function setReadBackProblems(plans: readonly SetPlan[], read: ReadonlyMap<string, IpSet> | null): string[] {
  if (plans.length === 0) return [];
  if (read === null) return [`the sets could not be read back to check ${plans.map((p) => p.name).join(', ')}`];
  const out: string[] = [];
  for (const p of plans) {
    const now = read.get(p.name);
    if (!p.staged) {
      if (now) out.push(`set ${p.name} is still there (staged: destroyed)`);
      continue;
    }
    if (!now) {
      out.push(`set ${p.name} is not there (staged: ${count(p.staged.members.length)})`);
      continue;
    }
    const held = new Set(now.members.map((m) => m.elem));
    const missing = p.staged.members.filter((m) => !held.has(m.elem)).length;
    const staged = new Set(p.staged.members.map((m) => m.elem));
    const extra = now.members.filter((m) => !staged.has(m.elem)).length;
    if (missing > 0 || extra > 0) {
      const n = p.staged.members.length;
      out.push(`set ${p.name} holds ${count(now.members.length)}, ${count(n)} ${n === 1 ? 'was' : 'were'} staged`);
    }
  }
  return out;
}
