/**
 * The record of a commit the safety net watches: who applied what, where,
 * and which chains of which tables it touched. Stored as JSON in the state
 * directory and read back by the guard and by `fwtui status`, so reading it
 * validates every field. Pure.
 */
import type { SavedTable } from './revert-plan.js';
import { isTableName, type Family } from '../model/ruleset.js';
import { setNameProblem } from '../sets/set-check.js';

/** One table's share of a commit as recorded: a SavedTable with its chains named (their rules are in the copy file). */
export type CommitTableRecord = Omit<SavedTable, 'chains'> & {
  /** Touched chains that existed before (saved in the family's copy file). */
  readonly chains: readonly string[];
};

export interface CommitRecord {
  readonly version: 1;
  /** Random hex, names the commit's directory. */
  readonly id: string;
  /** When it was applied (ms since epoch). */
  readonly createdAt: number;
  /** Seconds the admin has to confirm. */
  readonly timeoutSec: number;
  readonly netns: string | null;
  /** The iptables programs used (null: what `iptables` is). */
  readonly backend: 'nft' | 'legacy' | null;
  readonly tables: readonly CommitTableRecord[];
  /** The change in plain words, for status and a second fwtui. */
  readonly summary: readonly string[];
  /** Who applied it: user, terminal, SSH client, process. */
  readonly by: {
    readonly user: string;
    readonly tty: string | null;
    readonly ssh: string | null;
    readonly pid: number;
  };
  /**
   * The IP sets the commit changes: their names, and the sha256 (hex) of before-sets.ipset, the `ipset save`
   * text of those that existed before it (members included). Sealed with the record (see commit-seal.ts).
   */
  readonly sets?: { readonly names: readonly string[]; readonly digest: string };
  /** sha256 (hex) of each saved copy (before-FAMILY.rules), added when the commit is written (see commit-seal.ts). */
  readonly copies?: Readonly<Partial<Record<Family, string>>>;
}

export class RecordError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const CHAIN = /^[^\s]{1,64}$/;

export const COMMIT_ID = /^[0-9a-f]{16}$/;

function tableRecord(v: unknown): CommitTableRecord {
  if (!isObject(v)) throw new RecordError('a table entry is not an object');
  const { family, table, chains, created, renamed } = v;
  if (family !== 'ipv4' && family !== 'ipv6') throw new RecordError(`bad family ${String(family)}`);
  if (typeof table !== 'string' || !isTableName(table)) throw new RecordError(`bad table ${String(table)}`);
  if (!isStringArray(chains) || !isStringArray(created)) throw new RecordError('bad chain list');
  if (!Array.isArray(renamed) || !renamed.every((p) => isStringArray(p) && p.length === 2))
    throw new RecordError('bad rename list');
  const names = [...chains, ...created, ...(renamed as string[][]).flat()];
  if (!names.every((n) => CHAIN.test(n))) throw new RecordError('bad chain name');
  return { family, table, chains, created, renamed: renamed as [string, string][] };
}

/** Parses and checks a commit record. @throws RecordError saying what is wrong. */
export function parseCommitRecord(text: string): CommitRecord {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new RecordError('not JSON');
  }
  if (!isObject(v) || v.version !== 1) throw new RecordError('unknown record version');
  const { id, createdAt, timeoutSec, netns, backend, tables, summary, by, copies, sets } = v;
  if (typeof id !== 'string' || !COMMIT_ID.test(id)) throw new RecordError('bad id');
  if (typeof createdAt !== 'number' || typeof timeoutSec !== 'number') throw new RecordError('bad times');
  if (netns !== null && (typeof netns !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(netns)))
    throw new RecordError('bad netns');
  if (backend !== null && backend !== 'nft' && backend !== 'legacy') throw new RecordError('bad backend');
  if (!Array.isArray(tables) || !isStringArray(summary) || !isObject(by)) throw new RecordError('bad record');
  const { user, tty, ssh, pid } = by;
  if (
    typeof user !== 'string' ||
    typeof pid !== 'number' ||
    (tty !== null && typeof tty !== 'string') ||
    (ssh !== null && typeof ssh !== 'string')
  )
    throw new RecordError('bad author');
  const record: CommitRecord = {
    version: 1,
    id,
    createdAt,
    timeoutSec,
    netns,
    backend,
    tables: tables.map(tableRecord),
    summary,
    by: { user, tty, ssh, pid },
  };
  const withSets = sets === undefined ? record : { ...record, sets: setsRecord(sets) };
  return copies === undefined ? withSets : { ...withSets, copies: copyDigests(copies) };
}

function setsRecord(v: unknown): NonNullable<CommitRecord['sets']> {
  if (!isObject(v) || !isStringArray(v.names) || typeof v.digest !== 'string' || !/^[0-9a-f]{64}$/.test(v.digest))
    throw new RecordError('bad set list');
  const bad = v.names.find((n) => setNameProblem(n) !== null);
  if (bad !== undefined) throw new RecordError('bad set name');
  return { names: v.names, digest: v.digest };
}

function copyDigests(v: unknown): Partial<Record<Family, string>> {
  if (!isObject(v)) throw new RecordError('bad copy digests');
  const out: Partial<Record<Family, string>> = {};
  for (const [family, digest] of Object.entries(v)) {
    if ((family !== 'ipv4' && family !== 'ipv6') || typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) {
      throw new RecordError('bad copy digest');
    }
    out[family] = digest;
  }
  return out;
}

/** "12:03:04": the local time of day, for messages. */
export const clockTime = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

/** m:ss left until the deadline (0:00 once passed). */
export function countdown(deadline: number, now: number): string {
  const s = Math.max(0, Math.ceil((deadline - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One line on who applied a commit and when, for "a commit is pending" messages. */
export function describeCommit(r: CommitRecord): string {
  const who = [r.by.user, r.by.tty, r.by.ssh ? `from ${r.by.ssh.split(' ')[0]}` : null, `pid ${r.by.pid}`]
    .filter(Boolean)
    .join(', ');
  return `commit ${r.id} applied at ${clockTime(r.createdAt)} by ${who}${r.netns ? ` in netns ${r.netns}` : ''}`;
}
