/**
 * The IP set side of a revert: the sets a commit changed go back to the
 * saved copy (members included), recomputed from a fresh read each time so
 * an interrupted revert can run again. Sets the rules need come back before
 * the rules are reverted; sets the commit created go after.
 */
import { ipsetOf, phasesBack, runPhase, setsNotBack, type SetsNow } from '../../backend/apply-sets.js';
import type { Iptables } from '../../backend/iptables.js';
import type { IpSet } from '../../domain/sets/ip-set.js';
import { parseIpsetSave } from '../../domain/sets/parse-ipset.js';
import type { SealedCommit } from '../state/seal-check.js';

/** The sets as saved before the commit (null: the commit created it), or null when it changed none. */
export function loadSavedSets(commit: SealedCommit): SetsNow | null {
  const names = commit.record.sets?.names;
  if (!names || commit.setsCopy === null) return null;
  const saved = new Map(parseIpsetSave(commit.setsCopy).map((s) => [s.name, s]));
  return new Map<string, IpSet | null>(names.map((n) => [n, saved.get(n) ?? null]));
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Runs `tables` (the rules' revert) between the two set phases.
 * @returns what is still off with the sets (empty: read back as saved)
 */
export async function revertAroundSets(
  iptables: Iptables,
  saved: SetsNow | null,
  tables: () => Promise<void>,
): Promise<string[]> {
  if (saved === null) {
    await tables();
    return [];
  }
  const ipset = ipsetOf(iptables);
  const failures: string[] = [];
  let after: string | null = null;
  try {
    const back = await phasesBack(ipset, saved);
    after = back.after;
    await runPhase(ipset, back.before, back.temps);
  } catch (e) {
    failures.push(`sets: ${reason(e)}`);
  }
  await tables();
  try {
    await runPhase(ipset, after);
  } catch (e) {
    failures.push(`sets: ${reason(e)}`);
  }
  const left = await setsNotBack(ipset, saved);
  return left.length === 0 ? [] : [...failures, `sets not as before: ${left.join(', ')}`];
}
