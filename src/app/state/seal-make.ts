/**
 * Sealing a commit as it is written (see domain/commit-seal.ts): the record
 * gets the sha256 of each saved copy, the seal text gets the record's own
 * sha256 as well, and the anchor (namespace, backend, sha256 of the seal
 * text) is what the guard is started with.
 */
import { createHash } from 'node:crypto';
import { sealText, type SealAnchor } from '../../domain/commit/commit-seal.js';
import type { CommitRecord } from '../../domain/commit/pending-commit.js';
import type { Family } from '../../domain/model/ruleset.js';

/** sha256 of a text or bytes, in hex. */
export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The name of the seal file next to commit.json. */
export const SEAL_FILE = 'seal';

export interface SealedWrite {
  /** The record with its copies' digests. */
  readonly record: CommitRecord;
  /** commit.json's text. */
  readonly recordText: string;
  /** The seal file's text. */
  readonly sealText: string;
  /** What the guard is started with. */
  readonly anchor: SealAnchor;
}

/**
 * The sealed form of a commit about to be written: the same inputs always give the same texts,
 * so the apply that writes the files and the one that starts the guard agree.
 */
export function sealCommit(record: CommitRecord, copies: ReadonlyMap<Family, string>): SealedWrite {
  const digests: Partial<Record<Family, string>> = {};
  for (const [family, text] of copies) digests[family] = sha256(text);
  const sealed: CommitRecord = { ...record, copies: digests };
  const recordText = `${JSON.stringify(sealed, null, 2)}\n`;
  const { id, netns, backend } = record;
  const text = sealText({ id, netns, backend, record: sha256(recordText), copies: digests });
  return {
    record: sealed,
    recordText,
    sealText: text,
    anchor: { netns: record.netns, backend: record.backend, seal: sha256(text), from: 'the apply that armed it' },
  };
}
