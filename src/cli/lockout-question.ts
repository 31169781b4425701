/** apply's lockout question: quiet when the staged rules keep SSH open; otherwise the warnings and LOCKOUT. */
import { LOCKOUT_WORD, lockoutWarnings, protectedLine, type Protect } from '../domain/analysis/lockout.js';
import type { Ruleset } from '../domain/model/ruleset.js';
import type { SafetyIo } from './safety-io.js';

/**
 * Prints the warnings; the admin must type LOCKOUT (or pass --allow-lockout).
 * @returns whether the apply may go on
 */
export async function lockoutCleared(
  staged: Ruleset,
  live: Ruleset,
  protect: Protect,
  allowed: boolean,
  io: Pick<SafetyIo, 'stderr' | 'askWord'>,
): Promise<boolean> {
  const warnings = lockoutWarnings(staged, live, protect);
  if (warnings.length === 0) return true;
  io.stderr(
    `fwtui: these rules may lock you out ` +
      `(${protectedLine(protect)}):\n${warnings.map((w) => `  ${w.message}\n`).join('')}`,
  );
  if (allowed) {
    io.stderr('fwtui: applying anyway (--allow-lockout); the safety net still reverts unless confirmed\n');
    return true;
  }
  const typed = await io.askWord?.(`Type ${LOCKOUT_WORD} to apply anyway (anything else cancels): `);
  if (typed === LOCKOUT_WORD) return true;
  const noTerminal = typed === null || typed === undefined;
  io.stderr(
    `fwtui: not applied${noTerminal ? ' (no terminal to confirm on: pass --allow-lockout to apply anyway)' : ''}\n`,
  );
  return false;
}
