/** `fwtui confirm`'s decision: kept, nothing pending, reverted on request (not "too late"), or too late. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmPending } from '../../../../src/app/safety/confirm-pending.js';
import { claim, createCommit, ensureStateDir, writeOutcome } from '../../../../src/app/state/state-dir.js';
import { commitRecord } from '../../../helpers/commit-record.js';
import { confirmCommand } from '../../../../src/cli/confirm-command.js';
import type { SafetyNetDeps } from '../../../../src/app/safety/safety-net.js';
import type { SafetyIo } from '../../../../src/cli/safety-io.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-confirm-pending-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const record = commitRecord;

/** A commit in its own state directory, left as `state` (by `by` when reverted). */
async function commitIn(name: string, state: 'pending' | 'reverted', by = ''): Promise<string> {
  const root = join(base, name);
  await ensureStateDir(root);
  const copies = new Map([['ipv4' as const, '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]);
  const dir = await createCommit(root, record('00000000000000a1'), copies, Date.now());
  if (state === 'reverted') {
    await claim(dir, 'pending', 'reverted');
    await writeOutcome(dir, { at: 1_700_000_000_000, by, ok: true, messages: [] });
  }
  return root;
}

describe('confirmPending', () => {
  it('an empty state directory: nothing pending', async () => {
    const root = join(base, 'empty');
    await ensureStateDir(root);
    expect(await confirmPending(root)).toEqual({ kind: 'nothing-pending' });
  });

  it('a pending commit is confirmed', async () => {
    const r = await confirmPending(await commitIn('pending', 'pending'));
    expect(r.kind).toBe('confirmed');
    expect(r.kind === 'confirmed' && r.entry.state).toBe('confirmed');
  });

  it('reverted by hand before its deadline: reverted on request, saying by whom and when', async () => {
    const r = await confirmPending(await commitIn('by-hand', 'reverted', 'fwtui revert'));
    expect(r).toMatchObject({ kind: 'reverted-on-request', by: 'fwtui revert', at: 1_700_000_000_000 });
  });

  it('reverted by the guard or the watcher at the deadline: too late', async () => {
    const guard = await confirmPending(await commitIn('guard', 'reverted', 'the guard at the deadline'));
    expect(guard.kind).toBe('too-late');
    const watcher = await confirmPending(
      await commitIn('watcher', 'reverted', 'the watcher (its guard was gone) at the deadline'),
    );
    expect(watcher.kind).toBe('too-late');
  });
});

describe('confirmPending of a commit already kept', () => {
  it('a second confirm finds nothing pending: it says the last one was already kept, never "Kept" again', async () => {
    const root = await commitIn('twice', 'pending');
    expect((await confirmPending(root)).kind).toBe('confirmed');
    const again = await confirmPending(root);
    expect(again.kind).toBe('already-kept');
    expect(again.kind === 'already-kept' && again.entry.record.id).toBe('00000000000000a1');
  });
});

describe('fwtui confirm, printed', () => {
  it('a second confirm: exit 8, "no pending commit", never "Kept" again', async () => {
    const root = await commitIn('twice-printed', 'pending');
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } as unknown as SafetyIo;
    const deps = { root } as SafetyNetDeps;
    expect(await confirmCommand(deps, io)).toBe(0);
    expect(out.join('')).toMatch(/^Kept: commit 00000000000000a1/);
    expect(await confirmCommand(deps, io)).toBe(8);
    expect(out).toHaveLength(1);
    expect(err.join('')).toMatch(
      /^fwtui: no pending commit to confirm: the last one was already kept \(commit 00000000000000a1 applied at /,
    );
  });
});
