/**
 * The IP set side of a commit: read the touched sets (one `ipset save NAME`
 * each), write a phase of restore text, and put sets back as they were,
 * recomputed from a fresh read (ipset restore is not atomic: a refused line
 * leaves the lines before it done), then read back to check.
 */
import { randomBytes } from 'node:crypto';
import type { IpSet } from '../domain/sets/ip-set.js';
import { sameSet } from '../domain/sets/set-diff.js';
import type { SetPlan } from '../domain/sets/set-plan.js';
import { setPhases, type SetPhases } from '../domain/sets/set-restore.js';
import { verifySetHeader, verifySets } from '../domain/sets/set-check-commit.js';
import type { Iptables } from './iptables.js';
import type { Ipset } from './ipset.js';

/** The touched sets as the kernel holds them now (null: no such set). */
export type SetsNow = ReadonlyMap<string, IpSet | null>;

/** The namespace's ipset, for a commit that changes sets. @throws Error when this firewall has none */
export function ipsetOf(iptables: Iptables): Ipset {
  if (!iptables.sets) throw new Error('this firewall cannot change IP sets');
  return iptables.sets;
}

/** Reads the named sets, one at a time (each read holds a whole set in memory). */
export async function readSets(ipset: Ipset, names: readonly string[]): Promise<Map<string, IpSet | null>> {
  const out = new Map<string, IpSet | null>();
  for (const name of names) out.set(name, await ipset.readSet(name));
  return out;
}

/** A random word for temporary set names. */
export const setNonce = (): string => randomBytes(4).toString('hex');

/**
 * Runs one phase's text; null does nothing. When ipset stops half-way, the temporary sets the text creates are
 * destroyed (each on its own: one already gone must not keep the others).
 */
export async function runPhase(ipset: Ipset, text: string | null, temps: readonly string[] = []): Promise<void> {
  if (text === null) return;
  try {
    await ipset.restore(text);
  } catch (e) {
    for (const temp of temps) await ipset.restore(`destroy ${temp}\n`).catch(() => undefined);
    throw e;
  }
}

/** The phases that bring the sets as they are now back to `target` (loose: timeouts left are no change). */
export async function phasesBack(ipset: Ipset, target: SetsNow): Promise<SetPhases> {
  const now = await readSets(ipset, [...target.keys()]);
  const plans: SetPlan[] = [...target].map(([name, staged]) => ({ name, basis: now.get(name) ?? null, staged }));
  return setPhases(plans, setNonce(), true);
}

/** Names of the sets that, read back now, differ from `target`; `unreadable` when they cannot be read. */
export async function setsNotBack(ipset: Ipset, target: SetsNow): Promise<string[]> {
  try {
    const now = await readSets(ipset, [...target.keys()]);
    return [...target].filter(([name, want]) => !sameSet(want, now.get(name) ?? null)).map(([name]) => name);
  } catch (e) {
    return [`(the sets cannot be read back: ${e instanceof Error ? e.message : String(e)})`];
  }
}

/** Sets with more members than this are read back by header and count (see verifySetHeader). */
const FULL_READ_BACK = 10_000;

/**
 * Reads the touched sets back after a commit and compares them with what was staged.
 * @returns the sets read whole (big ones are not: `fresh` leaves them out) and the differences
 */
export async function readBackSets(
  ipset: Ipset,
  plans: readonly SetPlan[],
  /** Seconds since the sets were read before the write: members may have timed out since. */
  elapsed = 0,
): Promise<{ fresh: Map<string, IpSet | null>; problems: string[] }> {
  const fresh = new Map<string, IpSet | null>();
  const problems: string[] = [];
  for (const plan of plans) {
    if ((plan.staged?.members.length ?? 0) > FULL_READ_BACK) {
      problems.push(...verifySetHeader(plan, await ipset.readHeader(plan.name), elapsed));
      continue;
    }
    const set = await ipset.readSet(plan.name);
    fresh.set(plan.name, set);
    problems.push(...verifySets([plan], fresh, elapsed));
  }
  return { fresh, problems };
}
