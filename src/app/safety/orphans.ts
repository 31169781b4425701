/**
 * A commit whose guard and watcher were both killed (the one thing they do
 * not survive short of a reboot): the next fwtui command of any kind finds
 * it before doing its own work. Past its deadline it is reverted at once; a
 * revert whose process died is finished; still inside its window, its two
 * watchers are started again.
 */
import type { Iptables } from '../../backend/iptables.js';
import type { SealAnchor } from '../../domain/commit/commit-seal.js';
import { tokenHolderAlive } from '../state/commit-token.js';
import { claimAndRevert, openForRevert, refusedWords, type Firewall, type RevertResult } from './safety-net.js';
import { applyLockHeld, guardAlive, isOpen, listCommits, processAlive, type CommitEntry } from '../state/state-dir.js';

export interface OrphanDeps {
  makeIptables(target: Firewall): Iptables;
  /** Starts a commit's guard and watcher again, told what they act on; resolves once both run. */
  launchGuard(dir: string, id: string, anchor: SealAnchor): Promise<void>;
  now(): number;
  /** The namespace whose state directory is looked at (undefined: the host's). */
  readonly netns: string | undefined;
}

export type OrphanAction =
  | { readonly kind: 'reverted'; readonly entry: CommitEntry; readonly result: RevertResult }
  | { readonly kind: 'rearmed'; readonly entry: CommitEntry }
  /** It does not match its seal: nothing was loaded nor started (see seal-check.ts). */
  | { readonly kind: 'refused'; readonly entry: CommitEntry; readonly problems: readonly string[] };

const reverterDead = (e: CommitEntry): boolean =>
  e.state === 'reverting' && !processAlive(Number(e.token.split('.')[1]), '');

/**
 * Makes an unguarded open commit in `root` safe; null when there was none
 * (or a live process is looking after it).
 * @param what the command that found it, for the outcome record ("fwtui list")
 */
export async function settleOrphan(root: string, deps: OrphanDeps, what: string): Promise<OrphanAction | null> {
  const entry = (await listCommits(root)).find(isOpen);
  if (!entry || guardAlive(entry) || applyLockHeld(root)) return null;
  const target = { at: deps.netns ?? null, makeIptables: deps.makeIptables };
  if (entry.state === 'writing') {
    // An apply still writing looks after it; one killed half-way with its guard and watcher leaves it to us.
    if (tokenHolderAlive(entry.token)) return null;
  } else if (entry.state === 'pending') {
    if (deps.now() < entry.deadline) {
      // Started again with the facts of its seal, checked against the files: never with the record's alone.
      const commit = openForRevert(entry, target);
      if ('kind' in commit) return { kind: 'refused', entry, problems: commit.messages };
      await deps.launchGuard(entry.dir, entry.record.id, commit.anchor);
      return { kind: 'rearmed', entry };
    }
  } else if (!reverterDead(entry)) return null;
  const result = await claimAndRevert(entry, target, `${what} (the guard was gone)`, deps.now);
  if (result.kind === 'refused') return { kind: 'refused', entry, problems: result.messages };
  return result.kind === 'lost' ? null : { kind: 'reverted', entry, result };
}

/** What to tell the admin about a settled orphan (stderr lines, without the "fwtui: " prefix). */
export function orphanWords(action: OrphanAction): string[] {
  const id = action.entry.record.id;
  if (action.kind === 'refused') return [`commit ${id}, left without its guard, was ${refusedWords(action.problems)}`];
  if (action.kind === 'rearmed')
    return [`the guard of commit ${id} was gone: it is started again and still reverts at its deadline`];
  const r = action.result;
  if (r.kind === 'revert-failed') {
    return [
      `the guard of commit ${id} was gone past its deadline and the revert FAILED:`,
      ...r.messages.map((m) => `  ${m}`),
    ];
  }
  return [
    `the guard of commit ${id} was gone past its deadline: its rules were reverted now`,
    ...r.messages.map((m) => `  ${m}`),
  ];
}
