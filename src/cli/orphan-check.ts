/** The check every fwtui command runs first, said on stderr: a commit left without its guard is made safe. */
import type { CommandRunner } from '../backend/runner.js';
import { orphanWords } from '../app/safety/orphans.js';
import { sweepOrphan } from '../app/safety/orphan-sweep.js';
import type { CliOptions } from './args.js';
import { sweepWatches } from '../app/watch/watch-sweep.js';

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
  await checkWatches(opts, runner, stderr);
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

/** Deletes the TRACE rules of watches whose fwtui died (kill -9, a crash), and says so. Never fails the command. */
async function checkWatches(opts: CliOptions, runner: CommandRunner, stderr: (t: string) => void): Promise<void> {
  if (opts.file !== undefined && opts.command !== 'block') return;
  const sweep = await sweepWatches(runner, opts.netns);
  if (sweep.removed > 0)
    stderr(`fwtui: removed ${sweep.removed} TRACE rule(s) left by a watch whose fwtui ended without cleaning up\n`);
  for (const f of sweep.failed) stderr(`fwtui: warning: could not remove a left-over watch's TRACE rule: ${f}\n`);
}
