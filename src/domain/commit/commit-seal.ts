/**
 * A commit's seal: the facts a revert acts on (which firewall: namespace and
 * backend; which files: the record and the saved copies, by their sha256),
 * in one canonical text whose sha256 the guard is started with. A guard acts
 * only when what it finds on disk gives the same seal, so a record or a copy
 * changed after arming is never loaded, wherever it points. Pure: the
 * digests are computed by the caller.
 */
import type { Family } from '../model/ruleset.js';

export type Backend = 'nft' | 'legacy';

/** The sealed facts of one commit. */
export interface SealFacts {
  readonly id: string;
  /** The namespace the commit's rules live in; null: the host. */
  readonly netns: string | null;
  /** The iptables programs (null: what `iptables` is). */
  readonly backend: Backend | null;
  /** sha256 (hex) of commit.json as written. */
  readonly record: string;
  /** sha256 (hex) of each before-FAMILY.rules copy. */
  readonly copies: Readonly<Partial<Record<Family, string>>>;
}

/** What a revert may act on, as known apart from the record (the guard's argv, or the commit's seal file). */
export interface SealAnchor {
  readonly netns: string | null;
  readonly backend: Backend | null;
  /** sha256 (hex) of the canonical seal text. */
  readonly seal: string;
  /** Where it comes from, for messages ("the guard's command line"). */
  readonly from: string;
}

export class SealTextError extends Error {}

const HEX = /^[0-9a-f]{64}$/;
const NETNS = /^[A-Za-z0-9_.-]{1,64}$/;
const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];
const HEADER = 'fwtui commit seal v1';

/** The canonical text of a seal: one fact a line, families in a fixed order. */
export function sealText(f: SealFacts): string {
  const copies = FAMILIES.filter((x) => f.copies[x] !== undefined).map((x) => `copy ${x} ${f.copies[x]}\n`);
  const facts = [HEADER, `id ${f.id}`, `netns ${f.netns ?? '-'}`, `backend ${f.backend ?? '-'}`, `record ${f.record}`];
  return `${facts.join('\n')}\n${copies.join('')}`;
}

/** Reads a seal text back. @throws SealTextError when it is not one sealText wrote */
export function parseSealText(text: string): SealFacts {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines[0] !== HEADER) throw new SealTextError('not a seal');
  const value = (i: number, key: string): string => {
    const [k, v, ...rest] = (lines[i] ?? '').split(' ');
    if (k !== key || v === undefined || rest.length > 0) throw new SealTextError(`bad ${key} line`);
    return v;
  };
  const netns = value(2, 'netns');
  const backend = value(3, 'backend');
  if (netns !== '-' && !NETNS.test(netns)) throw new SealTextError('bad netns');
  if (backend !== '-' && backend !== 'nft' && backend !== 'legacy') throw new SealTextError('bad backend');
  const copies: Partial<Record<Family, string>> = {};
  for (const line of lines.slice(5)) {
    const [k, family, digest, ...rest] = line.split(' ');
    const known = family === 'ipv4' || family === 'ipv6';
    if (k !== 'copy' || !known || digest === undefined || !HEX.test(digest) || rest.length > 0) {
      throw new SealTextError('bad copy line');
    }
    copies[family] = digest;
  }
  const facts: SealFacts = {
    id: value(1, 'id'),
    netns: netns === '-' ? null : netns,
    backend: backend === '-' ? null : backend,
    record: value(4, 'record'),
    copies,
  };
  if (!HEX.test(facts.record) || sealText(facts) !== text) throw new SealTextError('not canonical');
  return facts;
}

const place = (netns: string | null): string => (netns === null ? 'the host' : `namespace "${netns}"`);
const backendWords = (b: Backend | null): string => (b === null ? 'the default one' : `"${b}"`);

/** What the record says, against the anchor: the part of a mismatch that names the firewall. */
export interface RecordFacts {
  readonly id: string;
  readonly netns: string | null;
  readonly backend: Backend | null;
  /** The copies' digests the record holds. */
  readonly copies: Readonly<Partial<Record<Family, string>>>;
}

/**
 * Every way the facts found on disk differ from the anchor, in plain words
 * (empty: they match). `found` is what the files hash to now, `record` what
 * commit.json says, `sealed` the seal file's facts when there is one.
 */
export function sealProblems(
  anchor: SealAnchor,
  record: RecordFacts,
  found: SealFacts,
  sealed: SealFacts | null,
  seal: (text: string) => string,
): string[] {
  const out: string[] = [];
  if (record.id !== found.id) out.push(`commit.json names commit ${record.id}, not ${found.id}`);
  if (record.netns !== anchor.netns) {
    out.push(`commit.json names ${place(record.netns)}, but ${anchor.from} says ${place(anchor.netns)}`);
  }
  if (record.backend !== anchor.backend) {
    const [named, said] = [backendWords(record.backend), backendWords(anchor.backend)];
    out.push(`commit.json names backend ${named}, but ${anchor.from} says ${said}`);
  }
  for (const family of FAMILIES) {
    const now = found.copies[family];
    const kept = record.copies[family];
    if (now === undefined && kept === undefined) continue;
    if (now === undefined) out.push(`before-${family}.rules is missing`);
    else if (kept === undefined) out.push(`commit.json holds no digest of before-${family}.rules`);
    else if (now !== kept || (sealed && sealed.copies[family] !== now)) {
      out.push(`before-${family}.rules was changed after the commit was armed (its sha256 is not the one recorded)`);
    }
  }
  if (sealed && sealed.record !== found.record) out.push('commit.json was changed after the commit was armed');
  const expected = { ...found, netns: anchor.netns, backend: anchor.backend };
  if (out.length === 0 && seal(sealText(expected)) !== anchor.seal) {
    out.push(`the commit's files do not match the seal ${anchor.from} carries`);
  }
  return out;
}
