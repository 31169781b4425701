/**
 * A read that fails for a passing reason (out of descriptors, an I/O error) is not tampering: it is thrown
 * as it is, so the guard's revert retries it, instead of a SealError that would stop the guard for good.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import { isPassingReadError, openSealed, SealError } from '../../../../src/app/state/seal-check.js';
import { sealCommit } from '../../../../src/app/state/seal-make.js';
import { createCommit, ensureStateDir } from '../../../../src/app/state/state-dir.js';

const failing: { code: string | null } = { code: null };
vi.mock('../../../../src/app/state/state-dir.js', async (original) => {
  const real = await original<typeof import('../../../../src/app/state/state-dir.js')>();
  return {
    ...real,
    readCopy: (path: string) => {
      if (failing.code === null) return real.readCopy(path);
      throw Object.assign(new Error(`${failing.code}: cannot read ${path}`), { code: failing.code });
    },
  };
});

const asRoot = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), 'fwtui-seal-io-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('passing read errors', () => {
  it('are the ones that may work when tried again', () => {
    for (const code of ['EMFILE', 'ENFILE', 'ENOMEM', 'EIO', 'EAGAIN', 'EINTR']) {
      expect(isPassingReadError(Object.assign(new Error(code), { code }))).toBe(true);
    }
    for (const e of [Object.assign(new Error('ENOENT'), { code: 'ENOENT' }), new Error('plain'), null, 'EIO']) {
      expect(isPassingReadError(e)).toBe(false);
    }
  });

  it.runIf(asRoot)('a copy that cannot be read right now: thrown as it is, not as a seal mismatch', async () => {
    const root = join(base, 'netns', 'lab');
    await ensureStateDir(root);
    const record: CommitRecord = {
      version: 1,
      id: '00000000000000aa',
      createdAt: Date.now(),
      timeoutSec: 5,
      netns: 'lab',
      backend: 'nft',
      tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
      summary: ['filter INPUT: 1 added'],
      by: { user: 'root', tty: null, ssh: null, pid: process.pid },
    };
    const copies = new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']] as const);
    const dir = await createCommit(root, record, copies, Date.now() + 60_000);
    const anchor = { ...sealCommit(record, copies).anchor, from: "the guard's command line" };
    failing.code = 'EIO';
    const io = (() => {
      try {
        openSealed(dir, anchor, 'lab');
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(io).not.toBeInstanceOf(SealError);
    expect((io as { code?: string }).code).toBe('EIO');
    failing.code = 'ELOOP';
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(SealError);
    failing.code = null;
    expect(openSealed(dir, anchor, 'lab').record.id).toBe(record.id);
  });
});
