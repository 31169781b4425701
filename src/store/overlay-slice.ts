/**
 * The overlay slice: what covers the rule view (help, a question, a prompt,
 * the editor, the commit review, ...) as one value that carries its own
 * payload. Asking a question or a prompt takes what to do with the answer, so
 * each slice answers its own questions.
 */
import type { AppState, CommitView, ConfirmAction, Overlay, Prompt, PromptAction } from './app-state.js';
import type { GetState, SetState } from './slice.js';

/** The overlay that is open (null: the rule view), and the help page. */
export interface OverlayState {
  readonly overlay: Overlay | null;
  /** Page of the help overlay (it has more keys than an 80x24 screen shows). */
  readonly helpPage: number;
}

export interface OverlayActions {
  /** Opens the confirm question; `yes` is what a yes does (the question is closed first). */
  ask(question: string, action: ConfirmAction, yes: () => void | Promise<void>): void;
  /** Opens the prompt; `submit` gets the typed text on Enter and returns the problem to show, or null. */
  askFor(action: PromptAction, label: string, submit: Prompt['submit'], value?: string): void;
  toggleHelp(): void;
  /** Next or previous page of help. */
  helpPage(delta: 1 | -1): void;
  /** Esc on an overlay: closes it without doing anything (back to the sets panel when it asked). */
  closeOverlay(): void;
  /** Yes to the confirm overlay. */
  confirmYes(): Promise<void>;
  promptType(text: string): void;
  /** Erases the last character, or the whole answer with `all` (Ctrl-U); the prefilled text is kept otherwise. */
  promptErase(all?: boolean): void;
  /** Keeps the prefilled answer for editing (End, →): typing then appends. */
  promptKeep(): void;
  /** Enter in the prompt: its own submit, with the problem (if any) shown in the prompt. */
  submitPrompt(): void;
}

declare module './app-state.js' {
  interface AppState extends OverlayState {}
}
declare module './slice.js' {
  interface AppActions extends OverlayActions {}
}

/** Nothing open. */
export const initialOverlay = (): OverlayState => ({ overlay: null, helpPage: 0 });

/**
 * The prompt's text edited by `change`, its problem cleared and its prefilled text no longer selected;
 * nothing when no prompt is open.
 */
const editPrompt = (set: SetState, change: (value: string, selected: boolean) => string): void =>
  set((s) => {
    if (s.overlay?.kind !== 'prompt') return {};
    const value = change(s.overlay.value, s.overlay.selected === true);
    return { overlay: { ...s.overlay, value, error: null, selected: false } };
  });

/** The overlay slice's actions. */
export function createOverlayActions(set: SetState, get: GetState): OverlayActions {
  return {
    ask: (question, action, yes) => set({ overlay: { kind: 'confirm', question, action, yes } }),
    // A prefilled value opens selected: the first typed key replaces it.
    askFor: (action, label, submit, value = '') =>
      set({ overlay: { kind: 'prompt', action, label, value, error: null, submit, selected: value !== '' } }),
    toggleHelp: () => set((s) => ({ overlay: s.overlay?.kind === 'help' ? null : { kind: 'help' }, helpPage: 0 })),
    helpPage: (delta) => set((s) => ({ helpPage: Math.max(0, s.helpPage + delta) })),
    // A prompt or question of the sets panel goes back to the panel, which stays open under it. So does a
    // question of the connections panel; the exposure view's prompt, help and review go back to the view (it is
    // closed by its own Esc, or by an applied commit).
    closeOverlay: () =>
      set((s) => ({
        overlay:
          s.connectionsPanel && s.overlay?.kind !== 'connections'
            ? { kind: 'connections' }
            : s.setsPanel && s.overlay?.kind !== 'sets'
              ? { kind: 'sets' }
              : s.exposure && s.overlay?.kind !== 'exposure'
                ? { kind: 'exposure' }
                : null,
      })),

    async confirmYes() {
      const o = get().overlay;
      set({ overlay: null });
      if (o?.kind === 'confirm') await o.yes();
    },

    promptType: (text) => editPrompt(set, (value, selected) => (selected ? '' : value) + text),
    promptErase: (all = false) => editPrompt(set, (value) => (all ? '' : [...value].slice(0, -1).join(''))),
    promptKeep: () => editPrompt(set, (value) => value),

    submitPrompt() {
      const p = get().overlay;
      if (p?.kind !== 'prompt') return;
      // Said in the prompt only while this prompt is still the one open (typing goes on meanwhile).
      const fail = (error: string | null): void => {
        const same = (o: Overlay | null): o is typeof p => o?.kind === 'prompt' && o.submit === p.submit;
        if (error) set((s) => (same(s.overlay) ? { overlay: { ...s.overlay, error } } : {}));
      };
      const said = p.submit(p.value);
      if (typeof said === 'string' || said === null) fail(said);
      else void said.then(fail);
    },
  };
}

/** The commit review changed by `patch`, when it is open (nothing otherwise: a closed review stays closed). */
export function patchCommit(s: AppState, patch: (c: CommitView) => Partial<CommitView>): Partial<AppState> {
  if (s.overlay?.kind !== 'commit') return {};
  return { overlay: { kind: 'commit', commit: { ...s.overlay.commit, ...patch(s.overlay.commit) } } };
}
