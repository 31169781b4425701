/**
 * Commit-or-revert, one engine for the view and the command line: every
 * apply saves what it is about to change and arms a detached guard before
 * the first write; confirming, reverting and the guard's deadline all claim
 * the commit's state token with one rename, so exactly one of them wins.
 */
import { ApplyError, ApplyStopped, applyPlans } from '../../backend/apply.js';
import type { Iptables } from '../../backend/iptables.js';
import type { WriteEvents } from '../../backend/apply-events.js';
import type { ApplyOutcome, TablePlan } from '../../domain/commit/commit-plan.js';
import { summarizeTable } from '../../domain/commit/change-summary.js';
import { clockTime, describeCommit, type CommitRecord } from '../../domain/commit/pending-commit.js';
import { savedCopyText, savedTable, type SavedTable } from '../../domain/commit/revert-plan.js';
import type { Family } from '../../domain/model/ruleset.js';
import {
  commitArmed,
  holdForWriting,
  releaseHold,
  tokenHolderAlive,
  waitWhileWriting,
  type NotArmed,
  type WriteHold,
} from '../state/commit-token.js';
import { releaseReserve } from '../state/disk-space.js';
import type { SealAnchor } from '../../domain/commit/commit-seal.js';
import { openWithSealFile, SealError } from '../state/seal-check.js';
import { sealCommit, sha256 } from '../state/seal-make.js';
import { ipsetSaveText } from '../../domain/sets/print-ipset.js';
import { describeSetChange } from '../../domain/sets/set-diff.js';
import type { SetPlan } from '../../domain/sets/set-plan.js';
import { changedSetPlans } from '../../domain/sets/set-restore.js';
import { fwtuiCommand } from '../../domain/hints/command-hint.js';
import { saveWritten } from '../state/written-copy.js';
import { handRestore, handSetsText } from './hand-restore.js';
import {
  claim,
  copyPath,
  createCommit,
  ensureStateDir,
  guardAlive,
  isOpen,
  listCommits,
  newCommitId,
  setsCopyPath,
  processAlive,
  pruneFinished,
  readCommit,
  setDeadline,
  withApplyLock,
  type CommitEntry,
} from '../state/state-dir.js';
import { familyLabel } from '../../domain/model/family-label.js';
import { claimAndRevert, refusedWords, type Firewall, type RevertResult, type RevertTarget } from './claim-revert.js';

export {
  claimAndRevert,
  openForRevert,
  refusedWords,
  type Firewall,
  type RevertOptions,
  type RevertResult,
  type RevertTarget,
} from './claim-revert.js';

export interface SafetyNetDeps {
  /** The state directory of this firewall (see stateRoot). */
  readonly root: string;
  readonly netns: string | undefined;
  readonly backend: 'nft' | 'legacy' | undefined;
  /** iptables for a commit's namespace and backend (as checked against its seal, see seal-check.ts). */
  makeIptables(target: Firewall): Iptables;
  /** Starts the detached guard for a commit directory, told what it acts on; resolves once it runs. */
  launchGuard(dir: string, id: string, anchor: SealAnchor): Promise<void>;
  /** Starts the guards early, waiting for a commit (prepared-guards.ts), so that the apply need not wait for them. */
  prepareGuards?(): void;
  readonly by: CommitRecord['by'];
  now(): number;
}

/** Another commit is pending (or its revert is unfinished): nothing was applied. */
export class PendingCommitError extends Error {
  constructor(
    readonly entry: CommitEntry,
    what = 'applied',
  ) {
    super(`a commit is pending, so nothing was ${what}: ${describeCommit(entry.record)}; ${openWords(entry)}`);
  }
}

/** The guard did not start: nothing was applied. */
export class GuardError extends Error {}

/** The deadline passed while the commit was being written: what was written is being put back now. */
export class DeadlinePassedError extends Error {
  constructor(
    message: string,
    readonly dir: string,
  ) {
    super(message);
  }
}

/** A table write was refused because the commit was no longer armed (see commit-token.ts). */
class NotArmedError extends Error {
  constructor(readonly why: NotArmed) {
    super(why);
  }
}

const NOT_ARMED_WORDS: Record<NotArmed, string> = {
  settled: 'the commit was settled elsewhere',
  deadline: 'its deadline has passed',
  'no-guard': 'its guard is gone',
};

function openWords(entry: CommitEntry): string {
  // The hints name the commit's own namespace and backend: following them reaches this commit.
  const hint = (command: string): string => `\`${fwtuiCommand(entry.record, command)}\``;
  if (entry.state === 'pending')
    return (
      `it reverts at ${clockTime(entry.deadline)} unless confirmed ` +
      `(${hint('confirm')} keeps it, ${hint('revert')} undoes it)`
    );
  if (entry.state === 'writing') return `it is being written right now (${hint('status')} says when it reverts)`;
  if (entry.state === 'reverting') return `its revert is running or was interrupted (${hint('status')} finishes it)`;
  return `its revert FAILED: run ${hint('status')} for the saved copy and how to restore it`;
}

