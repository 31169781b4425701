/**
 * The outcomes the walks through a ruleset could end with, read from the rules alone: the evaluator
 * may stop early once its walks have ended in each of them, and only then. Pure.
 */
import { followsTarget, MAX_DEPTH, type Verdict } from './chain-walk.js';
import { targetName } from '../model/rule-view.js';
import type { Ruleset } from '../model/ruleset.js';

/** A verdict, or 'unknown' for a walk fwtui cannot follow to its end. */
export type Outcome = Verdict | 'unknown';

/**
 * ACCEPT (a table whose rules all pass the packet on accepts it), the built-in chains' DROP policies, the
 * rules' DROP and REJECT targets, routing's DROP after a DNAT or REDIRECT, and 'unknown' when a rule's
 * target is one the walk does not follow or jumps may nest deeper than the walk follows them.
 */
export function outcomesIn(ruleset: Ruleset): ReadonlySet<Outcome> {
  const found = new Set<Outcome>(['ACCEPT']);
  for (const table of ruleset.tables) {
    const userChains = new Set(table.chains.filter((c) => c.policy === null).map((c) => c.name));
    const jumps = new Map<string, string[]>();
    for (const chain of table.chains) {
      if (chain.policy === 'DROP') found.add('DROP');
      const to: string[] = [];
      jumps.set(chain.name, to);
      for (const rule of chain.rules) {
        const target = targetName(rule.args);
        if (target === 'DROP' || target === 'REJECT') found.add(target);
        // Routing may drop a packet a DNAT/REDIRECT re-aimed; a destination fwtui cannot read stops the walk.
        else if (target === 'DNAT' || target === 'REDIRECT') found.add('DROP').add('unknown');
        else if (userChains.has(target)) to.push(target);
        else if (!followsTarget(target)) found.add('unknown');
      }
    }
    if (nestsTooDeep(jumps)) found.add('unknown');
  }
  return found;
}

/** Whether jumps (gotos counted as jumps) nest deeper than MAX_DEPTH chains, the built-in one included, or loop. */
function nestsTooDeep(jumps: ReadonlyMap<string, readonly string[]>): boolean {
  // Chains deep from a chain, itself included; Infinity while it is being looked at (a loop) or past the limit.
  const depth = new Map<string, number>();
  const deepest = (chain: string, level: number): number => {
    const known = depth.get(chain);
    if (known !== undefined) return known;
    if (level > MAX_DEPTH) return Number.POSITIVE_INFINITY;
    depth.set(chain, Number.POSITIVE_INFINITY);
    let below = 0;
    for (const next of jumps.get(chain) ?? []) below = Math.max(below, deepest(next, level + 1));
    depth.set(chain, below + 1);
    return below + 1;
  };
  return [...jumps.keys()].some((chain) => deepest(chain, 0) > MAX_DEPTH);
}
