/**
 * Opening a commit for a revert: the record and the saved copies are read
 * once, hashed, and checked against an anchor that does not come from the
 * record (the guard's argv; for commands started without one, the commit's
 * seal file and the state directory the command was pointed at). Only what
 * passed the check is handed to the revert, so nothing read later can slip
 * in. On a mismatch nothing is loaded and the problems are said in words.
 */
import { basename, join } from 'node:path';
import { parseSealText, sealProblems, type SealAnchor, type SealFacts } from '../../domain/commit/commit-seal.js';
import { parseCommitRecord, type CommitRecord } from '../../domain/commit/pending-commit.js';
import type { Family } from '../../domain/model/ruleset.js';
import { SEAL_FILE, sha256 } from './seal-make.js';
import { copyPath, readCopy, readStateFile, setsCopyPath } from './state-dir.js';

/** The commit does not match its anchor (or cannot be read): nothing of it may be loaded. */
export class SealError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** A commit as checked against its anchor: what a revert acts on. */
export interface SealedCommit {
  readonly dir: string;
  readonly record: CommitRecord;
  /** The saved copies' texts, exactly as hashed. */
  readonly copies: ReadonlyMap<Family, string>;
  /** The sets' saved copy (before-sets.ipset), checked against the record's digest; null when none were changed. */
  readonly setsCopy: string | null;
  /** The namespace and backend to revert in (the anchor's). */
  readonly anchor: SealAnchor;
}

/** Where an anchor read from the seal file comes from, in messages. */
export const FROM_SEAL_FILE = "the commit's seal file";

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** errno codes of a read that may work when tried again: a passing trouble, not a sign of tampering. */
const PASSING = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'EIO', 'EAGAIN', 'EINTR', 'EBUSY']);

/**
 * Whether a failed read may work when tried again (out of descriptors or memory, an I/O error). Such an
 * error is thrown as it is, never as a SealError: the guard's revert retries it like any failed revert.
 */
export const isPassingReadError = (e: unknown): boolean =>
  PASSING.has((e as { code?: unknown } | null)?.code as string);
const place = (netns: string | null): string => (netns === null ? 'the host' : `namespace "${netns}"`);

function readSeal(dir: string): { text: string; facts: SealFacts } | { error: string; missing: boolean } {
  try {
    const text = readStateFile(join(dir, SEAL_FILE), 64 * 1024);
    return { text, facts: parseSealText(text) };
  } catch (e) {
    if (isPassingReadError(e)) throw e;
    return { error: reason(e), missing: (e as { code?: unknown }).code === 'ENOENT' };
  }
}

/**
 * The anchor of a command started without the guard's argv: the commit's
 * seal file, whose namespace must be the one whose state directory the
 * command was pointed at (`--netns`, an anchor of its own). Why a file is
 * enough here: every directory down to it is checked root's alone
 * (trusted-path.ts), and the seal binds the record's and the copies'
 * digests, so a change to one file (a bug, a mistaken edit, a stale copy)
 * is caught; a root who rewrites all of them consistently could as well run
 * iptables himself. These commands run in front of an admin; the guard,
 * which acts alone, trusts only its argv.
 * @param at the namespace of the state directory the commit was found in (null: the host's)
 * @throws SealError
 */
export function sealFileAnchor(dir: string, at: string | null): SealAnchor {
  const seal = readSeal(dir);
  if ('error' in seal && seal.missing && unsealedRecord(dir)) {
    throw new SealError([
      'it was armed by an fwtui without seals (an older version), so this one does not load its copies: ' +
        `compare the running rules with the before-*.rules files in ${dir} and restore them by hand if needed`,
    ]);
  }
  if ('error' in seal) throw new SealError([`the commit's seal file cannot be read (${seal.error})`]);
  if (seal.facts.netns !== at) {
    const named = place(seal.facts.netns);
    throw new SealError([`the commit lies in the state of ${place(at)}, but its seal names ${named}`]);
  }
  return { netns: seal.facts.netns, backend: seal.facts.backend, seal: sha256(seal.text), from: FROM_SEAL_FILE };
}

/** Whether the record predates seals (it holds no digests of its copies). */
function unsealedRecord(dir: string): boolean {
  try {
    return parseCommitRecord(readStateFile(join(dir, 'commit.json'))).copies === undefined;
  } catch {
    return false;
  }
}

/**
 * Reads the commit in `dir` and checks it against `anchor`.
 * @param at the namespace the commit's directory lies under, when the caller knows it apart from the anchor
 * @throws SealError saying every mismatch found
 */
export function openSealed(dir: string, anchor: SealAnchor, at?: string | null): SealedCommit {
  if (at !== undefined && at !== anchor.netns) {
    const said = place(anchor.netns);
    throw new SealError([`the commit lies in the state of ${place(at)}, but ${anchor.from} says ${said}`]);
  }
  let recordText: string;
  let record: CommitRecord;
  try {
    recordText = readStateFile(join(dir, 'commit.json'));
    record = parseCommitRecord(recordText);
  } catch (e) {
    if (isPassingReadError(e)) throw e;
    throw new SealError([`commit.json cannot be read (${reason(e)})`]);
  }
  const copies = new Map<Family, string>();
  const digests: Partial<Record<Family, string>> = {};
  const unreadable: string[] = [];
  for (const family of new Set(record.tables.map((t) => t.family))) {
    try {
      const text = readCopy(copyPath(dir, family));
      copies.set(family, text);
      digests[family] = sha256(text);
    } catch (e) {
      if (isPassingReadError(e)) throw e;
      unreadable.push(`before-${family}.rules cannot be read (${reason(e)})`);
    }
  }
  let setsCopy: string | null = null;
  if (record.sets) {
    try {
      setsCopy = readCopy(setsCopyPath(dir));
      if (sha256(setsCopy) !== record.sets.digest)
        unreadable.push(
          'before-sets.ipset was changed after the commit was armed (its sha256 is not the one recorded)',
        );
    } catch (e) {
      if (isPassingReadError(e)) throw e;
      unreadable.push(`before-sets.ipset cannot be read (${reason(e)})`);
    }
  }
  if (unreadable.length > 0) throw new SealError(unreadable);
  const found: SealFacts = {
    id: basename(dir),
    netns: anchor.netns,
    backend: anchor.backend,
    record: sha256(recordText),
    copies: digests,
  };
  const facts = { id: record.id, netns: record.netns, backend: record.backend, copies: record.copies ?? {} };
  const fileFacts = (): SealFacts | null => {
    const sealed = readSeal(dir);
    return 'facts' in sealed ? sealed.facts : null;
  };
  // The guard decides by its argv alone (a seal file that differs does not stop it); when the argv refuses,
  // the seal file may still say which file changed.
  const byArgv = anchor.from !== FROM_SEAL_FILE;
  let problems = sealProblems(anchor, facts, found, byArgv ? null : fileFacts(), sha256);
  if (byArgv && problems.length > 0) {
    const detailed = sealProblems(anchor, facts, found, fileFacts(), sha256);
    if (detailed.length > 0) problems = detailed;
  }
  if (problems.length > 0) throw new SealError(problems);
  return { dir, record, copies, setsCopy, anchor };
}

/** openSealed for a command started without the guard's argv (see sealFileAnchor). @throws SealError */
export const openWithSealFile = (dir: string, at: string | null): SealedCommit =>
  openSealed(dir, sealFileAnchor(dir, at), at);
