/** The orphan check every command runs first never fails the command: what it found, or why it could not look. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { sweepOrphan } from '../../../../src/app/safety/orphan-sweep.js';
import { createCommit, ensureStateDir } from '../../../../src/app/state/state-dir.js';
import { FakeRunner } from '../../../../src/backend/fake-runner.js';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-sweep-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const host = { netns: undefined, backend: undefined };

describe('sweepOrphan', () => {
  it('an empty state directory: nothing to say', async () => {
    const root = join(base, 'empty');
    await ensureStateDir(root);
    vi.stubEnv('FWTUI_STATE_DIR', root);
    expect(await sweepOrphan(host, new FakeRunner(), ['fwtui'], 'fwtui list')).toEqual({ kind: 'none' });
  });

  it("an unusable state directory is the command's own business: nothing to say", async () => {
    const root = join(base, 'open-to-all');
    mkdirSync(root);
    chmodSync(root, 0o777);
    vi.stubEnv('FWTUI_STATE_DIR', root);
    expect(await sweepOrphan(host, new FakeRunner(), ['fwtui'], 'fwtui list')).toEqual({ kind: 'none' });
  });

  it('a check that fails otherwise: unchecked, saying why, never thrown', async () => {
    const root = join(base, 'guard-fails');
    await ensureStateDir(root);
    const record: CommitRecord = {
      version: 1,
      id: '00000000000000f1',
      createdAt: Date.now(),
      timeoutSec: 60,
      netns: null,
      backend: null,
      tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
      summary: ['filter INPUT: 1 added'],
      by: { user: 'root', tty: null, ssh: null, pid: process.pid },
    };
    // Pending inside its window with no guard: started again, and starting it fails (no command expected).
    await createCommit(
      root,
      record,
      new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]),
      Date.now() + 60_000,
    );
    vi.stubEnv('FWTUI_STATE_DIR', root);
    const r = await sweepOrphan(host, new FakeRunner(), ['fwtui'], 'fwtui list');
    expect(r.kind).toBe('unchecked');
    expect(r.kind === 'unchecked' && r.why).toMatch(/\S/);
  });
});
