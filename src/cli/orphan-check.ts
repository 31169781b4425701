/** The check every fwtui command runs first: a commit left without its guard is made safe before anything else. */
import type { CommandRunner } from '../backend/runner.js';
import { orphanWords, settleOrphan } from '../app/safety/orphans.js';
import type { CliOptions } from './args.js';
import { safetyDeps } from '../app/safety/safety-deps.js';
import { StateDirError } from '../app/state/state-dir.js';

/**
 * Reverts an overdue commit whose guard and watcher are both dead (or starts
 * them again inside the window), and says so on stderr. `status` does its own
 * (and reports it), so it is not checked here. Never fails the command.
 */
export async function checkOrphan(
  opts: CliOptions,
  runner: CommandRunner,
  guardCommand: readonly string[],
  stderr: (t: string) => void,
): Promise<void> {
  if (opts.command === 'status') return;
  try {
    const deps = safetyDeps({ netns: opts.netns, backend: opts.backend }, runner, guardCommand);
    const action = await settleOrphan(deps.root, deps, `fwtui ${opts.command === 'tui' ? '(the view)' : opts.command}`);
    if (action)
      stderr(
        orphanWords(action)
          .map((l) => `fwtui: ${l}\n`)
          .join(''),
      );
  } catch (e) {
    // An unusable state directory is the command's own business: it says so if it needs one.
    if (e instanceof StateDirError) return;
    stderr(
      `fwtui: warning: could not check for a commit left without ` +
        `its guard: ${e instanceof Error ? e.message : String(e)}\n`,
    );
  }
}
