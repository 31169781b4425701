/**
 * The sets' saved copy is sealed with the commit: its sha256 is in the record, the record's in the seal. A copy
 * changed after arming is never loaded by a revert; one as written is.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSavedSets } from '../../../../src/app/safety/revert-sets.js';
import { openSealed, SealError } from '../../../../src/app/state/seal-check.js';
import { sealCommit, sha256 } from '../../../../src/app/state/seal-make.js';
import { createCommit, ensureStateDir, setsCopyPath } from '../../../../src/app/state/state-dir.js';
import { parseCommitRecord, RecordError, type CommitRecord } from '../../../../src/domain/commit/pending-commit.js';

const asRoot = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), 'fwtui-seal-sets-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const SETS = 'create bl hash:net family inet\nadd bl 192.0.2.0/24\n';
const record = (id: string): CommitRecord => ({
  version: 1,
  id,
  createdAt: Date.now(),
  timeoutSec: 5,
  netns: 'lab',
  backend: 'nft',
  tables: [],
  summary: ['set bl: 1 added', 'set nw: created (hash:ip, 1 members)'],
  by: { user: 'root', tty: null, ssh: null, pid: process.pid },
  sets: { names: ['bl', 'nw'], digest: sha256(SETS) },
});

describe('sealed sets copy', () => {
  it('the record checks its set names and digest', () => {
    const text = (sets: unknown) => JSON.stringify({ ...record('00000000000000bb'), sets });
    expect(parseCommitRecord(text({ names: ['bl'], digest: sha256(SETS) })).sets?.names).toEqual(['bl']);
    expect(() => parseCommitRecord(text({ names: ['a b'], digest: sha256(SETS) }))).toThrow(RecordError);
    expect(() => parseCommitRecord(text({ names: ['bl'], digest: 'x' }))).toThrow(RecordError);
  });

  it.runIf(asRoot)('loaded as written: the sets the commit changed, null for the ones it created', async () => {
    const root = join(base, 'netns', 'lab');
    await ensureStateDir(root);
    const r = record('00000000000000cc');
    const dir = await createCommit(root, r, new Map(), Date.now() + 60_000, SETS);
    const anchor = { ...sealCommit(r, new Map()).anchor, from: "the guard's command line" };
    const saved = loadSavedSets(openSealed(dir, anchor, 'lab'))!;
    expect(saved.get('bl')?.members.map((m) => m.elem)).toEqual(['192.0.2.0/24']);
    expect(saved.get('nw')).toBeNull();
    // Changed after arming: refused, nothing of it loaded.
    appendFileSync(setsCopyPath(dir), 'add bl 0.0.0.0/1\n');
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(SealError);
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(/before-sets.ipset was changed after the commit was armed/);
  });
});
