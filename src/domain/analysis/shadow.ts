/**
 * Rules that can never match: an earlier rule in the same chain matches
 * everything they match and ends the chain for it (ACCEPT, DROP, REJECT,
 * RETURN, a goto). "Everything" is decided conservatively: when in doubt a
 * rule is not called shadowed. And rules whose counters are still zero. Pure.
 */
import { prepareShadowRule, saysOption, type ShadowAddress, type ShadowRule } from './shadow-rule.js';
import { interfaceMatches } from './packet-match.js';
import { parseRuleView, type Negatable, type RuleView } from '../model/rule-view.js';
import type { Chain } from '../model/ruleset.js';

/** Chains longer than this are not analysed (quadratic work); the view says so. */
export const MAX_ANALYSED_RULES = 3000;

const same = (a: Negatable | null, b: Negatable | null): boolean => a?.value === b?.value && a?.negated === b?.negated;

function protocolCovers(i: ShadowRule, j: ShadowRule): boolean {
  const a = i.view.protocol;
  const b = j.view.protocol;
  if (!a || (!a.negated && i.protocolNumber === '0')) return true;
  if (!b) return false;
  if (a.negated || b.negated) return same(a, b);
  return i.protocolNumber === j.protocolNumber;
}

function addressCovers(i: ShadowAddress | null, j: ShadowAddress | null): boolean {
  if (!i) return true;
  if (!j) return false;
  if (i.textOnly || j.textOnly) return same(i, j);
  const a = i.net;
  const b = j.net;
  return a !== null && b !== null && a.family === b.family && a.first <= b.first && b.last <= a.last;
}

function interfaceCovers(i: Negatable | null, j: Negatable | null): boolean {
  if (!i) return true;
  if (!j) return false;
  if (i.negated || j.negated) return same(i, j);
  // eth+ covers eth0 and eth1+; eth0 covers only eth0.
  return j.value.endsWith('+')
    ? i.value.endsWith('+') && j.value.startsWith(i.value.slice(0, -1))
    : interfaceMatches(i.value, j.value);
}

/** Whether every match module of `i` holds for every packet `j` matches. */
function matchesCover(i: ShadowRule, j: ShadowRule): boolean {
  return i.matches.every((m) => {
    if ('protocolNamed' in m) return m.protocolNamed === j.view.protocol?.value;
    return m.conditions.every((c) => {
      if (c.kind === 'ports') {
        const theirs = j.ports[c.side];
        const mine = c.ranges;
        return (
          theirs !== null && mine !== null && theirs.every(([lo, hi]) => mine.some(([a, b]) => a <= lo && hi <= b))
        );
      }
      if (c.kind === 'states') return j.states !== null && [...j.states].every((s) => c.states.has(s));
      return saysOption(j, c);
    });
  });
}

/** Whether every packet prepared rule `j` matches is matched by `i` (conservative: false when unsure). */
export function coversPrepared(i: ShadowRule, j: ShadowRule): boolean {
  if (!protocolCovers(i, j)) return false;
  if (!addressCovers(i.source, j.source) || !addressCovers(i.destination, j.destination)) return false;
  const a = i.view;
  const b = j.view;
  if (!interfaceCovers(a.inInterface, b.inInterface) || !interfaceCovers(a.outInterface, b.outInterface)) return false;
  if (a.fragment && !same(a.fragment, b.fragment)) return false;
  // limit, recent, hashlimit... on the earlier rule: it does not always match.
  return matchesCover(i, j);
}

/** Whether every packet `j` matches is matched by `i` (conservative: false when unsure). */
export function covers(i: RuleView, j: RuleView): boolean {
  return coversPrepared(prepareShadowRule(i), prepareShadowRule(j));
}

/** Comparisons of rule pairs (or rules read) between two yields of shadowSteps: about a millisecond's work. */
export const PAIRS_PER_STEP = 5000;

/**
 * shadowedRules in steps: yields after about `pairsPerStep` comparisons, so a caller can run it in idle
 * slices and handle keys between them; returns what shadowedRules returns. Each rule is read once.
 */
export function* shadowSteps(chain: Chain, pairsPerStep = PAIRS_PER_STEP): Generator<void, Map<number, number>> {
  const out = new Map<number, number>();
  if (chain.rules.length > MAX_ANALYSED_RULES) return out;
  const enders: ShadowRule[] = [];
  const enderIndex: number[] = [];
  let work = 0;
  for (let j = 0; j < chain.rules.length; j++) {
    const rule = prepareShadowRule(parseRuleView(chain.rules[j]!.args));
    work += 10 + enders.length;
    for (let k = 0; k < enders.length; k++) {
      if (coversPrepared(enders[k]!, rule)) {
        out.set(j, enderIndex[k]!);
        break;
      }
    }
    if (rule.endsChain) {
      enders.push(rule);
      enderIndex.push(j);
    }
    if (work >= pairsPerStep) {
      work = 0;
      yield;
    }
  }
  return out;
}

/** Index of each shadowed rule -> index of the earlier rule that shadows it (0-based). */
export function shadowedRules(chain: Chain): Map<number, number> {
  const steps = shadowSteps(chain, Number.POSITIVE_INFINITY);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Indexes of rules with counters that have never counted a packet (since the last zeroing). */
export function neverHitRules(chain: Chain): number[] {
  return chain.rules.flatMap((r, i) => (r.counters && r.counters.packets === 0n ? [i] : []));
}
