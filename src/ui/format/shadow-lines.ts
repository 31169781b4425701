/** The review's lines naming staged rules that match every packet or make later rules unreachable. Pure. */
import type { TablePlan } from '../../domain/commit/commit-plan.js';
import { describeStagedShadow, stagedShadows } from '../../domain/analysis/staged-shadows.js';
import type { CommitLine } from './commit-lines.js';
import { wrapWords } from './lockout-lines.js';
import { familyLabel } from '../../domain/model/family-label.js';

/**
 * One warning per such rule:
 * "IPv4 filter INPUT: new rule 4 accepts every packet: it shadows rules 5-9 (never reached)".
 */
export function shadowLines(plans: readonly TablePlan[], width: number): CommitLine[] {
  const out: CommitLine[] = [];
  for (const p of plans) {
    for (const s of stagedShadows(p.basis, p.staged, p.renames)) {
      const text = `${familyLabel(p.family)} ${p.table} ${describeStagedShadow(s)}`;
      for (const line of wrapWords(text, width)) out.push({ kind: 'warning', text: line });
    }
  }
  return out.length > 0 ? [...out, { kind: 'blank', text: '' }] : [];
}
