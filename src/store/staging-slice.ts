/**
 * The staging slice: edits staged on a copy of the live tables, the
 * questions and prompts that stage rule edits, undo and redo, and adopting
 * fresh reads (chains and policies: chain-edits-slice.ts). Edits only change the staged copy; the commit
 * slice is the one way to the kernel.
 */
import { findDrift } from '../domain/commit/commit-plan.js';
import { ownedChainsWarning, withOwnerWarning } from '../domain/model/chain-owners.js';
import { describeEdit, EditError, type Edit } from '../domain/edit/edits.js';
import type { Family, Table, TableName } from '../domain/model/ruleset.js';
import { NO_STAGING, tableKey, type EditorState, type Staging } from './app-state.js';
import { editorEdits } from './editor-staging.js';
import { currentChain, liveTable, selectedIndex, selectedRule, stagedEditCount } from './selectors.js';
import { NO_SET_STAGING } from './set-staging.js';
import type { GetState, SetState } from './slice.js';
import { adoptRead, planFor, redoEdit, stageBatch, stageEdit, undoEdit, type BatchItem } from './staging.js';

/** What is staged, and whether someone else changed it meanwhile. */
export interface StagingState {
  readonly staging: Staging;
  /** Another program changed a chain with staged edits (shown until the commit view re-bases). */
  readonly drifted: boolean;
}

/** Nothing staged. */
export const initialStaging = (): StagingState => ({ staging: NO_STAGING, drifted: false });

export interface StagingActions {
  /** `d` asks, then deletes the selected rule. */
  askDelete(): void;
  /** `y`: a copy of the selected rule right below it. */
  duplicateRule(): void;
  /** `K`/`J`: the selected rule one place up or down. */
  shiftRule(delta: -1 | 1): void;
  /** `m`: asks for the position to move the selected rule to. */
  askMoveTo(): void;
  askDiscard(): void;
  undo(): void;
  redo(): void;
  /** Stages an edit on the current table; false (with a notice) when it cannot be made. */
  stage(edit: Edit, cursorAfter?: number): boolean;
  /** Stages several edits as one (undo takes them together), or none of them with a notice. */
  stageAll(items: readonly BatchItem[], cursorAfter?: number): boolean;
  /** Stages what the editor holds. */
  stageFromEditor(e: EditorState, spec: string): boolean;
  /** A fresh read of a table with staged edits: adopt it, or flag drift. */
  onRead(family: Family, fresh: Table): void;
}

declare module './app-state.js' {
  interface AppState extends StagingState {}
}
declare module './slice.js' {
  interface AppActions extends StagingActions {}
}

/** "insert rule 2 in INPUT and 2 more staged with it": an edit undone or redone with its batch. */
const withBatch = (edit: Edit, count: number): string =>
  `${describeEdit(edit)}${count > 1 ? ` and ${count - 1} more staged with it` : ''}`;

