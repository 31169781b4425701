/**
 * What `fwtui apply FILE` prints before it asks anything: the apply summary,
 * worst first, and the check that another program's chains are not deleted
 * or emptied unless the admin says so (--force, or typing FORCE).
 */
import { applySummary, foreignList } from '../domain/commit/apply-summary.js';
import type { TablePlan } from '../domain/commit/commit-plan.js';
import type { Family } from '../domain/model/ruleset.js';
import { familyLabel } from '../domain/model/family-label.js';

export const FORCE_WORD = 'FORCE';

export interface ReviewIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asks for a typed word on the terminal; null when there is none. */
  askWord?: (question: string) => Promise<string | null>;
}

/**
 * Prints the summary; when other programs' chains would go, asks for FORCE.
 * @returns whether the apply may go on
 */
export async function reviewApply(
  plans: readonly TablePlan[],
  family: Family,
  opts: { file: string; noflush: boolean; force: boolean },
  io: ReviewIo,
): Promise<boolean> {
  const summary = applySummary(plans);
  const how = opts.noflush
    ? 'laid over the running tables (--noflush)'
    : 'replacing each table it names, as iptables-restore does';
  const lines = summary.lines.map((l) => `  ${l}\n`).join('');
  io.stdout(`${opts.file} would change the ${familyLabel(family)} rules, ${how}:\n${lines}`);
  if (summary.foreign.length === 0) return true;
  const list = foreignList(summary.foreign);
  const all = (how: string): boolean => summary.foreign.every((f) => f.how === how);
  const verb = all('deleted') ? 'delete' : all('flushed') ? 'empty' : 'delete or empty';
  io.stderr(
    `fwtui: this would ${verb} chains of other programs: ${list}; they stop working until they rebuild them` +
      `${opts.noflush ? '' : ' (to add to the running rules instead of replacing the table, use --noflush)'}\n`,
  );
  if (opts.force) {
    io.stderr('fwtui: applying anyway (--force); the safety net still reverts unless confirmed\n');
    return true;
  }
  const typed = await io.askWord?.(`Type ${FORCE_WORD} to apply anyway (anything else cancels): `);
  if (typed === FORCE_WORD) return true;
  const noTerminal = typed === null || typed === undefined;
  io.stderr(`fwtui: not applied${noTerminal ? ' (no terminal to confirm on: pass --force to apply anyway)' : ''}\n`);
  return false;
}
