/**
 * The verdict for a packet, and how sure it is. Every match the walk cannot
 * decide is tried both ways (replaying the walk with the other choice); the
 * answer is certain only when every way ends with the same verdict. Pure.
 */
import {
  OVER_BUDGET,
  walkPacket,
  type Budget,
  type Choice,
  type Decider,
  type Rewrite,
  type Routed,
  type RuleRef,
  type Verdict,
  type Walk,
} from './chain-walk.js';
import { outcomesIn, type Outcome } from './outcomes.js';
import type { Packet } from './packet.js';
import type { Ruleset } from '../model/ruleset.js';

export type { Choice, Decider, Rewrite, Routed, RuleRef, Verdict, Walk };

/** How many walks one question may take before fwtui gives up and says "uncertain". */
export const MAX_WALKS = 4096;

/**
 * How many rules the walks of one question may look at in all (about half a
 * second here): the lockout check asks several questions before each commit.
 */
export const MAX_RULE_CHECKS = 300_000;

export interface ExploreOptions {
  /** Stop early once this returns true for a walk just made. */
  readonly stopAt?: (walk: Walk) => boolean;
  /** @default MAX_WALKS */
  readonly maxWalks?: number;
  /** Shared by every walk of the question. @default MAX_RULE_CHECKS rules */
  readonly budget?: Budget;
}

export interface Exploration {
  readonly walks: readonly Walk[];
  /** True when every way was tried (not stopped early, not over the limit). */
  readonly complete: boolean;
}

/** Walks the packet every way its undecidable matches allow (depth first, "does not match" first). */
export function explore(ruleset: Ruleset, packet: Packet, options: ExploreOptions = {}): Exploration {
  const maxWalks = options.maxWalks ?? MAX_WALKS;
  const budget = options.budget ?? { rules: MAX_RULE_CHECKS };
  const walks: Walk[] = [];
  const decisions: boolean[] = [];
  for (;;) {
    let k = 0;
    const walk = walkPacket(
      ruleset,
      packet,
      () => {
        if (k === decisions.length) decisions.push(false);
        return decisions[k++]!;
      },
      budget,
    );
    // A walk cut short by the budget says nothing about the rules; the first one is kept to say why.
    if (walk.stuck === OVER_BUDGET) return { walks: walks.length > 0 ? walks : [walk], complete: false };
    walks.push(walk);
    if (options.stopAt?.(walk)) return { walks, complete: false };
    decisions.length = k;
    while (decisions.length > 0 && decisions[decisions.length - 1]) decisions.pop();
    if (decisions.length === 0) return { walks, complete: true };
    if (walks.length >= maxWalks) return { walks, complete: false };
    decisions[decisions.length - 1] = true;
  }
}

/** The answer to "what happens to this packet?". */
export interface Trace {
  /** The verdict when certain; null when it depends on something fwtui cannot know. */
  readonly verdict: Verdict | null;
  /** What the walks could end with ('unknown' for one fwtui cannot follow). */
  readonly possible: readonly (Verdict | 'unknown')[];
  /** Not every way was followed (too many): outcomes other than `possible` may exist. */
  readonly morePossible?: boolean;
  /** The path shown: the walk where every undecidable match was taken as "does not match". */
  readonly path: readonly RuleRef[];
  readonly decidedBy: Decider | null;
  /** Why it is uncertain: the first match whose answer changes the verdict, or what could not be followed. */
  readonly uncertainAt: { readonly rule: RuleRef | null; readonly why: string } | null;
  /** Undecidable matches on the shown path that do not change the verdict either way. */
  readonly assumptions: readonly Choice[];
  /** Address translations on the shown path (DNAT, REDIRECT, SNAT, MASQUERADE). */
  readonly rewrites: readonly Rewrite[];
  /** Where routing sent the packet on the shown path after its destination was rewritten; null when not. */
  readonly routed: Routed | null;
  /** The packet as the shown path left it (after a DNAT and routing); absent where no walk was made. */
  readonly packet?: Packet;
}

const ORDER = ['ACCEPT', 'DROP', 'REJECT', 'unknown'] as const;
const outcome = (w: Walk): Verdict | 'unknown' => w.verdict ?? 'unknown';

