/** What apply's "Keep these rules?" answer does to the commit just applied. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settleAnswer, settledElsewhere } from '../../../../src/app/safety/keep-answer.js';
import type { Pending, SafetyNetDeps } from '../../../../src/app/safety/safety-net.js';
import { claim, createCommit, ensureStateDir } from '../../../../src/app/state/state-dir.js';
import { commitRecord } from '../../../helpers/commit-record.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-keep-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const record = commitRecord;

/** A commit just applied, in its own state directory, with the deadline given. */
async function applied(name: string, deadline: number): Promise<{ pending: Pending; deps: SafetyNetDeps }> {
  const root = join(base, name);
  await ensureStateDir(root);
  const id = '00000000000000e1';
  const copies = new Map([['ipv4' as const, '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]);
  const dir = await createCommit(root, record(id), copies, deadline);
  const deps = { root, netns: undefined, now: () => Date.now() } as unknown as SafetyNetDeps;
  return { pending: { id, dir, deadline, record: record(id) }, deps };
}

describe('settleAnswer', () => {
  it('yes: the commit is kept', async () => {
    const { pending, deps } = await applied('yes', Date.now() + 60_000);
    expect(settledElsewhere(pending)()).toBe(false);
    expect(await settleAnswer('yes', pending, deps)).toEqual({ kind: 'kept' });
    expect(settledElsewhere(pending)()).toBe(true);
  });

  it('yes after the guard reverted it: too late, saying how it ended', async () => {
    const { pending, deps } = await applied('late', Date.now() + 60_000);
    await claim(pending.dir, 'pending', 'reverted');
    expect(settledElsewhere(pending)()).toBe(true);
    const r = await settleAnswer('yes', pending, deps);
    expect(r.kind).toBe('too-late');
    expect(r.kind === 'too-late' && r.entry?.state).toBe('reverted');
  });

  it('no: reverted now (a commit confirmed meanwhile is not pending any more)', async () => {
    const { pending, deps } = await applied('no', Date.now() + 60_000);
    await claim(pending.dir, 'pending', 'confirmed');
    const r = await settleAnswer('no', pending, deps);
    expect(r).toMatchObject({ kind: 'reverted', result: { kind: 'nothing-pending' } });
  });

  it("no answer in time, or decided elsewhere: the guard's word, as the commit stands", async () => {
    const { pending, deps } = await applied('elsewhere', Date.now() + 60_000);
    await claim(pending.dir, 'pending', 'confirmed');
    const r = await settleAnswer('decided-elsewhere', pending, deps);
    expect(r.kind === 'settled' && r.entry?.state).toBe('confirmed');
  });

  it('the guard silent well past the deadline: waited for until then, the commit as last read', async () => {
    const { pending, deps } = await applied('silent', Date.now() - 20_000);
    const r = await settleAnswer('timeout', pending, deps);
    expect(r.kind === 'settled' && r.entry?.state).toBe('pending');
  });
});