export interface Pending {
  readonly id: string;
  readonly dir: string;
  readonly deadline: number;
  readonly record: CommitRecord;
}

export interface SafeApply {
  readonly outcome: ApplyOutcome;
  /** The armed commit; null when nothing was written (drift, nothing to do). */
  readonly pending: Pending | null;
}

function copies(saved: readonly SavedTable[]): Map<Family, string> {
  const out = new Map<Family, string>();
  for (const s of saved) out.set(s.family, (out.get(s.family) ?? '') + savedCopyText(s));
  return out;
}

/** Refuses early (before reading anything) while a commit is open. @throws PendingCommitError */
export async function assertNothingPending(root: string, what = 'applied'): Promise<void> {
  const open = (await listCommits(root)).find(isOpen);
  if (open) throw new PendingCommitError(open, what);
}

interface Armed {
  readonly dir: string;
  readonly record: CommitRecord;
  /** What the guard was started with: this apply's own revert checks the commit against it too. */
  readonly anchor: SealAnchor;
  /** This apply's hold on the commit's token while it writes. */
  readonly hold: WriteHold;
}

/**
 * Applies the plans as a pending commit that reverts after `timeoutSec`
 * unless confirmed. Refused while another commit is open. Every table is
 * written while this apply holds the commit's token and only while the
 * commit is armed (pending, before its deadline, guard alive); a write still
 * running at the deadline is followed by the guard's revert.
 * @throws PendingCommitError, GuardError, StateDirError (nothing applied), ApplyError, DeadlinePassedError
 */
export async function applyWithSafetyNet(
  iptables: Iptables,
  plans: readonly TablePlan[],
  timeoutSec: number,
  deps: SafetyNetDeps,
  sets: readonly SetPlan[] = [],
  events?: WriteEvents,
): Promise<SafeApply> {
  await ensureStateDir(deps.root);
  return withApplyLock(deps.root, async () => {
    await assertNothingPending(deps.root);
    await pruneFinished(deps.root);
    let armed: Armed | null = null;
    let written: readonly SavedTable[] = [];
    try {
      const outcome = await applyPlans(
        iptables,
        plans,
        {
          async beforeWrite(work, before, setsBefore) {
            const saved = work.map((p, i) => savedTable(p, before[i]!.table));
            // The sets as they were, members included: a file, whatever their size (never argv).
            const oldSets = [...setsBefore.values()].filter((x) => x !== null);
            const setsCopy = setsBefore.size > 0 ? ipsetSaveText(oldSets) : null;
            const record: CommitRecord = {
              version: 1,
              id: newCommitId(),
              createdAt: deps.now(),
              timeoutSec,
              netns: deps.netns ?? null,
              backend: deps.backend ?? null,
              tables: saved.map((s) => ({
                family: s.family,
                table: s.table,
                chains: s.chains.map((c) => c.name),
                created: s.created,
                renamed: s.renamed,
              })),
              summary: [
                ...changedSetPlans(sets).flatMap((p) => describeSetChange(p.name, p.basis, p.staged)),
                ...work.flatMap((p) => summarizeTable(p.diff).map((l) => (p.family === 'ipv6' ? `IPv6 ${l}` : l))),
              ],
              by: deps.by,
              ...(setsCopy === null ? {} : { sets: { names: [...setsBefore.keys()], digest: sha256(setsCopy) } }),
            };
            const saving = copies(saved);
            const hand = setsCopy === null ? null : handSetsText(record.id, oldSets);
            const dir = await createCommit(deps.root, record, saving, deps.now() + timeoutSec * 1000, setsCopy, hand);
            // The guard is told what it acts on (namespace, backend, the files' digests), not left to read it.
            const { anchor } = sealCommit(record, saving);
            const refuse = async (why: string): Promise<never> => {
              // Roll back: nothing was written, and an aborted commit blocks nothing (its reserve goes too).
              await claim(dir, 'pending', 'aborted');
              await releaseReserve(dir);
              throw new GuardError(`the guard that would revert this commit ${why}, so nothing was applied`);
            };
            try {
              await deps.launchGuard(dir, record.id, anchor);
            } catch (e) {
              await refuse(`did not start: ${e instanceof Error ? e.message : String(e)}`);
            }
            // The writes must be done within the timeout counted from the guard's start; the admin's window
            // starts again once they are. Nothing is written yet: a guard acting on the earlier deadline only
            // makes this apply stop before its first write.
            await setDeadline(dir, deps.now() + timeoutSec * 1000);
            const held = await holdForWriting(dir, deps.now);
            if ('why' in held) await refuse(`is not armed (${NOT_ARMED_WORDS[held.why]})`);
            armed = { dir, record, anchor, hold: (held as { hold: WriteHold }).hold };
            written = saved;
          },
          async beforeTable() {
            const why = commitArmed(armed!.dir, deps.now(), armed!.hold.token);
            if (why !== null) throw new NotArmedError(why);
          },
          ...(events ? { events } : {}),
        },
        sets,
      );
      if (armed === null) return { outcome, pending: null };
      const { dir, record, hold } = armed as Armed;
      // Written in time: the admin's window is the whole timeout from now. Moved while this apply still holds the
      // token, so the guard reads either deadline only once it is no longer the one that counts.
      const late = commitArmed(dir, deps.now(), hold.token);
      if (late !== null) throw new ApplyStopped(new NotArmedError(late), record.tables.map(tableWords), []);
      // What the commit left, so a revert can keep what other programs add to the same chains.
      if (outcome.kind === 'applied') await saveWritten(dir, written, outcome.fresh).catch(() => undefined);
      const deadline = deps.now() + timeoutSec * 1000;
      await setDeadline(dir, deadline);
      await releaseHold(hold);
      return { outcome, pending: { id: record.id, dir, deadline, record } };
    } catch (e) {
      const a = armed as Armed | null;
      if (!a) throw e;
      if (e instanceof ApplyError && e.back) {
        // Read back: every table is as before. Nothing is left for the guard.
        await releaseHold(a.hold, 'aborted');
        await releaseReserve(a.dir);
        throw e;
      }
      if (e instanceof ApplyStopped && e.reason instanceof NotArmedError) throw await stopped(e, a, iptables, deps);
      // Something is half-written or unknown: let the guard put everything back now.
      await setDeadline(a.dir, deps.now());
      await releaseHold(a.hold);
      const first = a.record.tables[0];
      const copy = first ? copyPath(a.dir, first.family) : setsCopyPath(a.dir);
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`${why} The guard is putting the old rules back now (saved copy: ${copy}).`);
    }
  });
}

