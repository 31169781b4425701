/** Which keys answer the confirm question: a yes that loses staged edits for good needs a typed y. */
import type { ConfirmAction } from '../store/app-state.js';

/**
 * Quitting with edits staged (or a commit pending) and discarding cannot be undone, and a
 * namespace's rules saved into this host's boot files would load into its own firewall:
 * Enter says no to them.
 */
export const needsTypedYes = (action: ConfirmAction): boolean => action === 'quit' || action === 'discard' || action === 'saveHost';

/** The keys as the status line shows them before the question. */
export function confirmKeys(action: ConfirmAction): string {
  if (action === 'quit') return 'y quit, n/Esc/Enter stay';
  return needsTypedYes(action) ? 'y yes, n/Esc/Enter no' : 'y/Enter yes, n/Esc no';
}
