/**
 * Store actions of the rule editor: open it on a rule or a place, type,
 * move between fields, switch form <-> raw, complete, and stage the rule once
 * our checks and the kernel's check pass.
 */
import { argsToForm, EMPTY_FORM, visibleFields } from '../domain/edit/rule-form.js';
import type { EditorState } from './app-state.js';
import type { GetState, SetState } from './slice.js';
import {
  completed,
  currentField,
  editorCaution,
  editorProblems,
  editorSpec,
  editorWarnings,
  erased,
  toggledMode,
  typed,
} from './editor-model.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { currentTable, editorOf, selectedIndex, selectedRule } from './selectors.js';
import { stagedSetExcuse } from './set-selectors.js';

export interface EditorActions {
  /** `i` above, `o` below, `a` at the end, `e` replaces the selected rule. */
  openEditor(where: 'above' | 'below' | 'end' | 'replace'): void;
  editorType(text: string): void;
  editorErase(all?: boolean): void;
  /** Keeps the raw line the form made for editing (End, →): typing then appends. */
  editorKeep(): void;
  editorField(delta: number): void;
  editorToggleMode(): void;
  editorToggleGoto(): void;
  editorComplete(): void;
  /** Runs the kernel's check of the current text now (the editor also schedules it while typing). */
  editorCheck(): Promise<void>;
  /** Enter: stages the rule when every check passes. */
  submitEditor(): Promise<void>;
  closeEditor(): void;
}

declare module './slice.js' {
  interface AppActions extends EditorActions {}
}

/** How long typing must pause before the kernel is asked (iptables-restore --test takes a process start). */
export const KERNEL_CHECK_DELAY_MS = 300;

