/**
 * The safety net in the view: after an apply, Y keeps the commit and R puts
 * the old rules back; the deadline belongs to the guard, and the view only
 * watches for its word (or, when the guard is gone, reverts itself).
 */
import type { PendingCommit } from '../domain/commit/commit-plan.js';
import type { PendingView } from './app-state.js';
import { quitQuestion } from './quit-question.js';
import { settledWords } from './reverted-words.js';
import type { GetState, SetState } from './slice.js';
import type { CommitFate, FirewallSource } from '../domain/ports/firewall-source.js';

/** The commit applied and waiting for Y or R. */
export interface PendingState {
  /** An applied commit waiting for Y (keep) or R (revert) before its deadline. */
  readonly pending: PendingView | null;
}

/** Nothing pending (until the start-up check finds one). */
export const initialPending = (): PendingState => ({ pending: null });

export interface PendingActions {
  /** `q` with staged edits or a commit pending: asks first (the view quits only on an explicit y). */
  askQuit(): void;
  /** After an apply (or at start, after a reconnect): show the countdown. */
  showPending(pending: PendingCommit, reconnected: boolean): void;
  /** At start: find a commit still waiting, and make an orphaned one safe. */
  checkPendingAtStart(): Promise<void>;
  /** Y: keep the commit. */
  keepCommit(): Promise<void>;
  /** R: put the old rules back now. */
  revertPending(): Promise<void>;
  /** Called twice a second while a commit is pending: did the guard or another shell settle it? */
  watchPending(): Promise<void>;
}

declare module './app-state.js' {
  interface AppState extends PendingState {}
}
declare module './slice.js' {
  interface AppActions extends PendingActions {}
}

/** How long past the deadline the view waits for the guard before reverting itself. */
const GUARD_GRACE_MS = 3000;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The pending slice's actions; `now` is the clock the deadline is watched with. */
export function createPendingActions(
  set: SetState,
  get: GetState,
  source: FirewallSource,
  now: () => number,
): PendingActions {
  // After a revert the running rules changed: read them, compare them with the boot files again.
  const after = {
    reload: async (): Promise<void> => {
      await get().actions.readAllAgain();
      void get().actions.checkSaved();
    },
    // After a confirm: the running rules are now the ones to keep; compare them with the boot files.
    settled: (): void => void get().actions.checkSaved(),
  };
  /** The commit is settled one way or another: say how, and show the live rules again. */
  const closed = async (notice: string): Promise<void> => {
    set({ pending: null, notice });
    await after.reload();
  };
  /**
   * Y lost the race: to the deadline or to a revert made elsewhere (its record says which). A revert still running
   * is said as such and watched on (watchPending says how it ended); null then.
   */
  const tooLate = async (p: PendingView): Promise<string | null> => {
    const fate = await source.safety?.fate(p.id).catch(() => null);
    const status = source.safety!.commandHint('status');
    if (fate && (fate.state === 'reverted' || fate.state === 'revert-failed')) return settledWords(fate, status);
    if (fate?.state === 'reverting') {
      set({ pending: { ...p, busy: null }, notice: `Too late to keep: this commit is being reverted (${status})` });
      return null;
    }
    return now() >= p.deadline
      ? 'Too late: the deadline came first and the old rules are back (showing the live rules)'
      : `Too late: the commit is no longer pending (${status} says what happened)`;
  };
  const actions: PendingActions = {
    askQuit() {
      const question = quitQuestion(get(), now(), source.safety?.commandHint('confirm') ?? 'fwtui confirm');
      // The view quits on the typed y itself (it owns the exit): yes here does nothing more.
      if (question) get().actions.ask(question, 'quit', () => {});
    },

    showPending: (pending, reconnected) => set({ pending: { ...pending, reconnected, busy: null } }),

    async checkPendingAtStart() {
      if (!source.safety) return;
      try {
        const { pending, notice } = await source.safety.check();
        if (pending) actions.showPending(pending, true);
        if (notice) set({ notice });
        if (notice && !pending) await after.reload();
      } catch (e) {
        set({ notice: `cannot check for a pending commit: ${message(e)}` });
        // The check may have reverted before it failed: a read from before it would show rules no longer there.
        await after.reload();
      }
    },

    async keepCommit() {
      const p = get().pending;
      if (!p || p.busy || !source.safety) return;
      set({ pending: { ...p, busy: 'keeping' } });
      try {
        const r = await source.safety.confirm(p.id);
        if (r === 'confirmed') {
          set({ pending: null, notice: 'Kept: the commit is confirmed and the guard stood down' });
          after.settled();
        } else if (r !== 'too-late') await closed('the commit is no longer pending');
        else {
          const words = await tooLate(p);
          if (words !== null) await closed(words);
        }
      } catch (e) {
        set({ pending: { ...p, busy: null }, notice: `could not confirm: ${message(e)}` });
      }
    },

    async revertPending() {
      const p = get().pending;
      if (!p || p.busy || !source.safety) return;
      set({ pending: { ...p, busy: 'reverting' } });
      try {
        const r = await source.safety.revert(p.id);
        if (r.ok) await closed(`Reverted: the old rules are back. ${r.messages.join('; ')}`);
        else await closed(`REVERT FAILED: ${r.messages.join('; ')}`);
      } catch (e) {
        set({ pending: { ...p, busy: null }, notice: `could not revert: ${message(e)}` });
      }
    },

    async watchPending() {
      const p = get().pending;
      if (!p || p.busy || !source.safety) return;
      let fate: CommitFate;
      try {
        fate = await source.safety.fate(p.id);
      } catch (e) {
        // Called from a timer: a state file that cannot be read is said, not thrown (the guard keeps the deadline).
        set({
          notice: `cannot read the pending commit's state: ${message(e)} (${source.safety.commandHint('status')})`,
        });
        return;
      }
      if (get().pending?.id !== p.id || get().pending?.busy) return; // Y or R got there first
      switch (fate.state) {
        case 'pending':
          if (!fate.guardAlive && now() > p.deadline + GUARD_GRACE_MS) await actions.revertPending();
          return;
        case 'reverting':
          // A revert that keeps failing (a held xtables lock): the rules are still in place, say so.
          if (fate.trouble && get().notice !== fate.trouble) set({ notice: fate.trouble });
          return;
        case 'confirmed':
          set({ pending: null, notice: 'Kept: the commit was confirmed elsewhere (another shell or view)' });
          after.settled();
          return;
        case 'reverted':
        case 'revert-failed':
          await closed(settledWords(fate, source.safety!.commandHint('status')));
          return;
        case 'gone':
          await closed(
            `the pending commit is gone from the state directory: ` +
              `${source.safety!.commandHint('status')} tells what happened`,
          );
      }
    },
  };
  return actions;
}
