/** The next fwtui command makes an unguarded commit safe, also one whose apply died half-way through its writes. */
import { renameSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Iptables } from '../../../../src/backend/iptables.js';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import { settleOrphan } from '../../../../src/app/safety/orphans.js';
import { createCommit, ensureStateDir, tokenOf } from '../../../../src/app/state/state-dir.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-orphans-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const record = (id: string): CommitRecord => ({
  version: 1,
  id,
  createdAt: Date.now(),
  timeoutSec: 5,
  netns: null,
  backend: null,
  tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
  summary: ['filter INPUT: 1 added'],
  by: { user: 'root', tty: null, ssh: null, pid: process.pid },
});

/** An Iptables that refuses everything: what matters is that the revert is attempted, not how it ends. */
const refusing = new Proxy(
  {},
  {
    get: () => async () => {
      throw new Error('no iptables in this test');
    },
  },
) as unknown as Iptables;

describe('an apply killed while writing, together with its guard and watcher', () => {
  it('is taken over by the next fwtui command (its writer is dead), not left open for good', async () => {
    const root = join(base, 'writing-dead');
    await ensureStateDir(root);
    const dir = await createCommit(
      root,
      record('00000000000000d1'),
      new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]),
      Date.now() + 60_000,
    );
    // The writer's pid: a process that no longer exists.
    renameSync(join(dir, 'pending'), join(dir, 'writing.999999999'));
    const action = await settleOrphan(
      root,
      { makeIptables: () => refusing, launchGuard: async () => {}, now: () => Date.now(), netns: undefined },
      'fwtui list',
    );
    expect(action?.kind).toBe('reverted');
    expect(tokenOf(dir)?.state).not.toBe('writing');
  });

  it('a writer that is alive is left to finish', async () => {
    const root = join(base, 'writing-alive');
    await ensureStateDir(root);
    const dir = await createCommit(
      root,
      record('00000000000000d2'),
      new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]),
      Date.now() + 60_000,
    );
    renameSync(join(dir, 'pending'), join(dir, `writing.${process.pid}`));
    const action = await settleOrphan(
      root,
      { makeIptables: () => refusing, launchGuard: async () => {}, now: () => Date.now(), netns: undefined },
      'fwtui list',
    );
    expect(action).toBeNull();
    expect(tokenOf(dir)?.state).toBe('writing');
  });
});