const tableWords = (t: { family: Family; table: string }): string => `${familyLabel(t.family)} ${t.table}`;

/** The commit stopped being armed half-way: nothing more is written; what was is put back at once. */
async function stopped(e: ApplyStopped, a: Armed, iptables: Iptables, deps: SafetyNetDeps): Promise<Error> {
  const why = (e.reason as NotArmedError).why;
  const were = e.notWritten.length > 1 ? 'were' : 'was';
  const rest = e.notWritten.length > 0 ? `, so ${e.notWritten.join(', ')} ${were} not written` : '';
  const what = e.written.length > 0 ? e.written.join(', ') : 'the commit';
  if (why === 'no-guard') {
    await releaseHold(a.hold);
    const entry = readCommit(a.dir);
    const target = { anchor: a.anchor, at: deps.netns ?? null, makeIptables: () => iptables };
    const r = entry ? await claimAndRevert(entry, target, 'fwtui apply (its guard was gone)', deps.now) : null;
    const said = r && r.messages.length > 0 ? `: ${r.messages.join('; ')}` : '';
    const gone = `the guard of this commit was gone while ${what} was being written${rest}`;
    if (r?.kind === 'refused') return new Error(`${gone}; ${refusedWords(r.messages)}`);
    return new Error(`${gone}; fwtui reverted it itself: ${r?.kind ?? 'gone'}${said}`);
  }
  await releaseHold(a.hold);
  const text =
    `the deadline passed while ${what} was being ` + `written${rest}; the guard is putting the old rules back now`;
  return new DeadlinePassedError(text, a.dir);
}

/** How long confirm and revert wait for an apply that is still writing. */
const WRITE_WAIT_MS = 180_000;

export type ConfirmResult =
  | { readonly kind: 'confirmed'; readonly entry: CommitEntry }
  /** The deadline (or a revert) won the race: the old rules are back or coming back. */
  | { readonly kind: 'too-late'; readonly entry: CommitEntry }
  /** Nothing pending (none named): the last commit was kept before this call, by an earlier confirm. */
  | { readonly kind: 'already-kept'; readonly entry: CommitEntry }
  | { readonly kind: 'nothing-pending' };

