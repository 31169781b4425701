/** `fwtui confirm`: keeps the pending commit (app/safety/confirm-pending.ts), printed with its exit code. */
import { confirmPending } from '../app/safety/confirm-pending.js';
import type { SafetyNetDeps } from '../app/safety/safety-net.js';
import { clockTime, describeCommit } from '../domain/commit/pending-commit.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { outcomeWords } from './commit-words.js';
import type { SafetyIo } from './safety-io.js';

export async function confirmCommand(deps: SafetyNetDeps, io: SafetyIo): Promise<ExitCode> {
  const r = await confirmPending(deps.root);
  if (r.kind === 'nothing-pending') {
    io.stderr('fwtui: no pending commit to confirm\n');
    return EXIT.nothingPending;
  }
  if (r.kind === 'already-kept') {
    io.stderr(
      `fwtui: no pending commit to confirm: the last one was already kept (${describeCommit(r.entry.record)})\n`,
    );
    return EXIT.nothingPending;
  }
  if (r.kind === 'confirmed') {
    io.stdout(`Kept: ${describeCommit(r.entry.record)}.\n`);
    return EXIT.ok;
  }
  if (r.kind === 'reverted-on-request') {
    io.stderr(
      `fwtui: no pending commit to confirm: the last one was reverted by ` +
        `${r.by} at ${clockTime(r.at)} (${describeCommit(r.entry.record)})\n`,
    );
    return EXIT.nothingPending;
  }
  io.stderr(`fwtui: too late: ${outcomeWords(r.entry)} (${describeCommit(r.entry.record)})\n`);
  return EXIT.reverted;
}
