import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import { commitArmed, holdForWriting, releaseHold, writingToken } from '../../../../src/app/state/commit-token.js';
import { RESERVE_BYTES, roomNeeded } from '../../../../src/app/state/disk-space.js';
import { claim, createCommit, isOpen, listCommits, readCommit } from '../../../../src/app/state/state-dir.js';

const record = (id: string): CommitRecord => ({
  version: 1,
  id,
  createdAt: Date.now(),
  timeoutSec: 5,
  netns: null,
  backend: null,
  tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
  summary: [],
  by: { user: 'root', tty: null, ssh: null, pid: 1 },
});
const COPY = new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']] as const);

describe('the commit token seen by a writer', () => {
  let dir: string;
  const guards: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwtui-token-'));
  });
  // The stand-in guards first, then their directory (the order vitest ran the two hooks this replaces).
  afterEach(async () => {
    for (const g of guards.splice(0)) g.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  /** A commit with a stand-in guard: a live process whose command line holds the commit id. */
  async function armed(id: string, deadline: number): Promise<string> {
    const cdir = await createCommit(dir, record(id), COPY, deadline);
    // `; :` keeps sh itself running (no exec of its last command), so its command line keeps the id.
    const guard = spawn('sh', ['-c', 'sleep 30; :', id], { stdio: 'ignore' });
    guards.push(guard);
    await new Promise((r) => guard.once('spawn', r));
    await writeFile(join(cdir, 'guard.pid'), `${guard.pid}\n`);
    return cdir;
  }

  it(
    'a writer and the guard race for the token: exactly one ' + 'gets it, and a writer never writes past the deadline',
    async () => {
      for (let i = 0; i < 20; i++) {
        const cdir = await armed(`${i}`.padStart(16, 'b'), Date.now() + 60_000);
        const [write, guard] = await Promise.all([
          holdForWriting(cdir, () => Date.now()),
          claim(cdir, 'pending', 'reverting.1'),
        ]);
        expect(['hold' in write, guard].filter(Boolean)).toHaveLength(1);
        if (guard) expect(write).toEqual({ why: 'settled' });
      }
      const late = await armed('cccccccccccccccc', Date.now() - 1);
      expect(await holdForWriting(late, () => Date.now())).toEqual({ why: 'deadline' });
      // Given back: the guard can claim it.
      expect(await readdir(late)).toContain('pending');
    },
  );

  it('while a writer holds it: armed for the writer only, open for everyone, and back to pending after', async () => {
    const cdir = await armed('dddddddddddddddd', Date.now() + 60_000);
    const held = await holdForWriting(cdir, () => Date.now());
    expect(held).toEqual({ hold: { dir: cdir, token: writingToken() } });
    expect(commitArmed(cdir, Date.now(), writingToken())).toBeNull();
    expect(commitArmed(cdir, Date.now())).toBe('settled');
    expect(commitArmed(cdir, Date.now() + 61_000, writingToken())).toBe('deadline');
    expect(readCommit(cdir)?.state).toBe('writing');
    expect(isOpen(readCommit(cdir)!)).toBe(true);
    expect(await releaseHold({ dir: cdir, token: writingToken() })).toBe(true);
    expect(readCommit(cdir)?.state).toBe('pending');
    // A guard that is gone: nothing may be written.
    const gone = new Promise((r) => guards[0]!.once('exit', r));
    guards[0]!.kill('SIGKILL');
    await gone;
    expect(await holdForWriting(cdir, () => Date.now())).toEqual({ why: 'no-guard' });
  });
});

describe('room for a commit', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwtui-room-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('counts whole pages plus the reserve, and a commit is made with its reserve', async () => {
    expect(roomNeeded([10, 5000])).toBe((1 + 2 + 8) * 4096 + RESERVE_BYTES);
    const cdir = await createCommit(dir, record('eeeeeeeeeeeeeeee'), COPY, Date.now() + 1000);
    expect((await readdir(cdir)).sort()).toEqual([
      'before-ipv4.rules',
      'commit.json',
      'deadline',
      'pending',
      'reserve',
      'seal',
    ]);
    expect((await listCommits(dir)).map((c) => c.state)).toEqual(['pending']);
  });
});
