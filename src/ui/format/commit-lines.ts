/** The commit view's text: summary in plain words, then a unified diff per family and table. Pure. */
import { summarizeTable } from '../../domain/commit/change-summary.js';
import type { Drift, TablePlan } from '../../domain/commit/commit-plan.js';
import { renderTable } from '../../domain/text/render-save.js';
import { unifiedDiff } from '../../domain/diff/unified-diff.js';
import { familyLabel } from '../../domain/model/family-label.js';
import type { SetPlan } from '../../domain/sets/set-plan.js';
import { summarizeSets } from '../../domain/sets/set-summary.js';

export type CommitLineKind = 'title' | 'summary' | 'blank' | 'file' | 'hunk' | 'context' | 'remove' | 'add' | 'warning';

export interface CommitLine {
  readonly kind: CommitLineKind;
  readonly text: string;
}

const KIND = { ' ': 'context', '-': 'remove', '+': 'add', '@': 'hunk' } as const;

/**
 * Review of what was read vs staged: `live` says whether that is the live firewall or a file (offline, nothing is
 * live: the basis is the file as read).
 */
export function reviewLines(plans: readonly TablePlan[], live: boolean): CommitLine[] {
  const out: CommitLine[] = [];
  for (const p of plans)
    for (const s of summarizeTable(p.diff)) out.push({ kind: 'summary', text: `${familyLabel(p.family)} ${s}` });
  for (const p of plans) {
    out.push({ kind: 'blank', text: '' });
    const basis = live ? 'live   ' : 'file   ';
    out.push({ kind: 'file', text: `--- ${basis} ${familyLabel(p.family)} ${p.table}${live ? '' : ' (as read)'}` });
    out.push({ kind: 'file', text: `+++ staged  ${familyLabel(p.family)} ${p.table}` });
    for (const l of unifiedDiff(
      renderTable(p.basis, { counters: false }),
      renderTable(p.staged, { counters: false }),
    )) {
      out.push({ kind: KIND[l.kind], text: l.kind === '@' ? l.text : `${l.kind}${l.text}` });
    }
  }
  return out;
}

/** Staged set changes in plain words, before the rules' (sets are created and filled before rules use them). */
export function setReviewLines(plans: readonly SetPlan[]): CommitLine[] {
  const lines = summarizeSets(plans).map((text): CommitLine => ({ kind: 'summary', text }));
  return lines.length > 0 ? [...lines, { kind: 'blank', text: '' }] : [];
}

/** What another program changed, when the commit stopped on drift. */
export function driftLines(drift: readonly Drift[]): CommitLine[] {
  const out: CommitLine[] = [
    { kind: 'warning', text: 'Another program changed chains you edited since your edits began. Nothing was written.' },
  ];
  for (const d of drift) {
    out.push({ kind: 'blank', text: '' });
    out.push({ kind: 'file', text: `--- when you began  ${familyLabel(d.family)} ${d.table} ${d.chains.join(', ')}` });
    out.push({ kind: 'file', text: `+++ live now` });
    for (const l of d.lines) out.push({ kind: KIND[l.kind], text: l.kind === '@' ? l.text : `${l.kind}${l.text}` });
  }
  return out;
}
