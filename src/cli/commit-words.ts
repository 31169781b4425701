/** How the safety net's commands word a commit's end, a refused revert and the hints they print. */
import { describeCommit } from '../domain/commit/pending-commit.js';
import { fwtuiCommand } from '../domain/hints/command-hint.js';
import { printable } from '../domain/text/printable.js';
import type { CommitEntry } from '../app/state/state-dir.js';
import type { SafetyIo } from './safety-io.js';

/** A hint naming an fwtui command in this invocation's scope. */
export const hint = (io: SafetyIo, ...words: string[]): string => fwtuiCommand(io.scope ?? {}, ...words);

/** How a commit ended (or where it stands), as the end of a sentence. */
export const outcomeWords = (entry: CommitEntry | null): string => {
  if (!entry) return 'the commit is gone';
  if (entry.state === 'writing') return 'it is still being written';
  return entry.state === 'confirmed'
    ? 'it was confirmed'
    : entry.state === 'reverted'
      ? 'the old rules are back'
      : `it is ${entry.state}`;
};

/**
 * A commit that no longer matches its seal: nothing of it is loaded, its unconfirmed rules stay,
 * and only the admin can settle it (stderr lines).
 */
export function refusedLines(entry: CommitEntry, problems: readonly string[], io: SafetyIo): string {
  const keep = entry.state === 'pending' ? `, then \`${hint(io, 'confirm')}\` closes the commit` : '';
  const what = describeCommit(entry.record);
  return (
    `fwtui: NOT reverted: ${what} does not match what it was armed with, so fwtui loads none of it:\n` +
    problems.map((p) => `  ${printable(p)}\n`).join('') +
    `  The unconfirmed rules are still in place: put the old rules back by hand from a copy you trust${keep}.\n`
  );
}
