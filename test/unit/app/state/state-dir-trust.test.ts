/**
 * A state directory nobody else can steer (issue: the safety net under a
 * hostile local user). Root keeps the guard's state on disk; these are the
 * ways a user could steer it, each refused or made loud.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Iptables } from '../../../../src/backend/iptables.js';
import { createGuardLauncher } from '../../../../src/app/safety/guard-launch.js';
import { FakeRunner } from '../../../../src/backend/fake-runner.js';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import { runGuard } from '../../../../src/app/safety/guard.js';
import { openWithSealFile } from '../../../../src/app/state/seal-check.js';
import { sealCommit } from '../../../../src/app/state/seal-make.js';
import {
  createCommit,
  ensureStateDir,
  listCommits,
  readAnomalies,
  StateDirError,
} from '../../../../src/app/state/state-dir.js';

const asRoot = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), 'fwtui-trust-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const NOBODY = 65534;

const record = (id: string): CommitRecord => ({
  version: 1,
  id,
  createdAt: Date.now(),
  timeoutSec: 1,
  netns: null,
  backend: null,
  tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
  summary: ['filter INPUT: 1 added'],
  by: { user: 'root', tty: null, ssh: null, pid: process.pid },
});
const COPY = '*filter\n:INPUT ACCEPT [0:0]\n-F INPUT\nCOMMIT\n';
/** Writes a commit as an apply does; returns its directory and what its guard is started with. */
async function armed(
  root: string,
  id: string,
): Promise<{ dir: string; anchor: ReturnType<typeof sealCommit>['anchor'] }> {
  const r = record(id);
  const copies = new Map([['ipv4', COPY]] as const);
  const dir = await createCommit(root, r, copies, Date.now() + 60_000);
  return { dir, anchor: sealCommit(r, copies).anchor };
}

/** An Iptables that fails every call: the guard's revert is not what these tests look at. */
const refusing = new Proxy(
  {},
  {
    get: () => async () => {
      throw new Error('iptables is not part of this test');
    },
  },
) as unknown as Iptables;

describe.runIf(asRoot)('the state directory', () => {
  it('under a directory another user owns: refused, nothing created there', async () => {
    const theirs = join(base, 'theirs');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, NOBODY, NOBODY);
    await expect(ensureStateDir(join(theirs, 'state'))).rejects.toThrow(
      new StateDirError(
        `refusing the state directory ${join(theirs, 'state')}: ` +
          `${theirs} belongs to uid 65534, who could steer root's state`,
      ),
    );
    expect(existsSync(join(theirs, 'state'))).toBe(false);
  });

  it('root-owned but writable by everyone (no sticky bit): refused', async () => {
    const open = join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    await expect(ensureStateDir(join(open, 'state'))).rejects.toThrow(/open is writable by every user \(mode 777\)/);
    await expect(ensureStateDir(open)).rejects.toThrow(/writable by every user/);
    await expect(listCommits(open)).rejects.toThrow(/refusing the state directory/);
  });

  it('a symlinked parent: refused, nothing created where it points', async () => {
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, join(base, 'link'));
    await expect(ensureStateDir(join(base, 'link', 'state'))).rejects.toThrow(
      /link is a symbolic link: give fwtui the real path/,
    );
    expect(existsSync(join(elsewhere, 'state'))).toBe(false);
  });

  it('a sticky /tmp-like parent is fine when our directory below it is ours alone', async () => {
    const sticky = join(base, 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    await ensureStateDir(join(sticky, 'state', 'netns', 'x'));
    expect(existsSync(join(sticky, 'state', 'netns', 'x'))).toBe(true);
  });
});

