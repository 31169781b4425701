/**
 * Store actions that stage edits (rules, policies, chains), answer the
 * confirm and prompt overlays, undo and redo, and run the commit view.
 * Edits only change the staged copy; `applyCommit` is the one way to the kernel.
 */
import { findDrift, type FreshTable } from '../domain/commit-plan.js';
import { ownedChainsWarning } from '../domain/chain-owners.js';
import { chainInUse, chainNameProblem, describeEdit, EditError, type Edit } from '../domain/edits.js';
import type { Policy, Table } from '../domain/ruleset.js';
import { cursorKey, NO_STAGING, tableKey, type AppState, type CommitView, type ConfirmAction, type EditorState, type PromptAction } from './app-state.js';
import type { GetState, SetState } from './slice.js';
import type { FirewallSource } from './firewall-source.js';
import { currentChain, currentTable, liveTable, selectedIndex, selectedRule } from './selectors.js';
import { lockoutHold } from './lockout-slice.js';
import { quitQuestion } from './quit-question.js';
import { adoptRead, commitPlans, planFor, rebase, redoEdit, stageBatch, stageEdit, undoEdit, type BatchItem } from './staging.js';
import { editorEdits } from './editor-staging.js';

export interface EditActions {
  /** `d` asks, then deletes the selected rule. */
  askDelete(): void;
  /** `y`: a copy of the selected rule right below it. */
  duplicateRule(): void;
  /** `K`/`J`: the selected rule one place up or down. */
  shiftRule(delta: -1 | 1): void;
  /** `m`: asks for the position to move the selected rule to. */
  askMoveTo(): void;
  /** `p`: asks for the policy of the selected built-in chain. */
  askPolicy(): void;
  setPolicy(policy: Policy): void;
  askNewChain(): void;
  askRenameChain(): void;
  askDeleteChain(): void;
  askFlush(): void;
  askDiscard(): void;
  /** `z` asks before zeroing counters. */
  askZero(): void;
  /** `q` with staged edits or a commit pending: asks first (the view quits only on an explicit y). */
  askQuit(): void;
  /** Yes to the confirm overlay. */
  confirmYes(): Promise<void>;
  promptType(text: string): void;
  promptErase(): void;
  submitPrompt(): void;
  undo(): void;
  redo(): void;
  /** Stages an edit on the current table; false (with a notice) when it cannot be made. */
  stage(edit: Edit, cursorAfter?: number): boolean;
  /** Stages several edits as one (undo takes them together), or none of them with a notice. */
  stageAll(items: readonly BatchItem[], cursorAfter?: number): boolean;
  /** Stages what the editor holds. */
  stageFromEditor(e: EditorState, spec: string): boolean;
  openCommit(): void;
  scrollCommit(delta: number): void;
  /** `y` in the commit view: drift check, apply table by table, read back. */
  applyCommit(): Promise<void>;
  /** After drift: replay the staged edits on the new live rules. */
  rebaseCommit(): void;
  /** A fresh read of a table with staged edits: adopt it, or flag drift. */
  onRead(family: AppState['family'], fresh: Table): void;
}


const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** "insert rule 2 in INPUT and 2 more staged with it": an edit undone or redone with its batch. */
const withBatch = (edit: Edit, count: number): string =>
  `${describeEdit(edit)}${count > 1 ? ` and ${count - 1} more staged with it` : ''}`;

const REVIEW: CommitView = { state: 'review', scroll: 0, drift: [], fresh: [], error: null };

/**
 * The views with fresh reads of some tables in place (a poll under way sees the table replaced and drops its older
 * read).
 */
function withFresh(s: AppState, fresh: readonly FreshTable[], at: number): AppState['views'] {
  const views = { ...s.views };
  for (const f of fresh) {
    const v = views[f.family];
    if (!v) continue;
    const tables = v.tables.some((t) => t.name === f.table.name) ? v.tables.map((t) => (t.name === f.table.name ? f.table : t)) : [...v.tables, f.table];
    views[f.family] = { ...v, tables, readAt: at };
  }
  return views;
}

