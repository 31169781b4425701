/** What `q` asks before leaving, when leaving loses something or leaves a commit to the guard. Pure. */
import { clockTime, countdown } from '../domain/commit/pending-commit.js';
import type { AppState } from './app-state.js';
import { stagedEditCount } from './selectors.js';

/**
 * The quit question, or null when quitting loses nothing and leaves nothing pending.
 * @param confirmHint the command that keeps the commit from another shell (`fwtui confirm --netns N`)
 */
export function quitQuestion(
  s: Pick<AppState, 'pending' | 'staging' | 'setStaging'>,
  now: number,
  confirmHint: string,
): string | null {
  const parts: string[] = [];
  if (s.pending) {
    // The guard, not the view, holds the deadline: quitting does not stop it, and the admin must know when it strikes.
    const at = `${clockTime(s.pending.deadline)} (in ${countdown(s.pending.deadline, now)})`;
    parts.push(
      `commit ${s.pending.id} is not kept: the guard puts the old rules back at ${at}` +
        ` unless \`${confirmHint}\` keeps it (Y here keeps it now)`,
    );
  }
  const edits = stagedEditCount(s);
  if (edits > 0) parts.push(`${edits} staged edit${edits === 1 ? ' is' : 's are'} not applied and will be lost`);
  return parts.length > 0 ? `Quit? ${parts.join('; ')}.` : null;
}