describe.runIf(asRoot)('the guard and the files it reads', () => {
  const root = join(base, 'root');

  it('a FIFO as the deadline does not hang the guard: it reverts now and records why', async () => {
    await ensureStateDir(root);
    const { dir, anchor } = await armed(root, '00000000000000a1');
    unlinkSync(join(dir, 'deadline'));
    execFileSync('mkfifo', [join(dir, 'deadline')]);
    const logs: string[] = [];
    const alarms: string[] = [];
    const started = Date.now();
    const code = await runGuard(dir, {
      base: root,
      anchor,
      makeIptables: () => refusing,
      log: (l) => logs.push(l),
      alarm: (l) => alarms.push(l),
      now: () => Date.now(),
      tickMs: 10,
      retryMs: 0,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1); // the revert itself fails here (no iptables): said, not hidden
    expect(logs.join('\n')).toMatch(/ANOMALY: cannot read .*deadline: not a regular file \(a FIFO\).*: reverting now/);
    // One alarm for the anomaly; the failed revert raises its own.
    expect(alarms.filter((a) => /not a regular file/.test(a))).toHaveLength(1);
    expect(readAnomalies(dir)).toMatch(/not a regular file \(a FIFO\)/);
    // status does not hang on it either, and still sees the commit
    expect((await listCommits(root)).map((c) => c.record.id)).toContain('00000000000000a1');
  }, 20_000);

  it('a damaged record: the guard does not exit silently', async () => {
    const { dir, anchor } = await armed(root, '00000000000000a2');
    writeFileSync(join(dir, 'commit.json.new'), '{broken');
    unlinkSync(join(dir, 'commit.json'));
    symlinkSync(join(dir, 'commit.json.new'), join(dir, 'commit.json'));
    const logs: string[] = [];
    const alarms: string[] = [];
    const code = await runGuard(dir, {
      base: root,
      anchor,
      makeIptables: () => refusing,
      log: (l) => logs.push(l),
      alarm: (l) => alarms.push(l),
      now: () => Date.now(),
    });
    expect(code).toBe(2);
    expect(logs.join('\n')).toMatch(/ANOMALY: the commit's record, deadline or token cannot be read/);
    expect(alarms[0]).toMatch(/^commit 00000000000000a2: /);
    expect(readAnomalies(dir)).toMatch(/cannot be read/);
  });

  it('a saved copy that is a symlink to a root-only file is never read (nor shown)', async () => {
    const secret = join(base, 'secret');
    writeFileSync(secret, 'root:$6$secret-hash:19000:0:99999:7:::\n', { mode: 0o600 });
    const dir = await createCommit(root, record('00000000000000a3'), new Map([['ipv4', COPY]]), Date.now() + 60_000);
    unlinkSync(join(dir, 'before-ipv4.rules'));
    symlinkSync(secret, join(dir, 'before-ipv4.rules'));
    const read = (): unknown => openWithSealFile(dir, null);
    expect(read).toThrow(/before-ipv4\.rules cannot be read \(.*symbolic link, which fwtui does not follow here/);
    expect(read).not.toThrow(/secret-hash/);
  });

  it('a saved copy owned by another user is not trusted', async () => {
    const dir = await createCommit(root, record('00000000000000a4'), new Map([['ipv4', COPY]]), Date.now() + 60_000);
    chownSync(join(dir, 'before-ipv4.rules'), NOBODY, NOBODY);
    expect(() => openWithSealFile(dir, null)).toThrow(/belongs to uid 65534, not 0: refusing to trust it/);
  });

  it('a planted guard.log symlink: the guard is not started and the target is untouched', async () => {
    const { dir, anchor } = await armed(root, '00000000000000a5');
    const target = join(base, 'target');
    writeFileSync(target, 'original\n');
    symlinkSync(target, join(dir, 'guard.log'));
    const launch = createGuardLauncher({
      runner: new FakeRunner(),
      command: ['/bin/true'],
      systemd: false,
      waitMs: 200,
    });
    await expect(launch(dir, '00000000000000a5', anchor)).rejects.toThrow(/ELOOP/);
    expect(readFileSync(target, 'utf8')).toBe('original\n');
  });
});