export function createEditActions(set: SetState, get: GetState, source: FirewallSource, after: {
  refresh(): Promise<void>; zero(): Promise<void>; saveToBoot(): Promise<void>; now(): number; checkLockout(): Promise<void>;
  advisePolicy(): void; runTrace(words: string): string | null; runCommands(text: string): Promise<string | null>;
}): EditActions {
  const setCursor = (index: number): void => set((s) => ({ cursor: { ...s.cursor, [cursorKey(s)]: index } }));
  const ask = (question: string, action: ConfirmAction): void => set({ overlay: 'confirm', confirm: { question, action } });
  const prompt = (action: PromptAction, label: string, value = ''): void => set({ overlay: 'prompt', prompt: { action, label, value, error: null } });
  const userChain = (s: AppState): boolean => currentChain(s)?.policy === null;

  /** Stages what `next` makes (an EditError is said, nothing staged), warns about other programs' chains. */
  const staged = (next: () => AppState['staging'], chains: readonly string[], cursorAfter?: number): boolean => {
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

  const actions: EditActions = {
    stage(edit, cursorAfter) {
      const s = get();
      const live = liveTable(s);
      if (!live) return false;
      return staged(() => stageEdit(s.staging, live, s.family, edit), [edit.chain], cursorAfter);
    },

    stageAll(items, cursorAfter) {
      const s = get();
      return staged(() => stageBatch(s.staging, items), items.map((i) => i.edit.chain), cursorAfter);
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
      return actions.stageAll(edits.map((edit) => ({ family: e.family, live, edit })), e.purpose.at);
    },

    askDelete() {
      const s = get();
      const rule = selectedRule(s);
      if (rule) ask(`Delete ${s.chain} rule ${selectedIndex(s) + 1}: ${rule.spec || '(matches everything)'}?`, 'delete');
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
      if (i + delta < 0 || i + delta >= count) return set({ notice: delta < 0 ? 'already the first rule' : 'already the last rule' });
      actions.stage({ kind: 'move', chain: s.chain, from: i, to: i + delta, spec: rule.spec }, i + delta);
    },

    askMoveTo() {
      const s = get();
      if (selectedRule(s)) prompt('moveTo', `Move ${s.chain} rule ${selectedIndex(s) + 1} to position (1-${currentChain(s)?.rules.length ?? 0}):`);
    },

    askPolicy() {
      const s = get();
      if (!currentChain(s)) return;
      if (userChain(s)) return set({ notice: `${s.chain} is a user chain: it has no policy; packets ` + `that reach its end go back to the rule after the jump` });
      set({ overlay: 'policy', policyAdvice: null });
      after.advisePolicy();
    },

    setPolicy(policy) {
      const s = get();
      set({ overlay: null, policyAdvice: null });
      if (currentChain(s)?.policy !== policy) actions.stage({ kind: 'policy', chain: s.chain, policy });
    },

    askNewChain: () => prompt('newChain', `New chain in ${get().table}:`),

    askRenameChain() {
      const s = get();
      if (!currentChain(s)) return;
      if (!userChain(s)) return set({ notice: `${s.chain} is a built-in chain: it cannot be renamed` });
      prompt('renameChain', `Rename ${s.chain} to (every jump to it follows):`, s.chain);
    },

    askDeleteChain() {
      const s = get();
      const table = currentTable(s);
      const chain = currentChain(s);
      if (!table || !chain) return;
      if (!userChain(s)) return set({ notice: `${s.chain} is a built-in chain: it cannot be deleted (F flushes it)` });
      const inUse = chainInUse(table, s.chain);
      if (inUse) return set({ notice: inUse });
      ask(`Delete chain ${s.chain}${chain.rules.length > 0 ? ` and its ${chain.rules.length} rules` : ''}?`, 'deleteChain');
    },

    askFlush() {
      const s = get();
      const chain = currentChain(s);
      if (!chain) return;
      if (chain.rules.length === 0) return set({ notice: `${s.chain} has no rules` });
      ask(`Remove all ${chain.rules.length} rules of ${s.chain}?`, 'flush');
    },

    askDiscard() {
      const n = get().staging.edits.length;
      if (n === 0) return set({ notice: 'nothing is staged' });
      ask(`Discard all ${n} staged edit(s)?`, 'discard');
    },

    askZero() {
      const s = get();
      if (!s.live) set({ notice: 'counters of a saved file cannot be zeroed' });
      else if (currentChain(s)) ask(`Zero the counters of ${s.table} ${s.chain} now?`, 'zero');
    },

    askQuit() {
      const question = quitQuestion(get(), after.now(), source.safety?.commandHint('confirm') ?? 'fwtui confirm');
      if (question) ask(question, 'quit');
    },

    async confirmYes() {
      const s = get();
      const action = s.confirm?.action;
      set({ overlay: null, confirm: null });
      const rule = selectedRule(s);
      const i = selectedIndex(s);
      switch (action) {
        case 'save': case 'saveHost': return after.saveToBoot();
        case 'zero': return after.zero();
        case 'delete':
          if (rule) actions.stage({ kind: 'delete', chain: s.chain, at: i, spec: rule.spec }, Math.max(0, i));
          return;
        case 'flush': return void actions.stage({ kind: 'flushChain', chain: s.chain }, 0);
        case 'deleteChain':
          if (actions.stage({ kind: 'deleteChain', chain: s.chain })) set({ chain: currentTable(get())?.chains[0]?.name ?? '' });
          return;
        case 'discard':
          return set({ staging: NO_STAGING, drifted: false, notice: `discarded ${s.staging.edits.length} staged edit(s)` });
      }
    },

    promptType: (text) => set((s) => (s.prompt ? { prompt: { ...s.prompt, value: s.prompt.value + text, error: null } } : {})),
    promptErase: () => set((s) => (s.prompt ? { prompt: { ...s.prompt, value: [...s.prompt.value].slice(0, -1).join(''), error: null } } : {})),

    submitPrompt() {
      const s = get();
      const p = s.prompt;
      if (!p) return;
      const value = p.value.trim();
      const fail = (error: string): void => set({ prompt: { ...p, error } });
      if (p.action === 'trace') {
        const error = after.runTrace(value);
        return error ? fail(error) : undefined;
      }
      if (p.action === 'command') return void after.runCommands(p.value).then((error) => error && fail(error));
      if (p.action === 'moveTo') {
        const count = currentChain(s)?.rules.length ?? 0;
        const to = Number(value);
        if (!/^\d+$/.test(value) || to < 1 || to > count) return fail(`a position from 1 to ${count}`);
        const rule = selectedRule(s)!;
        set({ overlay: null, prompt: null });
        if (to - 1 !== selectedIndex(s)) actions.stage({ kind: 'move', chain: s.chain, from: selectedIndex(s), to: to - 1, spec: rule.spec }, to - 1);
        return;
      }
      const problem = chainNameProblem(value);
      if (problem) return fail(problem);
      const edit: Edit = p.action === 'newChain' ? { kind: 'newChain', chain: value } : { kind: 'renameChain', chain: s.chain, to: value };
      if (p.action === 'renameChain' && value === s.chain) return set({ overlay: null, prompt: null });
      const live = liveTable(s);
      try {
        if (live) stageEdit(s.staging, live, s.family, edit); // check first: a refused name keeps the prompt open
      } catch (e) {
        if (e instanceof EditError) return fail(e.message);
        throw e;
      }
      set({ overlay: null, prompt: null });
      if (actions.stage(edit)) set({ chain: value, focus: 'rules' });
    },

    undo() {
      const r = undoEdit(get().staging);
      if (!r) return set({ notice: 'nothing to undo' });
      const none = r.staging.edits.length === 0 ? { drifted: false } : {};
      set({ staging: r.staging, notice: `undone: ${withBatch(r.edit.edit, r.count)}`, ...none });
      settleAfterUndo(r.edit);
    },

    redo() {
      const s = get();
      const r = redoEdit(s.staging, (family, table) => s.views[family]?.tables.find((t) => t.name === table));
      if (!r) return set({ notice: 'nothing to redo' });
      set({ staging: r.staging, notice: `redone: ${withBatch(r.edit.edit, r.count)}` });
      settleAfterUndo(r.edit);
    },

    openCommit() {
      if (get().pending) return set({ notice: 'a commit is pending: Y keeps it, R puts the old rules back; then the next one' });
      if (commitPlans(get().staging).length === 0) return set({ notice: get().staging.edits.length > 0 ? 'the staged edits change nothing' : 'nothing is staged: edit first (i, a, e, d, K, J, p, …)' });
      set({ overlay: 'commit', commit: { ...REVIEW } });
      void after.checkLockout();
    },

    scrollCommit: (delta) => set((s) => (s.commit ? { commit: { ...s.commit, scroll: Math.max(0, s.commit.scroll + delta) } } : {})),

    async applyCommit() {
      const s = get();
      if (!s.commit || s.commit.state === 'applying') return;
      const hold = lockoutHold(s);
      if (hold) return set({ notice: hold });
      const plans = commitPlans(s.staging);
      const edits = s.staging.edits.length;
      set({ commit: { ...s.commit, state: 'applying' } });
      try {
        const outcome = await source.commit(plans);
        if (outcome.kind === 'drift') {
          set({ commit: { ...REVIEW, state: 'drift', drift: outcome.drift, fresh: outcome.fresh }, drifted: true });
          return;
        }
        // The kernel's read-back becomes the view; the staged copy is done.
        const what = s.live ? 'applied' : 'written to the file';
        const notice = outcome.problems.length > 0 ? `${what}, but the kernel differs from what was staged: ${outcome.problems.join('; ')}` : `${edits} edit(s) ${what}`;
        // With the safety net the countdown says it all; problems still get the notice.
        const pending = outcome.pending ? { ...outcome.pending, reconnected: false, busy: null } : null;
        set((st) => ({ views: withFresh(st, outcome.fresh, after.now()), staging: NO_STAGING, commit: null, overlay: null, drifted: false, pending, notice: pending && outcome.problems.length === 0 ? null : notice }));
      } catch (e) {
        // Said in full in the commit view (the status line cuts long messages), and in the status line after Esc.
        set({ commit: { ...s.commit, state: 'review', error: message(e) }, notice: message(e) });
        await after.refresh();
      }
    },

    rebaseCommit() {
      const s = get();
      if (s.commit?.state !== 'drift') return;
      const { staging, dropped } = rebase(s.staging, s.commit.fresh);
      const fresh = s.commit.fresh;
      set((st) => ({
        views: withFresh(st, fresh, after.now()), staging, drifted: false,
        commit: { ...REVIEW },
        notice: dropped.length > 0 ? `re-based; these edits no longer apply and were dropped: ${dropped.join('; ')}` : 're-based on the new live rules: review again',
      }));
      if (commitPlans(get().staging).length === 0) set({ commit: null, overlay: null });
      else void after.checkLockout();
    },

    onRead(family, fresh) {
      const s = get();
      const plan = planFor(s.staging, family, fresh.name);
      if (!plan) return;
      const drift = findDrift(plan, fresh);
      if (!drift) set({ staging: adoptRead(s.staging, family, fresh) });
      else if (!s.drifted) set({ drifted: true, notice: `${fresh.name} ${drift.chains.join(', ')} changed outside ` + `fwtui while you have staged edits there; c shows the difference` });
    },
  };

  /** After undo/redo: show the table and chain the edit was in. */
  function settleAfterUndo(e: { family: AppState['family']; table: AppState['table']; edit: Edit }): void {
    const s = get();
    if (s.family !== e.family) return;
    const chain = e.edit.kind === 'renameChain' ? undefined : e.edit.chain;
    const table = s.staging.staged[tableKey(e.family, e.table)] ?? liveTable({ ...s, table: e.table });
    const name = chain && table?.chains.some((c) => c.name === chain) ? chain : table?.chains[0]?.name ?? '';
    set({ table: e.table, chain: name });
  }

  return actions;
}
