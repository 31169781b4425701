/** What the view says when a commit it shows pending was reverted elsewhere: by its deadline or a command. */
import type { CommitFate } from '../domain/ports/firewall-source.js';

type Reverted = Extract<CommitFate, { state: 'reverted' | 'revert-failed' }>;

/**
 * Who reverted it, as the notice names it: the deadline only when the guard recorded it, else the words recorded
 * (`fwtui revert`, `R in fwtui`, the guard taking over a dead reverter...), and neither claimed when nothing is.
 * Never "another connection": another window of the same SSH session looks the same to fwtui.
 */
function who(fate: Reverted): string {
  const r = fate.reverter;
  if (r === null) return '(by its deadline or by a revert elsewhere)';
  return r.atDeadline ? 'at the deadline' : `(by ${r.by})`;
}

/**
 * The notice for a pending commit settled by a revert the view did not make.
 * @param statusHint the command that tells more (`fwtui status --netns N`)
 */
export function settledWords(fate: Reverted, statusHint: string): string {
  const messages = fate.messages.join('; ');
  if (fate.state === 'revert-failed') return `REVERT FAILED ${who(fate)}: ${messages} (${statusHint})`;
  const back = fate.reverter?.atDeadline
    ? 'Time is up: the guard put the old rules back'
    : `${fate.reverter ? 'Reverted' : 'The commit was reverted'} ${who(fate)}: the old rules are back`;
  return `${back} (showing the live rules). ${messages}`;
}