/** The staging slice's actions. */
export function createStagingActions(set: SetState, get: GetState): StagingActions {
  const setCursor = (index: number): void => get().actions.selectRule(index);

  /** Stages what `next` makes (an EditError is said, nothing staged), warns about other programs' chains. */
  const staged = (next: () => Staging, chains: readonly string[], cursorAfter?: number): boolean => {
    try {
      set({ staging: next(), notice: ownedChainsWarning(chains) });
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      set({ notice: e.message });
      return false;
    }
    if (cursorAfter !== undefined) setCursor(cursorAfter);
    return true;
  };

  const actions: StagingActions = {
    stage(edit, cursorAfter) {
      const s = get();
      const live = liveTable(s);
      if (!live) return false;
      return staged(() => stageEdit(s.staging, live, s.family, edit), [edit.chain], cursorAfter);
    },

    stageAll(items, cursorAfter) {
      const s = get();
      return staged(
        () => stageBatch(s.staging, items),
        items.map((i) => i.edit.chain),
        cursorAfter,
      );
    },

    stageFromEditor(e, spec) {
      const s = get();
      if (s.family !== e.family || s.table !== e.table || s.chain !== e.chain) {
        set({ notice: 'the editor belongs to another chain' });
        return false;
      }
      const live = liveTable(s);
      if (!live) return false;
      const edits = editorEdits(e, spec);
      if (edits.length === 0) return true; // unchanged
      return actions.stageAll(
        edits.map((edit) => ({ family: e.family, live, edit })),
        e.purpose.at,
      );
    },

    askDelete() {
      const s = get();
      const rule = selectedRule(s);
      if (!rule) return;
      const question = `Delete ${s.chain} rule ${selectedIndex(s) + 1}: ${rule.spec || '(matches everything)'}?`;
      s.actions.ask(withOwnerWarning(s.chain, question), 'delete', () => {
        // The selection when yes is said (nothing moves it while the question is open).
        const now = get();
        const chosen = selectedRule(now);
        const i = selectedIndex(now);
        if (chosen) actions.stage({ kind: 'delete', chain: now.chain, at: i, spec: chosen.spec }, Math.max(0, i));
      });
    },

    duplicateRule() {
      const s = get();
      const rule = selectedRule(s);
      const i = selectedIndex(s);
      if (rule) actions.stage({ kind: 'insert', chain: s.chain, at: i + 1, spec: rule.spec }, i + 1);
    },

    shiftRule(delta) {
      const s = get();
      const rule = selectedRule(s);
      const i = selectedIndex(s);
      const count = currentChain(s)?.rules.length ?? 0;
      if (!rule) return;
      if (i + delta < 0 || i + delta >= count)
        return set({ notice: delta < 0 ? 'already the first rule' : 'already the last rule' });
      actions.stage({ kind: 'move', chain: s.chain, from: i, to: i + delta, spec: rule.spec }, i + delta);
    },

    askMoveTo() {
      const s = get();
      if (!selectedRule(s)) return;
      const rules = currentChain(s)?.rules.length ?? 0;
      const label = `Move ${s.chain} rule ${selectedIndex(s) + 1} to position (1-${rules}):`;
      s.actions.askFor('moveTo', label, (typed) => {
        const now = get();
        const value = typed.trim();
        const count = currentChain(now)?.rules.length ?? 0;
        const to = Number(value);
        if (!/^\d+$/.test(value) || to < 1 || to > count) return `a position from 1 to ${count}`;
        const rule = selectedRule(now)!;
        const from = selectedIndex(now);
        // Said, not silent: the admin sees the key was taken and why nothing was staged.
        if (to - 1 === from) {
          set({ overlay: null, notice: `rule ${to} of ${now.chain} is already at position ${to}: nothing moved` });
          return null;
        }
        set({ overlay: null });
        actions.stage({ kind: 'move', chain: now.chain, from, to: to - 1, spec: rule.spec }, to - 1);
        return null;
      });
    },

    askDiscard() {
      const n = stagedEditCount(get());
      if (n === 0) return set({ notice: 'nothing is staged' });
      get().actions.ask(`Discard all ${n} staged edit(s)?`, 'discard', () => {
        const count = stagedEditCount(get());
        const setStaging = NO_SET_STAGING;
        set({ staging: NO_STAGING, setStaging, drifted: false, notice: `discarded ${count} staged edit(s)` });
      });
    },

    undo() {
      // Rule and set edits are undone latest first: a set edit knows how many rule edits were staged before it.
      const s = get();
      const lastSet = s.setStaging.edits[s.setStaging.edits.length - 1];
      if (lastSet && lastSet.afterRules >= s.staging.edits.length) return s.actions.undoSet();
      const r = undoEdit(get().staging);
      if (!r) return set({ notice: 'nothing to undo' });
      const none = r.staging.edits.length === 0 ? { drifted: false } : {};
      set({ staging: r.staging, notice: `undone: ${withBatch(r.edit.edit, r.count)}`, ...none });
      settleAfterUndo(r.edit);
    },

    redo() {
      const s = get();
      const nextSet = s.setStaging.redo[s.setStaging.redo.length - 1];
      if (nextSet && nextSet.afterRules === s.staging.edits.length) return s.actions.redoSet();
      const r = redoEdit(s.staging, (family, table) => s.views[family]?.tables.find((t) => t.name === table));
      if (!r) return set({ notice: 'nothing to redo' });
      set({ staging: r.staging, notice: `redone: ${withBatch(r.edit.edit, r.count)}` });
      settleAfterUndo(r.edit);
    },

    onRead(family, fresh) {
      const s = get();
      const plan = planFor(s.staging, family, fresh.name);
      if (!plan) return;
      const drift = findDrift(plan, fresh);
      if (!drift) set({ staging: adoptRead(s.staging, family, fresh) });
      else if (!s.drifted)
        set({
          drifted: true,
          notice:
            `${fresh.name} ${drift.chains.join(', ')} changed outside ` +
            `fwtui while you have staged edits there; c shows the difference`,
        });
    },
  };

  /** After undo/redo: show the table and chain the edit was in. */
  function settleAfterUndo(e: { family: Family; table: TableName; edit: Edit }): void {
    const s = get();
    if (s.family !== e.family) return;
    const chain = e.edit.kind === 'renameChain' ? undefined : e.edit.chain;
    const table = s.staging.staged[tableKey(e.family, e.table)] ?? liveTable({ ...s, table: e.table });
    const name = chain && table?.chains.some((c) => c.name === chain) ? chain : (table?.chains[0]?.name ?? '');
    set({ table: e.table, chain: name });
  }

  return actions;
}
