/** Which keys answer the confirm question: a yes that loses staged edits for good needs a typed y. */
import type { AppState, ConfirmAction } from '../../store/app-state.js';
import { footer, type Binding, type ModeKeys } from '../keys/key-binding.js';

/**
 * Quitting with edits staged (or a commit pending) and discarding cannot be undone, and a
 * namespace's rules saved into this host's boot files would load into its own firewall, and a dropped
 * connection's tracking is gone:
 * Enter says no to them.
 */
export const needsTypedYes = (action: ConfirmAction): boolean =>
  action === 'quit' || action === 'discard' || action === 'saveHost' || action === 'dropConnection';

const no = (keys: Binding['keys'], description = 'no'): Binding => ({
  command: 'no',
  keys,
  description,
  handler: (c) => c.a.closeOverlay(),
});

/** Quitting loses staged edits or leaves a commit to the guard: only a typed y does it, never a stray Enter. */
export const QUIT_KEYS: ModeKeys = {
  title: 'Quit question (q with edits staged or a commit pending)',
  bindings: [
    { command: 'yes', keys: [{ input: 'y' }], description: 'quit', handler: (c) => c.exit() },
    {
      command: 'keep',
      keys: [{ input: 'Y' }],
      description: 'keep the pending commit and stay',
      disabledReason: (s) => (s.pending ? null : 'no commit is pending'),
      handler: (c) => {
        c.a.closeOverlay();
        void c.a.keepCommit();
      },
    },
    no([{ input: 'n' }, { key: 'escape' }, { key: 'return' }], 'stay'),
  ],
};

/** Discarding every staged edit, or saving a namespace's rules into this host's boot files: y, and Enter stays. */
export const TYPED_YES_KEYS: ModeKeys = {
  title: 'Questions that cannot be undone (U, S of a namespace, x of a connection)',
  bindings: [
    { command: 'yes', keys: [{ input: 'y' }], description: 'yes', handler: (c) => void c.a.confirmYes() },
    no([{ input: 'n' }, { key: 'escape' }, { key: 'return' }]),
  ],
};

/** The other questions (delete, flush, zero, save...): Enter says yes. */
export const CONFIRM_KEYS: ModeKeys = {
  title: 'Other questions (d, F, X, z, S)',
  bindings: [
    {
      command: 'yes',
      keys: [{ input: 'y' }, { key: 'return' }],
      description: 'yes',
      handler: (c) => void c.a.confirmYes(),
    },
    no([{ input: 'n' }, { key: 'escape' }]),
  ],
};

/** The keys that answer the question of `action`. */
export function confirmMode(action: ConfirmAction): ModeKeys {
  return action === 'quit' ? QUIT_KEYS : needsTypedYes(action) ? TYPED_YES_KEYS : CONFIRM_KEYS;
}

/**
 * The keys as the status line shows them before the question, e.g. "y/Enter yes, n/Esc no": every binding
 * of the question's mode (Y keep-then-stay of the quit question too), less those that do not apply in `s`.
 */
export function confirmKeys(action: ConfirmAction, s?: AppState): string {
  const mode = confirmMode(action);
  const shown = mode.bindings.filter((b) => !s || !b.disabledReason?.(s));
  return footer(
    mode,
    shown.map((b) => ({ commands: [b.command], count: b.keys.length, text: b.description })),
    ', ',
  );
}