export interface TraceOptions {
  /**
   * Stop as soon as the walks have ended in every outcome there is (the
   * answer is then "uncertain" with its first decisive match), rather than
   * follow every way: for checks over huge chains (the lockout check's
   * summary). `possible` still lists every outcome (it may take all the
   * walks to be sure no other one exists), or says it may not.
   * @default false
   */
  readonly stopWhenUncertain?: boolean;
}

/** Evaluates a packet: the verdict, the path that decided it, and how certain that is. */
export function tracePacket(ruleset: Ruleset, packet: Packet, options: TraceOptions = {}): Trace {
  const seen = new Set<Verdict | 'unknown'>();
  let there: ReadonlySet<Outcome> | null = null;
  const allSeen = (): boolean => {
    there ??= outcomesIn(ruleset);
    return [...there].every((v) => seen.has(v));
  };
  // Stopping at the second outcome would hide a third (ACCEPT or REJECT, while the policy DROPs too).
  const stopAt = options.stopWhenUncertain
    ? (w: Walk): boolean => seen.add(outcome(w)).size > 1 && allSeen()
    : undefined;
  const { walks, complete } = explore(ruleset, packet, stopAt ? { stopAt } : {});
  // The first walk takes every undecidable match as "does not match".
  const first = walks[0]!;
  const possible = ORDER.filter((v) => walks.some((w) => outcome(w) === v));
  for (const v of possible) seen.add(v);
  const every = complete || allSeen();
  const base = {
    possible,
    path: first.path,
    decidedBy: first.decidedBy,
    rewrites: first.rewrites,
    routed: first.routed,
    packet: first.packet,
    ...(every ? {} : { morePossible: true }),
  };
  if (first.verdict === null)
    return {
      ...base,
      verdict: null,
      uncertainAt: { rule: null, why: first.stuck ?? 'cannot follow' },
      assumptions: [],
    };
  if (complete && possible.length === 1)
    return { ...base, verdict: first.verdict, uncertainAt: null, assumptions: first.choices };
  const other = walks.find((w) => outcome(w) !== outcome(first));
  if (!other)
    return {
      ...base,
      verdict: null,
      uncertainAt: {
        rule: null,
        why: `${OVER_BUDGET} (more than ${MAX_WALKS} ways or ${MAX_RULE_CHECKS} rule checks)`,
      },
      assumptions: [],
    };
  // A budget of its own: flipping an early choice usually ends the walk at once.
  return {
    ...base,
    verdict: null,
    uncertainAt: firstDecisive(ruleset, packet, first, { rules: MAX_RULE_CHECKS }) ?? stuckOrFirst(other, first),
    assumptions: [],
  };
}

/**
 * The first undecidable match on the shown path whose other answer changes
 * the verdict: what an admin reading the chain top-down should look at.
 */
function firstDecisive(
  ruleset: Ruleset,
  packet: Packet,
  first: Walk,
  budget: Budget,
): { rule: RuleRef; why: string } | null {
  for (let i = 0; i < first.choices.length; i++) {
    let k = 0;
    const flipped = walkPacket(ruleset, packet, () => k++ === i, budget);
    if (flipped.stuck === OVER_BUDGET) return null;
    if (outcome(flipped) !== outcome(first)) return { rule: first.choices[i]!.rule, why: first.choices[i]!.why };
  }
  return null;
}

/** Where two walks that end differently part (the deepest choice they share), or what stopped one. */
function stuckOrFirst(other: Walk, first: Walk): { rule: RuleRef | null; why: string } {
  let at = 0;
  while (at < other.choices.length && other.choices[at]!.matched === first.choices[at]?.matched) at++;
  const parted = other.choices[at] ?? first.choices[at];
  return parted ? { rule: parted.rule, why: parted.why } : { rule: null, why: other.stuck ?? 'cannot follow' };
}

/** Whether some way through the rules ends with `verdict` (e.g. "can SSH get in at all?"). */
export function canEndWith(ruleset: Ruleset, packet: Packet, verdict: Verdict): boolean | 'unknown' {
  const { walks, complete } = explore(ruleset, packet, { stopAt: (w) => w.verdict === verdict });
  if (walks.some((w) => w.verdict === verdict)) return true;
  return complete && walks.every((w) => w.verdict !== null) ? false : 'unknown';
}
