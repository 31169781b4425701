/** The review's lines naming staged rules that match every packet or make later rules unreachable. Pure. */
import type { TablePlan } from '../../domain/commit/commit-plan.js';
import { describeStagedShadow, stagedShadowsFrom, type ShadowLookup } from '../../domain/analysis/staged-shadows.js';
import type { Chain } from '../../domain/model/ruleset.js';
import type { CommitLine } from './commit-lines.js';
import { wrapWords } from './lockout-lines.js';
import { familyLabel } from '../../domain/model/family-label.js';

/** Said in the review while the analysis of a staged chain runs (in idle time, not in this render). */
export const CHECKING_STAGED = 'checking what the staged rules shadow…';

/**
 * One warning per such rule:
 * "IPv4 filter INPUT: new rule 4 accepts every packet: it shadows rules 5-9 (never reached)".
 * From the view's answers (`shadows`); while one is missing, a line saying so, and `wanted` lists the chains.
 */
export function shadowLines(
  plans: readonly TablePlan[],
  width: number,
  shadows: ShadowLookup,
  wanted: Chain[] = [],
): CommitLine[] {
  const out: CommitLine[] = [];
  for (const p of plans) {
    const found = stagedShadowsFrom(p.basis, p.staged, p.renames, shadows, wanted);
    if (!found) out.push({ kind: 'warning', text: `${familyLabel(p.family)} ${p.table}: ${CHECKING_STAGED}` });
    for (const s of found ?? []) {
      const text = `${familyLabel(p.family)} ${p.table} ${describeStagedShadow(s)}`;
      for (const line of wrapWords(text, width)) out.push({ kind: 'warning', text: line });
    }
  }
  return out.length > 0 ? [...out, { kind: 'blank', text: '' }] : [];
}
