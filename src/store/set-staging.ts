/**
 * The staged copy of the namespace's IP sets: the sets as read when editing began, the edits over them, what
 * undo took back, and the plans a commit carries. Pure functions of the SetStaging value.
 */
import type { IpSet } from '../domain/sets/ip-set.js';
import { applySetEdit, type SetEdit } from '../domain/sets/set-edits.js';
import type { SetPlan } from '../domain/sets/set-plan.js';
import { setPlansOf } from '../domain/sets/set-summary.js';

/** One staged set edit and how many rule edits were staged before it (undo takes the latest of both kinds). */
export interface StagedSetEdit {
  readonly edit: SetEdit;
  readonly afterRules: number;
}

export interface SetStaging {
  /** The sets as read when the first edit was staged (null: nothing staged). */
  readonly basis: ReadonlyMap<string, IpSet> | null;
  /** basis + edits, kept in step with `edits`. */
  readonly staged: ReadonlyMap<string, IpSet> | null;
  readonly edits: readonly StagedSetEdit[];
  readonly redo: readonly StagedSetEdit[];
  /** Sets of other programs (fail2ban, Docker) the admin chose to edit anyway. */
  readonly forced: readonly string[];
  /** When `basis` was read (ms since epoch), when known: its members timing out since are not drift. */
  readonly basisReadAt?: number;
}

export const NO_SET_STAGING: SetStaging = { basis: null, staged: null, edits: [], redo: [], forced: [] };

/** Adds an edit over the sets staged so far (or `live` when none). @throws SetEditError */
export function stageSetEdit(
  st: SetStaging,
  live: ReadonlyMap<string, IpSet>,
  e: StagedSetEdit,
  liveReadAt?: number,
): SetStaging {
  const basis = st.basis ?? live;
  const staged = applySetEdit(st.staged ?? basis, e.edit);
  const readAt = st.basis ? st.basisReadAt : liveReadAt;
  return {
    ...st,
    basis,
    staged,
    edits: [...st.edits, e],
    redo: [],
    ...(readAt === undefined ? {} : { basisReadAt: readAt }),
  };
}

/** The last edit taken back (and onto the redo stack), or null when nothing is staged. */
export function undoSetEdit(st: SetStaging): { staging: SetStaging; edit: StagedSetEdit } | null {
  const edit = st.edits[st.edits.length - 1];
  if (!edit || !st.basis) return null;
  const edits = st.edits.slice(0, -1);
  const staged = edits.reduce((sets, x) => applySetEdit(sets, x.edit), new Map(st.basis));
  const redo = [...st.redo, edit];
  if (edits.length === 0) return { staging: { ...NO_SET_STAGING, forced: st.forced, redo }, edit };
  return { staging: { ...st, staged, edits, redo }, edit };
}

/** The sets as the admin sees them: staged when anything is staged, else as read. */
export const setsShown = (st: SetStaging, live: ReadonlyMap<string, IpSet>): ReadonlyMap<string, IpSet> =>
  st.staged ?? live;

/** What a commit makes real: one plan per set that changes. */
export function setPlans(st: SetStaging): SetPlan[] {
  if (!st.basis || !st.staged) return [];
  const plans = setPlansOf(st.basis, st.staged);
  const readAt = st.basisReadAt;
  return readAt === undefined ? plans : plans.map((p) => ({ ...p, readAt }));
}

/** The last edit undone, made again, or null when there is none. @throws SetEditError */
export function redoSetEdit(
  st: SetStaging,
  live: ReadonlyMap<string, IpSet>,
  liveReadAt?: number,
): { staging: SetStaging; edit: StagedSetEdit } | null {
  const edit = st.redo[st.redo.length - 1];
  if (!edit) return null;
  const next = stageSetEdit(st, live, edit, liveReadAt);
  return { staging: { ...next, redo: st.redo.slice(0, -1) }, edit };
}
