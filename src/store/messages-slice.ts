/**
 * The messages slice: the notice of the moment, and the message history (L):
 * every notice and error the view showed and every command fwtui ran with its
 * exit code, so nothing is lost when the status line is overwritten or too
 * narrow (lazygit's command log).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState, HistoryEntry, Prompt } from './app-state.js';
import { promptOf } from './selectors.js';
import type { SetState } from './slice.js';
import type { RanCommand } from '../domain/model/ran-command.js';

/** How many entries the view keeps (oldest go first). */
export const HISTORY_LIMIT = 2000;

export type { RanCommand };

/** The passing notice and everything said or run before it. */
export interface MessagesState {
  /** A passing message: external change, zeroed counters, no search hit. */
  readonly notice: string | null;
  /** Every notice and error shown and every command run, oldest first (L shows it). */
  readonly history: readonly HistoryEntry[];
  /** How many lines the history view is scrolled up from its end (clamped by the view). */
  readonly historyScroll: number;
}

/** Nothing said yet. */
export const initialMessages = (): MessagesState => ({ notice: null, history: [], historyScroll: 0 });

export interface MessagesActions {
  /** Any key in the rule view: the notice has been read. */
  dismissNotice(): void;
  /** L: the history, newest at the bottom, scrolled to the end. */
  openHistory(): void;
  scrollHistory(delta: number): void;
  /** A command fwtui ran (the composition root forwards the runner's log). */
  logCommand(ran: RanCommand): void;
}

declare module './app-state.js' {
  interface AppState extends MessagesState {}
}
declare module './slice.js' {
  interface AppActions extends MessagesActions {}
}

const append = (history: readonly HistoryEntry[], entry: HistoryEntry): readonly HistoryEntry[] =>
  history.length >= HISTORY_LIMIT ? [...history.slice(history.length - HISTORY_LIMIT + 1), entry] : [...history, entry];

/** At least as many lines as the history takes at 40 columns or more. */
const roughLines = (history: readonly HistoryEntry[]): number =>
  history.reduce((n, e) => n + Math.ceil((e.text.length + (e.detail?.length ?? 0) + 40) / 30) + 1, 0);

/** The messages slice's actions. */
export function createMessagesActions(set: SetState): MessagesActions {
  return {
    dismissNotice: () => set({ notice: null }),
    // At the end: the newest lines are what the admin came for.
    openHistory: () => set({ overlay: { kind: 'history' }, historyScroll: 0 }),
    // Lines up from the bottom; the view stops at the first line (the bound keeps k from piling up far past it).
    scrollHistory: (delta) =>
      set((s) => ({
        historyScroll: Math.max(0, Math.min(s.historyScroll - delta, roughLines(s.history))),
      })),
    logCommand: (ran) =>
      set((s) => {
        const entry: HistoryEntry = {
          at: ran.at,
          kind: 'command',
          text: ran.command,
          exitCode: ran.exitCode,
          durationMs: ran.durationMs,
          detail: ran.stderr,
          ...(ran.detached ? { detached: true } : {}),
        };
        const last = s.history[s.history.length - 1];
        // Polling runs the same read every second: one line that counts, or the log would be nothing else.
        if (last?.kind === 'command' && last.text === ran.command && last.exitCode === ran.exitCode) {
          const repeats = { count: (last.repeats?.count ?? 1) + 1, since: last.repeats?.since ?? last.at };
          return { history: [...s.history.slice(0, -1), { ...entry, repeats }] };
        }
        return { history: append(s.history, entry) };
      }),
  };
}

/** A prompt's error for the history: what was asked and typed, then why it was refused. */
function promptErrorText(p: Prompt): string {
  const lines = p.value.split('\n').filter((l) => l.trim() !== '');
  const typed = lines.length > 1 ? `(${lines.length} lines)` : p.value.trim();
  return `${p.label} ${typed}: ${p.error}`;
}

/**
 * Puts every notice and error the store shows into the history as it appears
 * (one place, whichever action set it), prompts' errors included.
 */
export function recordMessages<T extends AppState>(store: StoreApi<T>, now: () => number): void {
  store.subscribe((s, prev) => {
    const entries: HistoryEntry[] = [];
    if (s.notice && s.notice !== prev.notice) entries.push({ at: now(), kind: 'notice', text: s.notice });
    if (s.error && s.error !== prev.error) entries.push({ at: now(), kind: 'error', text: s.error });
    // A prompt's refusal too (`:`, T): it is shown in the prompt and gone once the prompt closes.
    const prompt = promptOf(s);
    if (prompt?.error && prompt.error !== promptOf(prev)?.error) {
      entries.push({ at: now(), kind: 'error', text: promptErrorText(prompt) });
    }
    if (entries.length === 0) return;
    store.setState((cur) => ({ history: entries.reduce(append, cur.history) }) as Partial<T>);
  });
}
