/**
 * The safety net's state on disk: a root-only directory under /run (tmpfs,
 * gone after a reboot together with the kernel rules), one subdirectory per
 * commit. A commit's state is one token file that only ever moves by
 * rename(): `pending` -> `confirmed` or `reverting.PID` -> `reverted` or
 * `revert-failed`; an apply holds it as `writing.PID` while it writes
 * (commit-token.ts). rename() is atomic, so when a confirm and the deadline
 * race, exactly one of them moves `pending` and the other finds it gone.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, lstatSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diskFullWords, freeBytes, isDiskFull, releaseReserve, roomNeeded, writeReserve } from './disk-space.js';
import { COMMIT_ID, parseCommitRecord, type CommitRecord } from '../../domain/commit/pending-commit.js';
import type { Family } from '../../domain/model/ruleset.js';
import { readRegularFileSync, UnsafeFileError } from '../../persist/safe-read.js';
import { assertTrustedSoFar, ensureTrustedDir, UntrustedPathError } from './trusted-path.js';
import { SEAL_FILE, sealCommit } from './seal-make.js';
import type { GuardRole } from '../../domain/commit/guard-argv.js';

/** The state directory cannot be used: not creatable, not a directory, or not root's alone. */
export class StateDirError extends Error {}

export type CommitState = 'pending' | 'writing' | 'confirmed' | 'reverting' | 'reverted' | 'revert-failed' | 'aborted';

/** A commit found in the state directory. */
export interface CommitEntry {
  readonly dir: string;
  readonly record: CommitRecord;
  readonly state: CommitState;
  /** The token's current file name (`reverting.PID` and `writing.PID` carry the process's pid). */
  readonly token: string;
  /** When the guard reverts (ms since epoch). */
  readonly deadline: number;
}

/**
 * Where the state of the firewall in `netns` (or the host's) lives. FWTUI_STATE_DIR moves the base (tests, odd hosts).
 */