/** The rule editor's actions (the editor itself is the overlay's payload). */
export function createEditorActions(set: SetState, get: GetState, source: FirewallSource): EditorActions {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The editor open now, or null. */
  const opened = (): EditorState | null => editorOf(get());
  const show = (editor: EditorState): void => set({ overlay: { kind: 'editor', editor } });

  /** Re-checks after a change: ours at once, the kernel's after a pause. */
  function update(changes: Partial<EditorState>): void {
    const e = opened();
    if (!e) return;
    const next = { ...e, ...changes };
    const table = currentTable(get());
    const problems = table ? editorProblems(next, table) : [];
    const spec = editorSpec(next);
    const kernel = spec === e.kernel.spec ? e.kernel : { spec: spec ?? '', state: 'checking' as const, message: null };
    const caution = table && problems.length === 0 ? editorCaution(next, table) : null;
    show({ ...next, problems, kernel, caution });
    clearTimeout(timer);
    if (problems.length === 0 && kernel.state === 'checking')
      timer = setTimeout(() => void actions.editorCheck(), KERNEL_CHECK_DELAY_MS);
  }

  const actions: EditorActions = {
    openEditor(where) {
      const s = get();
      const table = currentTable(s);
      const chain = table?.chains.find((c) => c.name === s.chain);
      if (!table || !chain) return;
      const rule = selectedRule(s);
      if (where === 'replace' && !rule) return set({ notice: 'no rule to edit here: a, i or o add one' });
      const i = selectedIndex(s);
      const at =
        chain.rules.length === 0
          ? 0
          : where === 'above'
            ? i
            : where === 'below'
              ? i + 1
              : where === 'end'
                ? chain.rules.length
                : i;
      const purpose: EditorState['purpose'] =
        where === 'replace'
          ? { kind: 'replace', at: i, spec: rule!.spec }
          : { kind: 'insert', at, append: where === 'end' };
      const form = where === 'replace' ? argsToForm(rule!.args) : EMPTY_FORM;
      const editor: EditorState = {
        purpose,
        family: s.family,
        table: s.table,
        chain: s.chain,
        mode: 'form',
        form,
        raw: '',
        field: 0,
        problems: [],
        kernel: { spec: '', state: 'checking', message: null },
        completions: [],
      };
      set({ overlay: { kind: 'editor', editor }, notice: null });
      update({});
      // Asked each time the editor opens: interfaces come and go (VPNs, containers). Asked after the editor is on
      // screen: starting a process costs a 100k-rule view tens of milliseconds.
      setImmediate(() => {
        void source.interfaces?.().then(
          (interfaces) => {
            const now = opened();
            if (now && now.purpose === purpose) show({ ...now, interfaces });
          },
          () => {},
        );
      });
    },

    editorType(text) {
      const e = opened();
      if (e) update({ ...typed(e, text), completions: [] });
    },

    editorErase(all = false) {
      const e = opened();
      if (e) update({ ...erased(e, all), completions: [] });
    },

    editorKeep() {
      const e = opened();
      if (e?.rawSelected) show({ ...e, rawSelected: false });
    },

    editorField(delta) {
      const e = opened();
      if (!e || e.mode === 'raw') return;
      const count = visibleFields(e.form).length;
      show({ ...e, field: (((e.field + delta) % count) + count) % count, completions: [] });
    },

    editorToggleMode() {
      const e = opened();
      if (!e) return;
      const next = toggledMode(e);
      if ('error' in next) return show({ ...e, problems: [`cannot show this as a form: ${next.error}`] });
      update({ ...next, completions: [] });
    },

    editorToggleGoto() {
      const e = opened();
      if (e && e.mode === 'form' && currentField(e) === 'target') update({ form: { ...e.form, goto: !e.form.goto } });
    },

    editorComplete() {
      const e = opened();
      const table = currentTable(get());
      if (e && table) update(completed(e, table));
    },

    async editorCheck() {
      clearTimeout(timer);
      const e = opened();
      if (!e || e.problems.length > 0 || e.kernel.state !== 'checking') return;
      const spec = e.kernel.spec;
      const table = currentTable(get());
      // Declare the chain (when it is a user chain) and every user chain it may jump to: the check must not depend on
      // the kernel having them yet.
      const declare = (table?.chains ?? []).filter((c) => c.policy === null).map((c) => c.name);
      let message: string | null;
      let state: EditorState['kernel']['state'];
      try {
        message = await source.checkRule(e.family, e.table, e.chain, spec, declare);
        const excuse = stagedSetExcuse(get(), message);
        state = excuse ? 'unavailable' : message ? 'refused' : source.checks ? 'ok' : 'unavailable';
        message = excuse ?? message;
      } catch (err) {
        message = `the kernel check could not run: ${err instanceof Error ? err.message : String(err)}`;
        state = 'unavailable';
      }
      const now = opened();
      if (now && now.kernel.spec === spec) show({ ...now, kernel: { spec, state, message } });
    },

    async submitEditor() {
      let e = opened();
      if (!e) return;
      if (e.problems.length > 0) return set({ notice: 'fix the problems shown in red first' });
      if (e.kernel.state === 'checking') {
        await actions.editorCheck();
        e = opened();
        if (!e) return;
      }
      if (e.kernel.state === 'refused') return set({ notice: 'iptables refuses this rule (see its message)' });
      // A bare Enter must not stage an accept-all rule unseen: the first Enter says what it does.
      if (e.caution && e.cautionSeen !== e.kernel.spec) {
        return set({
          overlay: { kind: 'editor', editor: { ...e, cautionSeen: e.kernel.spec } },
          notice: `${e.caution}. Enter again stages it`,
        });
      }
      if (!get().actions.stageFromEditor(e, e.kernel.spec)) return;
      set({ overlay: null });
      // A rule for an interface that does not exist now is staged, and said.
      const missing = editorWarnings(e);
      if (missing.length > 0) set({ notice: [get().notice, ...missing].filter(Boolean).join('; ') });
    },

    closeEditor() {
      clearTimeout(timer);
      set({ overlay: null });
    },
  };
  return actions;
}
