/** `fwtui status`'s model: what was recorded about the commit shown, the save offer, and the --json report. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  offersSave,
  readCommitStatus,
  statusJson,
  type CommitStatus,
} from '../../../../src/app/safety/commit-status.js';
import { writeTrouble } from '../../../../src/app/safety/revert-trouble.js';
import type { SafetyNetDeps, StatusReport } from '../../../../src/app/safety/safety-net.js';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import {
  claim,
  createCommit,
  ensureStateDir,
  recordAnomaly,
  type CommitEntry,
} from '../../../../src/app/state/state-dir.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-status-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const record: CommitRecord = {
  version: 1,
  id: '00000000000000b1',
  createdAt: Date.UTC(2026, 0, 1, 12, 0, 0),
  timeoutSec: 60,
  netns: null,
  backend: null,
  tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
  summary: ['filter INPUT: 1 added'],
  by: { user: 'root', tty: null, ssh: null, pid: 1 },
};
const entry = (state: CommitEntry['state']): CommitEntry => ({
  dir: '/nonexistent/commit',
  record,
  state,
  token: state,
  deadline: record.createdAt + 60_000,
});
const status = (report: StatusReport, now = record.createdAt): CommitStatus => ({
  report,
  now,
  anomaly: null,
  trouble: null,
});

describe('readCommitStatus', () => {
  it('a confirmed last commit with an anomaly recorded: no open commit, the anomaly read for it', async () => {
    const root = join(base, 'anomaly');
    await ensureStateDir(root);
    const copies = new Map([['ipv4' as const, '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]);
    const dir = await createCommit(root, record, copies, Date.now());
    await claim(dir, 'pending', 'confirmed');
    recordAnomaly(dir, 'the watcher found its seal changed');
    const deps = { root, netns: undefined, now: () => 42 } as unknown as SafetyNetDeps;
    const s = await readCommitStatus(deps);
    expect(s.report.kind).toBe('none');
    expect(s.now).toBe(42);
    expect(s.trouble).toBeNull();
    expect(s.anomaly?.id).toBe(record.id);
    expect(s.anomaly?.text).toMatch(/^\S+ the watcher found its seal changed$/);
  });

  it('a revert running now that keeps failing: busy, with the trouble the guard left', async () => {
    const root = join(base, 'busy');
    await ensureStateDir(root);
    const copies = new Map([['ipv4' as const, '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]);
    const dir = await createCommit(root, record, copies, Date.now());
    // This process holds the revert: a live reverter, so status reports it rather than taking it over.
    await claim(dir, 'pending', `reverting.${process.pid}`);
    const trouble = { since: 1, attempt: 3, nextAt: 5, until: 9, failures: ['xtables lock held'] };
    await writeTrouble(dir, trouble);
    const s = await readCommitStatus({ root, netns: undefined, now: () => 7 } as unknown as SafetyNetDeps);
    expect(s.report.kind).toBe('busy');
    expect(s.trouble).toEqual(trouble);
    expect(s.anomaly).toBeNull();
  });

  it('nothing recorded: no anomaly', async () => {
    const root = join(base, 'quiet');
    await ensureStateDir(root);
    const s = await readCommitStatus({ root, netns: undefined, now: () => 1 } as unknown as SafetyNetDeps);
    expect(s).toEqual({ report: { kind: 'none', last: null }, now: 1, anomaly: null, trouble: null });
  });
});

describe('offersSave', () => {
  it('only after a confirmed commit, and only when the running rules differ from the boot files', async () => {
    expect(await offersSave({ kind: 'none', last: entry('confirmed') }, async () => true)).toBe(true);
    expect(await offersSave({ kind: 'none', last: entry('confirmed') }, async () => false)).toBe(false);
    const unsaved = vi.fn(async () => true);
    expect(await offersSave({ kind: 'none', last: entry('reverted') }, unsaved)).toBe(false);
    expect(await offersSave({ kind: 'none', last: null }, unsaved)).toBe(false);
    expect(await offersSave({ kind: 'pending', entry: entry('pending') }, unsaved)).toBe(false);
    expect(unsaved).not.toHaveBeenCalled();
  });

  it('a comparison that fails offers nothing', async () => {
    const failing = async (): Promise<boolean> => {
      throw new Error('iptables-save failed');
    };
    expect(await offersSave({ kind: 'none', last: entry('confirmed') }, failing)).toBe(false);
  });
});

describe('statusJson', () => {
  it('a pending commit: its seconds left rounded up, never below zero', () => {
    const pending = { kind: 'pending', entry: entry('pending') } as const;
    expect(statusJson(status(pending, record.createdAt + 58_500))).toEqual({
      state: 'pending',
      commit: {
        id: record.id,
        state: 'pending',
        appliedAt: '2026-01-01T12:00:00.000Z',
        deadline: '2026-01-01T12:01:00.000Z',
        secondsLeft: 2,
        by: record.by,
        netns: null,
        backend: null,
        summary: record.summary,
        dir: '/nonexistent/commit',
      },
      messages: [],
    });
    expect(statusJson(status(pending, record.createdAt + 61_000))).toMatchObject({ commit: { secondsLeft: 0 } });
  });

  it('the states, and the messages each carries', () => {
    const json = (s: CommitStatus) => statusJson(s) as { state: string; commit: unknown; messages: string[] };
    expect(json(status({ kind: 'none', last: null }))).toEqual({ state: 'none', commit: null, messages: [] });
    expect(json(status({ kind: 'none', last: entry('reverted') })).commit).toMatchObject({ secondsLeft: 0 });
    const busy = json({
      ...status({ kind: 'busy', entry: entry('reverting') }),
      trouble: { since: 0, attempt: 2, nextAt: null, until: 0, failures: ['xtables lock held'] },
    });
    expect(busy.state).toBe('reverting');
    expect(busy.messages).toEqual([
      expect.stringMatching(/attempt 2 failed: xtables lock held; the guard has given up/),
    ]);
    expect(json(status({ kind: 'busy', entry: entry('reverting') })).messages).toEqual([]);
    const failed = json(
      status({ kind: 'revert-failed', entry: entry('revert-failed'), messages: ['restore by hand'] }),
    );
    expect(failed).toMatchObject({ state: 'revert-failed', messages: ['restore by hand'] });
    const refused = json(status({ kind: 'refused', entry: entry('pending'), problems: ['seal changed'] }));
    expect(refused).toMatchObject({ state: 'refused', messages: ['seal changed'] });
    const result = { kind: 'reverted', entry: entry('reverted'), messages: ['filter restored'] } as const;
    const recovered = json(status({ kind: 'recovered', result }));
    expect(recovered).toMatchObject({
      state: 'reverted',
      commit: { state: 'reverted' },
      messages: ['filter restored'],
    });
  });
});
