/** `fwtui confirm` after `fwtui revert`: nothing was pending, so it does not say "too late". */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmCommand } from '../../../src/cli/confirm-command.js';
import type { SafetyIo } from '../../../src/cli/safety-io.js';
import type { SafetyNetDeps } from '../../../src/app/safety/safety-net.js';
import { claim, createCommit, ensureStateDir, writeOutcome } from '../../../src/app/state/state-dir.js';
import { commitRecord } from '../../helpers/commit-record.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-confirm-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const record = commitRecord;

async function confirmAfter(by: string, root: string): Promise<{ code: number; err: string }> {
  await ensureStateDir(root);
  const id = by.includes('guard') ? '00000000000000c2' : '00000000000000c1';
  const dir = await createCommit(
    root,
    record(id),
    new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]),
    Date.now(),
  );
  await claim(dir, 'pending', 'reverted');
  await writeOutcome(dir, { at: Date.now(), by, ok: true, messages: [] });
  let err = '';
  const io = {
    stdout: () => {},
    stderr: (t: string) => (err += t),
    stdin: async () => '',
    askKeep: async () => 'no',
  } as unknown as SafetyIo;
  const code = await confirmCommand({ root } as SafetyNetDeps, io);
  return { code, err };
}

describe('confirm when the last commit is already reverted', () => {
  it('reverted by hand: no pending commit (exit 8), naming who reverted it', async () => {
    const r = await confirmAfter('fwtui revert', join(base, 'by-hand'));
    expect(r.code).toBe(8);
    expect(r.err).toMatch(
      /^fwtui: no pending commit to confirm: the last one was reverted by fwtui revert at \d\d:\d\d:\d\d/,
    );
  });

  it('reverted by the guard at its deadline: too late (exit 6)', async () => {
    const r = await confirmAfter('the guard at the deadline', join(base, 'deadline'));
    expect(r.code).toBe(6);
    expect(r.err).toMatch(/^fwtui: too late: the old rules are back/);
  });
});