export function stateRoot(netns: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.FWTUI_STATE_DIR || '/run/fwtui';
  return netns === undefined ? base : join(base, 'netns', netns);
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/**
 * Creates `dir` (and parents) 0700, one directory at a time and never through
 * a symlink, and makes sure every directory from `/` down is one only root
 * (or we) can change: a local user who could rename or replace any of them
 * could silence the guard or choose what it loads.
 */
export async function ensureStateDir(dir: string): Promise<void> {
  try {
    ensureTrustedDir(dir);
  } catch (e) {
    if (e instanceof UntrustedPathError) throw new StateDirError(`refusing the state directory ${dir}: ${e.message}`);
    const code = errno(e);
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a file is in the way'
        : code === 'EROFS'
          ? 'the filesystem is read-only'
          : (e as Error).message;
    throw new StateDirError(`cannot create the state directory ${dir}: ${why}`);
  }
  const st = await lstat(dir);
  if ((st.mode & 0o077) !== 0) await chmod(dir, 0o700);
  // A write test: tmpfs full, read-only /run.
  const probe = join(dir, `.probe-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx', mode: 0o600 });
    await rm(probe);
  } catch (e) {
    const why =
      errno(e) === 'EROFS' ? 'the filesystem is read-only' : isDiskFull(e) ? diskFullWords(dir) : (e as Error).message;
    throw new StateDirError(`cannot write to the state directory ${dir}: ${why}`);
  }
}

/**
 * Refuses a state directory that is not root's alone (see ensureStateDir),
 * checking as far down as it exists.
 * @throws StateDirError
 */
export function assertStateDir(dir: string): void {
  try {
    assertTrustedSoFar(dir);
  } catch (e) {
    if (errno(e) === 'ENOTDIR')
      throw new StateDirError(`cannot create the state directory ${dir}: a file is in the way`);
    throw new StateDirError(`refusing the state directory ${dir}: ${(e as Error).message}`);
  }
}

/** Size limits of the state files fwtui reads: small records, and saved copies as big as a ruleset gets. */
const SMALL = 1024 * 1024;
const COPY = 2 * 1024 ** 3;

/**
 * A state file's text: a regular file owned by us, not a symlink, FIFO or
 * device (those could hang or redirect root), within `maxBytes`.
 * @throws UnsafeFileError
 */
export const readStateFile = (path: string, maxBytes = SMALL): string =>
  readRegularFileSync(path, { noFollow: true, uid: process.geteuid?.() ?? 0, maxBytes });

/** A saved copy of the rules before a commit (see copyPath). @throws UnsafeFileError */
export const readCopy = (path: string): string => readStateFile(path, COPY);

/** Writes a new file (never follows or replaces an existing one), 0600. */
async function writeNew(path: string, text: string): Promise<void> {
  const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replaces a small file atomically (temp file + rename). */
export async function replaceFile(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}`;
  await writeNew(temp, text);
  await rename(temp, path);
}

const TOKENS: readonly CommitState[] = ['pending', 'confirmed', 'reverted', 'revert-failed', 'aborted'];

/**
 * The commit's state token, or null while it is being created. One directory
 * read, so a rename happening meanwhile is seen before or after, never as
 * "no token". Synchronous: the guard asks ten times a second.
 */
export function tokenOf(dir: string): { state: CommitState; token: string } | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  for (const state of TOKENS) if (names.includes(state)) return { state, token: state };
  const reverting = names.find((n) => /^reverting\.\d+$/.test(n));
  if (reverting) return { state: 'reverting', token: reverting };
  const writing = names.find((n) => /^writing\.\d+$/.test(n));
  return writing ? { state: 'writing', token: writing } : null;
}

/** Reads one commit directory; null when it is not (yet) a complete commit. */
export function readCommit(dir: string): CommitEntry | null {
  const token = tokenOf(dir);
  if (!token) return null;
  try {
    const record = parseCommitRecord(readStateFile(join(dir, 'commit.json')));
    return { dir, record, ...token, deadline: deadlineOrEarliest(dir, record) };
  } catch {
    return null;
  }
}

/**
 * The deadline, or when its file is damaged the earliest it could have been
 * (applied + timeout): a commit must never look less urgent than it is.
 */
function deadlineOrEarliest(dir: string, record: CommitRecord): number {
  try {
    return readDeadline(dir);
  } catch {
    return record.createdAt + record.timeoutSec * 1000;
  }
}

/** The commit's deadline. @throws StateDirError when it is missing, not a plain file of ours, or not a number */
export function readDeadline(dir: string): number {
  let text: string;
  try {
    text = readStateFile(join(dir, 'deadline'), 64);
  } catch (e) {
    throw new StateDirError(e instanceof UnsafeFileError ? e.message : `cannot read the deadline in ${dir}`);
  }
  const n = Number(text.trim());
  if (!Number.isFinite(n)) throw new StateDirError(`bad deadline in ${dir}`);
  return n;
}

/** Every commit in the state directory, newest first. */
export async function listCommits(root: string): Promise<CommitEntry[]> {
  assertStateDir(root);
  const names = await readdir(root).catch(() => [] as string[]);
  return names
    .filter((n) => COMMIT_ID.test(n) && ownDirectory(join(root, n)))
    .map((n) => readCommit(join(root, n)))
    .filter((c): c is CommitEntry => c !== null)
    .sort((a, b) => b.record.createdAt - a.record.createdAt);
}

/** A real directory (not a symlink) of ours that nobody else may write to. */
function ownDirectory(path: string): boolean {
  try {
    const st = lstatSync(path);
    return st.isDirectory() && st.uid === (process.geteuid?.() ?? 0) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** A commit that is not finished: pending, being written or reverted, or whose revert failed. */
export const isOpen = (c: CommitEntry): boolean =>
  c.state === 'pending' || c.state === 'writing' || c.state === 'reverting' || c.state === 'revert-failed';

export const copyPath = (dir: string, family: Family): string => join(dir, `before-${family}.rules`);

/** The saved copy of the sets a commit changes, as they were before it (`ipset save` text). */
export const setsCopyPath = (dir: string): string => join(dir, 'before-sets.ipset');

/** The saved sets under temporary names, for a restore by hand (see app/safety/hand-restore.ts). */
export const handSetsPath = (dir: string): string => join(dir, 'hand-sets.ipset');

/**
 * Creates a commit directory: record, saved copies, their seal, deadline, the guard's
 * reserve, then the `pending` token last (a commit without a token is not
 * one yet). Checks the free space first; on any failure the directory is
 * removed again, so a full disk never leaves a half-made commit behind.
 * @throws StateDirError, in plain words for a full disk
 */
export async function createCommit(
  root: string,
  record: CommitRecord,
  copies: ReadonlyMap<Family, string>,
  deadline: number,
  setsCopy: string | null = null,
  handSets: string | null = null,
): Promise<string> {
  // Sealed: the record holds the copies' digests, the seal file the record's too (see seal-make.ts).
  const { recordText, sealText } = sealCommit(record, copies);
  const texts = [...copies.values(), ...[setsCopy, handSets].filter((t) => t !== null)];
  const sizes = [recordText.length, sealText.length, ...texts.map((t) => Buffer.byteLength(t))];
  const need = roomNeeded(sizes);
  const free = await freeBytes(root);
  if (free !== null && free < need) {
    throw new StateDirError(`${diskFullWords(root)} (${free} bytes free, a commit needs ${need}): nothing was applied`);
  }
  const dir = join(root, record.id);
  await mkdir(dir, { mode: 0o700 });
  try {
    await writeNew(join(dir, 'commit.json'), recordText);
    for (const [family, text] of copies) await writeNew(copyPath(dir, family), text);
    if (setsCopy !== null) await writeNew(setsCopyPath(dir), setsCopy);
    if (handSets !== null) await writeNew(handSetsPath(dir), handSets);
    await writeNew(join(dir, SEAL_FILE), sealText);
    await writeNew(join(dir, 'deadline'), `${deadline}\n`);
    await writeReserve(dir);
    // Written last and empty: a token that exists is whole (a full disk cannot cut it short).
    await writeNew(join(dir, 'pending'), '');
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    if (isDiskFull(e)) throw new StateDirError(`${diskFullWords(root)}: nothing was applied`);
    throw new StateDirError(`cannot write the commit's state in ${root}: ${(e as Error).message}; nothing was applied`);
  }
  return dir;
}

export const setDeadline = (dir: string, deadline: number): Promise<void> =>
  replaceFile(join(dir, 'deadline'), `${deadline}\n`);

/**
 * Moves the state token: the one atomic step that decides a race.
 * @returns false when `from` is gone (somebody else moved it first).
 */
export async function claim(dir: string, from: string, to: string): Promise<boolean> {
  try {
    await rename(join(dir, from), join(dir, to));
    return true;
  } catch (e) {
    if (errno(e) === 'ENOENT') return false;
    throw e;
  }
}

export interface RevertOutcome {
  readonly at: number;
  readonly by: string;
  readonly ok: boolean;
  /** What was restored, notes (dropped counters), and for a failure what went wrong. */
  readonly messages: readonly string[];
}

/** Writes how a revert ended, after freeing the commit's reserve so that a full disk leaves room for it. */
export async function writeOutcome(dir: string, outcome: RevertOutcome): Promise<void> {
  await releaseReserve(dir);
  await replaceFile(join(dir, 'outcome.json'), `${JSON.stringify(outcome, null, 2)}\n`);
}

export async function readOutcome(dir: string): Promise<RevertOutcome | null> {
  try {
    const v = JSON.parse(readStateFile(join(dir, 'outcome.json'))) as RevertOutcome;
    return typeof v.ok === 'boolean' && Array.isArray(v.messages) ? v : null;
  } catch {
    return null;
  }
}

/** Name of the file where a guard records what went wrong (see recordAnomaly). */
export const ANOMALY_FILE = 'anomaly';

/**
 * Appends a line to the commit's anomaly file (never through a symlink);
 * best effort: the guard also logs it, and a full disk must not stop it.
 */
export function recordAnomaly(dir: string, line: string): void {
  try {
    const fd = openSync(
      join(dir, ANOMALY_FILE),
      constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      writeSync(fd, `${new Date().toISOString()} ${line}\n`);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The log and the system log still carry it.
  }
}

/** What a guard recorded as going wrong with this commit ('' when nothing). */
export function readAnomalies(dir: string): string {
  try {
    return readStateFile(join(dir, ANOMALY_FILE), 64 * 1024);
  } catch {
    return '';
  }
}

/**
 * The two processes that guard a commit and watch each other: each restarts
 * the other when it dies, either one reverts at the deadline. Each has a
 * pidfile: `guard.pid`, `watcher.pid`.
 */
export type { GuardRole };

/** Writes a guard's pidfile; on a disk that filled up since the apply checked, the reserve makes room. */
export async function writeGuardPid(dir: string, pid: number, role: GuardRole = 'guard'): Promise<void> {
  try {
    await replaceFile(join(dir, `${role}.pid`), `${pid}\n`);
  } catch (e) {
    if (!isDiskFull(e)) throw e;
    await releaseReserve(dir);
    await replaceFile(join(dir, `${role}.pid`), `${pid}\n`);
  }
}

export function readGuardPid(dir: string, role: GuardRole = 'guard'): number | null {
  try {
    const n = Number(readStateFile(join(dir, `${role}.pid`), 64).trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * Whether `pid` is a live process whose command line mentions `mark` (a
 * recycled pid, or a zombie, has another or an empty command line).
 */
export function processAlive(pid: number, mark: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) [ZX] /.test(stat)) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mark);
  } catch {
    return false;
  }
}

/** The guard of a commit (or its watcher, which reverts in its place) is running. */
export function guardAlive(
  entry: { readonly dir: string; readonly record: { readonly id: string } },
  role?: GuardRole,
): boolean {
  return (role ? [role] : (['guard', 'watcher'] as const)).some((r) => {
    const pid = readGuardPid(entry.dir, r);
    return pid !== null && processAlive(pid, entry.record.id);
  });
}

/** Whether a live fwtui holds the apply lock (it may be arming a guard right now). */
export function applyLockHeld(root: string): boolean {
  try {
    const holder = Number(readStateFile(join(root, 'apply.lock', 'pid'), 64).trim());
    return holder > 0 && processAlive(holder, '');
  } catch {
    return existsSync(join(root, 'apply.lock'));
  }
}

/**
 * Runs `fn` holding the state directory's apply lock (a directory made with
 * mkdir, atomic), so two fwtui cannot both find "nothing pending" and apply.
 * A lock left by a dead process is taken over.
 */
export async function withApplyLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(root, 'apply.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(lock, { mode: 0o700 });
      try {
        await writeNew(join(lock, 'pid'), `${process.pid}\n`);
      } catch (e) {
        // A lock without its holder's pid would stand in the way of the next apply: take it away again.
        await rm(lock, { recursive: true, force: true });
        const why = isDiskFull(e) ? diskFullWords(root) : (e as Error).message;
        throw new StateDirError(`cannot take the apply lock in ${root}: ${why}`);
      }
      break;
    } catch (e) {
      if (e instanceof StateDirError) throw e;
      if (errno(e) !== 'EEXIST')
        throw new StateDirError(`cannot take the apply lock in ${root}: ${(e as Error).message}`);
      let holder = 0;
      try {
        holder = Number(readStateFile(join(lock, 'pid'), 64).trim());
      } catch {
        holder = 0;
      }
      const stale = holder > 0 ? !processAlive(holder, '') : attempt >= 10;
      if (stale) await rm(lock, { recursive: true, force: true });
      else if (attempt >= 50) throw new StateDirError(`another fwtui (pid ${holder}) is applying a commit right now`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(join(lock, 'pid'), { force: true });
    await rmdir(lock).catch(() => undefined);
  }
}

/** Keeps the newest `keep` finished commits; older ones are removed. */
export async function pruneFinished(root: string, keep = 10): Promise<void> {
  const done = (await listCommits(root)).filter((c) => !isOpen(c));
  for (const c of done.slice(keep)) await rm(c.dir, { recursive: true, force: true });
}

/** A fresh commit id: 16 random hex digits. */
export const newCommitId = (): string => randomBytes(8).toString('hex');