/** Keeps the pending commit (the given one, or the one that is pending). */
export async function confirmCommit(root: string, id?: string): Promise<ConfirmResult> {
  const all = await listCommits(root);
  const entry = id ? all.find((c) => c.record.id === id) : (all.find((c) => c.state === 'pending') ?? all[0]);
  if (!entry) return { kind: 'nothing-pending' };
  if (entry.state === 'aborted') return { kind: 'nothing-pending' };
  // A second `fwtui confirm`: nothing is pending; it must not claim to keep what was kept already.
  if (!id && entry.state === 'confirmed') return { kind: 'already-kept', entry };
  // An apply still writing holds the token: wait for it rather than call the commit lost.
  await waitWhileWriting(entry.dir, WRITE_WAIT_MS);
  if (await claim(entry.dir, 'pending', 'confirmed'))
    return { kind: 'confirmed', entry: { ...entry, state: 'confirmed', token: 'confirmed' } };
  const now = readCommit(entry.dir) ?? entry;
  return now.state === 'confirmed' ? { kind: 'confirmed', entry: now } : { kind: 'too-late', entry: now };
}

/** `fwtui revert` and R: reverts the pending commit now. */
export async function revertNow(root: string, deps: RevertDeps, by: string, id?: string): Promise<RevertResult> {
  let all = await listCommits(root);
  let entry = all.find((c) => (id ? c.record.id === id : isOpen(c)));
  if (entry?.state === 'writing') {
    await waitWhileWriting(entry.dir, WRITE_WAIT_MS);
    all = await listCommits(root);
    entry = all.find((c) => c.dir === entry!.dir);
  }
  if (!entry || !isOpen(entry)) return { kind: 'nothing-pending', entry: entry ?? null, messages: [] };
  if (entry.state === 'reverting' && reverterAlive(entry))
    return { kind: 'lost', entry, messages: ['another process is reverting it right now'] };
  return claimAndRevert(entry, fileTarget(deps), by, deps.now);
}

/** What revert, status and the view need: they find a commit in the state of `netns`, checked by its seal file. */
export type RevertDeps = Pick<SafetyNetDeps, 'makeIptables' | 'now' | 'netns'>;

const fileTarget = (deps: RevertDeps): RevertTarget => ({ at: deps.netns ?? null, makeIptables: deps.makeIptables });

const reverterAlive = (entry: CommitEntry): boolean => {
  const pid = Number(entry.token.split('.')[1]);
  return processAlive(pid, '');
};

export type StatusReport =
  | { readonly kind: 'none'; readonly last: CommitEntry | null }
  /** Pending with its guard alive: confirm or revert. */
  | { readonly kind: 'pending'; readonly entry: CommitEntry }
  /** Being applied or reverted by a live process right now. */
  | { readonly kind: 'busy'; readonly entry: CommitEntry }
  /** The guard was gone (or a revert was interrupted): fwtui just reverted it. */
  | { readonly kind: 'recovered'; readonly result: RevertResult }
  /** The commit does not match its seal: nothing was loaded, its unconfirmed rules are still there. */
  | { readonly kind: 'refused'; readonly entry: CommitEntry; readonly problems: readonly string[] }
  | { readonly kind: 'revert-failed'; readonly entry: CommitEntry; readonly messages: readonly string[] };

/**
 * What `fwtui status` and the view's start do: find an open commit and make
 * it safe. Guard alive: report it. Guard gone: revert at once. Revert
 * interrupted: finish it.
 */
export async function checkPending(root: string, deps: RevertDeps, lockHeld: () => boolean): Promise<StatusReport> {
  const all = await listCommits(root);
  const entry = all.find(isOpen);
  if (!entry) return { kind: 'none', last: all[0] ?? null };
  // Checked whoever looks after it: a commit that no longer matches its seal is never loaded, and said loudly.
  try {
    openWithSealFile(entry.dir, deps.netns ?? null);
  } catch (e) {
    if (e instanceof SealError) return { kind: 'refused', entry, problems: e.problems };
    throw e;
  }
  if (entry.state === 'revert-failed') return { kind: 'revert-failed', entry, messages: handRestore(entry) };
  if (entry.state === 'pending' && (guardAlive(entry) || lockHeld())) return { kind: 'pending', entry };
  // Being written by a live apply, or left half-written by a dead one that the guard will revert.
  if (entry.state === 'writing' && (tokenHolderAlive(entry.token) || guardAlive(entry))) {
    return { kind: 'pending', entry };
  }
  if (entry.state === 'reverting' && reverterAlive(entry)) return { kind: 'busy', entry };
  const result = await claimAndRevert(entry, fileTarget(deps), 'fwtui status (the guard was gone)', deps.now);
  if (result.kind === 'lost') return { kind: 'busy', entry };
  if (result.kind === 'refused') return { kind: 'refused', entry, problems: result.messages };
  return { kind: 'recovered', result };
}
