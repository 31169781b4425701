/** `fwtui revert`, and how a revert's result is said (apply answered no says it the same way). */
import { revertNow, type RevertResult, type SafetyNetDeps } from '../app/safety/safety-net.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { outcomeWords, refusedLines } from './commit-words.js';
import type { SafetyIo } from './safety-io.js';

/** Prints a revert's result; its exit code (reverted: 6, the caller decides whether that is success). */
export function reportRevert(r: RevertResult, io: SafetyIo): ExitCode {
  const { kind, messages, entry } = r;
  if (kind === 'refused' && entry) {
    io.stderr(refusedLines(entry, messages, io));
    return EXIT.failure;
  }
  if (kind === 'nothing-pending') {
    io.stderr(`fwtui: no pending commit${entry ? ` (the last one: ${outcomeWords(entry)})` : ''}\n`);
    return EXIT.nothingPending;
  }
  if (kind === 'lost') {
    io.stdout(`${outcomeWords(entry)}${messages.length > 0 ? ` (${messages.join('; ')})` : ''}.\n`);
    return entry?.state === 'confirmed' ? EXIT.failure : EXIT.ok;
  }
  if (kind === 'revert-failed') {
    io.stderr(
      `fwtui: REVERT FAILED: the firewall may still hold the ` +
        `unconfirmed rules.\n${messages.map((m) => `  ${m}\n`).join('')}`,
    );
    return EXIT.failure;
  }
  io.stdout(`Reverted: the old rules are back.\n${messages.map((m) => `  ${m}\n`).join('')}`);
  return EXIT.reverted;
}

export async function revertCommand(deps: SafetyNetDeps, io: SafetyIo): Promise<ExitCode> {
  const result = await revertNow(deps.root, deps, 'fwtui revert');
  const code = reportRevert(result, io);
  // Asked to revert, and it is reverted: that is success for this command.
  return code === EXIT.reverted ? EXIT.ok : code;
}
