/** The check every fwtui command runs first, said on stderr: a commit left without its guard is made safe. */
import type { CommandRunner } from '../backend/runner.js';
import { orphanWords } from '../app/safety/orphans.js';
import { sweepOrphan } from '../app/safety/orphan-sweep.js';
import type { CliOptions } from './args.js';

/**
 * Settles a commit left without its guard (app/safety/orphan-sweep.ts) and says so on stderr. `status` does its
 * own (and reports it), so it is not checked here. Never fails the command.
 */
export async function checkOrphan(
  opts: CliOptions,
  runner: CommandRunner,
  guardCommand: readonly string[],
  stderr: (t: string) => void,
): Promise<void> {
  if (opts.command === 'status') return;
  const by = `fwtui ${opts.command === 'tui' ? '(the view)' : opts.command}`;
  const sweep = await sweepOrphan(opts, runner, guardCommand, by);
  if (sweep.kind === 'settled')
    stderr(
      orphanWords(sweep.action)
        .map((l) => `fwtui: ${l}\n`)
        .join(''),
    );
  if (sweep.kind === 'unchecked')
    stderr(`fwtui: warning: could not check for a commit left without its guard: ${sweep.why}\n`);
}
