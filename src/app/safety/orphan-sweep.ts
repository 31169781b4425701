/** The check every fwtui command runs first: a commit left without its guard is made safe before anything else. */
import type { CommandRunner } from '../../backend/runner.js';
import { settleOrphan, type OrphanAction } from './orphans.js';
import { safetyDeps, type SafetyTarget } from './safety-deps.js';
import { StateDirError } from '../state/state-dir.js';

export type OrphanSweep =
  /** Nothing was left without its guard (or the state directory is unusable: the command's own business). */
  | { readonly kind: 'none' }
  | { readonly kind: 'settled'; readonly action: OrphanAction }
  /** The check itself failed: the command goes on, with a warning. */
  | { readonly kind: 'unchecked'; readonly why: string };

/**
 * Reverts an overdue commit of the firewall `scope` names whose guard and watcher are both dead (or starts them
 * again inside the window). Never throws: the command it runs before goes on.
 * @param guardCommand argv that starts this fwtui (how a guard is started again)
 * @param by the command that found it, for the outcome record ("fwtui list")
 */
export async function sweepOrphan(
  scope: SafetyTarget,
  runner: CommandRunner,
  guardCommand: readonly string[],
  by: string,
): Promise<OrphanSweep> {
  try {
    const deps = safetyDeps({ netns: scope.netns, backend: scope.backend }, runner, guardCommand);
    const action = await settleOrphan(deps.root, deps, by);
    return action ? { kind: 'settled', action } : { kind: 'none' };
  } catch (e) {
    // An unusable state directory is the command's own business: it says so if it needs one.
    if (e instanceof StateDirError) return { kind: 'none' };
    return { kind: 'unchecked', why: e instanceof Error ? e.message : String(e) };
  }
}
