/**
 * One walk of a packet through the ruleset as netfilter does it: the built-in
 * chains of each table in hook order, jumps (-j, back here after the chain
 * ends or RETURNs), gotos (-g, back to whoever called this chain), and the
 * built-in chain's policy at the end. A DNAT or REDIRECT rewrites the packet
 * and routing picks its way on (nat-step.ts). Where a match cannot be decided
 * the walk asks `choose` which way to go, so the caller can try both. Pure.
 */
import { hookPath, type ConnState, type HookStep, type Packet } from './packet.js';
import { routeAfterNat, sourceRewrite, translate, type Rewrite, type Routed } from './nat-step.js';
import { ruleMatches, type MatchContext } from './packet-match.js';
import { optionOf, parseRuleView, type RuleView } from '../model/rule-view.js';
import { CONTINUING, markAfter, MAX_DEPTH, SOURCE_NAT } from './walk-targets.js';
import { findChain, findTable, type Chain, type Ruleset, type TableName } from '../model/ruleset.js';

export { followsTarget, MAX_DEPTH } from './walk-targets.js';

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT';

/** A rule by where it stands: table, chain, 1-based number. */
export interface RuleRef {
  readonly table: TableName;
  readonly chain: string;
  readonly number: number;
  readonly spec: string;
}

/** A match the walk could not decide, and which way this walk took it. */
export interface Choice {
  readonly rule: RuleRef;
  readonly why: string;
  readonly matched: boolean;
}

/** What decided: a rule's target, or a built-in chain's policy. */
export type Decider =
  | { readonly kind: 'rule'; readonly rule: RuleRef }
  | { readonly kind: 'policy'; readonly table: TableName; readonly chain: string; readonly policy: Verdict }
  /** Routing after a DNAT: the packet goes nowhere (`why`: forwarding is off, no route). */
  | { readonly kind: 'routing'; readonly why: string };

export type { Rewrite, Routed };

export interface Walk {
  /** null when the walk reached something fwtui cannot follow (see `stuck`). */
  readonly verdict: Verdict | null;
  readonly stuck: string | null;
  /** Every rule that matched, in order: jumps, LOG rules, and the one that decided. */
  readonly path: readonly RuleRef[];
  readonly decidedBy: Decider | null;
  readonly choices: readonly Choice[];
  /** Address translations on the way (DNAT, REDIRECT, SNAT, MASQUERADE), in order. */
  readonly rewrites: readonly Rewrite[];
  /** Where routing sent the packet after a DNAT or REDIRECT changed its destination; null when none did. */
  readonly routed: Routed | null;
  /** The packet as the walk left it: its destination after a DNAT/REDIRECT, its interfaces after routing. */
  readonly packet: Packet;
}

/**
 * How many more rules the walks of one question may look at. A chain of 100k
 * rules that each test something the packet leaves open has 100k ways
 * through; past the budget the answer is "uncertain" rather than minutes late.
 */
export interface Budget {
  rules: number;
}

/** Why a walk stopped when its question ran out of budget. */
export const OVER_BUDGET = 'too many ways through the rules to follow them all';

interface Frame {
  chain: Chain;
  next: number;
}

/** Cache of parsed rule views: a walk may be repeated many times. */
const views = new WeakMap<object, RuleView>();
/** A rule's parsed view, from that cache (the exposure report's scans share it). */
export function viewOf(rule: { readonly args: readonly string[] }): RuleView {
  let v = views.get(rule);
  if (!v) {
    v = parseRuleView(rule.args);
    views.set(rule, v);
  }
  return v;
}

/**
 * Walks `packet` through `ruleset`. `choose(rule, why)` decides each match
 * that cannot be decided; every such decision is recorded in `choices`.
 */
export function walkPacket(
  ruleset: Ruleset,
  packet: Packet,
  choose: (rule: RuleRef, why: string) => boolean,
  budget?: Budget,
): Walk {
  const path: RuleRef[] = [];
  const choices: Choice[] = [];
  let state: ConnState = packet.state;
  let mark: number | null = 0;
  let accepted: Decider | null = null;
  // The packet as it is now: a DNAT or REDIRECT rewrites its destination.
  let current = packet;
  const rewrites: Rewrite[] = [];
  let routed: Routed | null = null;
  // Made again only when NOTRACK, MARK or a DNAT change it: this runs for every rule of every walk.
  let ctx: MatchContext = { packet, mark, sets: ruleset.sets, locals: ruleset.localAddresses };
  const done = (verdict: Verdict | null, decidedBy: Decider | null, stuck: string | null = null): Walk => ({
    verdict,
    stuck,
    path,
    decidedBy,
    choices,
    rewrites,
    routed,
    packet: current,
  });
  const decider = (rule: RuleRef) => (why: string) => {
    const matched = choose(rule, why);
    choices.push({ rule, why, matched });
    return matched;
  };

  let steps: readonly HookStep[] = hookPath(packet.direction, packet.state);
  for (let at = 0; at < steps.length; at++) {
    const step = steps[at]!;
    // Routing decides again where a packet goes once nat PREROUTING/OUTPUT changed its destination.
    let reroute: { rule: RuleRef; redirected: boolean } | null = null;
    // NOTRACK in raw takes the packet out of conntrack: nat never sees it.
    if (step.table === 'nat' && state !== 'NEW') continue;
    const table = findTable(ruleset, step.table);
    const builtin = table && findChain(table, step.chain);
    if (!table || !builtin) continue;
    const stack: Frame[] = [{ chain: builtin, next: 0 }];
    let tableDone = false;
    while (!tableDone) {
      const frame = stack[stack.length - 1]!;
      const rule = frame.chain.rules[frame.next];
      if (!rule) {
        if (stack.length > 1) {
          stack.pop();
          continue;
        }
        if (builtin.policy === 'DROP')
          return done('DROP', { kind: 'policy', table: step.table, chain: step.chain, policy: 'DROP' });
        tableDone = true;
        accepted = note(accepted, { kind: 'policy', table: step.table, chain: step.chain, policy: 'ACCEPT' });
        continue;
      }
      frame.next++;
      if (budget && --budget.rules < 0) return done(null, null, OVER_BUDGET);
      const view = viewOf(rule);
      let hit = ruleMatches(view, ctx);
      if (hit === false) continue;
      const ref: RuleRef = { table: step.table, chain: frame.chain.name, number: frame.next, spec: rule.spec };
      if (typeof hit === 'string') {
        const matched = choose(ref, hit);
        choices.push({ rule: ref, why: hit, matched });
        hit = matched;
      }
      if (!hit) continue;
      path.push(ref);
      const target = view.target;
      if (!target || target.name === '') continue;
      const name = target.name;
      const jumpTo = findChain(table, name);
      if (jumpTo && !/^(INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)$/.test(name)) {
        if (stack.length >= MAX_DEPTH)
          return done(
            null,
            null,
            `jumps nest deeper than ${MAX_DEPTH} chains at ${step.table} ${frame.chain.name} rule ${ref.number}`,
          );
        if (target.goto) stack[stack.length - 1] = { chain: jumpTo, next: 0 };
        else stack.push({ chain: jumpTo, next: 0 });
        continue;
      }
      switch (name) {
        case 'ACCEPT':
          tableDone = true;
          accepted = note(accepted, { kind: 'rule', rule: ref });
          continue;
        case 'DROP':
          return done('DROP', { kind: 'rule', rule: ref });
        case 'REJECT':
          return done('REJECT', { kind: 'rule', rule: ref });
        case 'RETURN':
          if (stack.length > 1) stack.pop();
          else {
            if (builtin.policy === 'DROP')
              return done('DROP', { kind: 'policy', table: step.table, chain: step.chain, policy: 'DROP' });
            tableDone = true;
            accepted = note(accepted, { kind: 'policy', table: step.table, chain: step.chain, policy: 'ACCEPT' });
          }
          continue;
      }
      if (SOURCE_NAT.has(name)) {
        rewrites.push(sourceRewrite(target, ref));
        tableDone = true;
        accepted = note(accepted, { kind: 'rule', rule: ref });
        continue;
      }
      if (name === 'NOTRACK' || (name === 'CT' && optionOf(target, '--notrack'))) state = 'UNTRACKED';
      if (name === 'MARK') mark = markAfter(target, mark);
      if (name === 'CONNMARK' && optionOf(target, '--restore-mark')) mark = null;
      if (state !== ctx.packet.state || mark !== ctx.mark) {
        ctx = { packet: { ...current, state }, mark, sets: ruleset.sets, locals: ruleset.localAddresses };
      }
      if (CONTINUING.has(name)) continue;
      if ((name === 'DNAT' || name === 'REDIRECT') && step.table === 'nat' && /^(PRE|OUT)/.test(step.chain)) {
        const nat = translate(target, step.chain, ref, current, ruleset.localAddresses, decider(ref));
        if (nat.kind === 'stuck') return done(null, null, nat.why);
        if (nat.kind === 'dropped') return done('DROP', { kind: 'rule', rule: ref });
        rewrites.push(nat.rewrite);
        current = nat.packet;
        ctx = { packet: { ...current, state }, mark, sets: ruleset.sets, locals: ruleset.localAddresses };
        reroute = { rule: ref, redirected: name === 'REDIRECT' };
        tableDone = true;
        accepted = note(accepted, { kind: 'rule', rule: ref });
        continue;
      }
      if (name === 'DNAT' || name === 'REDIRECT' || name === 'NETMAP')
        return done(
          null,
          null,
          `${name} at ${step.table} ${frame.chain.name} rule ${ref.number} ` +
            `rewrites the destination; fwtui does not follow address translation`,
        );
      if (name === 'QUEUE' || name === 'NFQUEUE')
        return done(
          null,
          null,
          `${name} at ${step.table} ${frame.chain.name} rule ` +
            `${ref.number} hands the packet to a program, which decides`,
        );
      return done(
        null,
        null,
        `the target ${name} at ${step.table} ${frame.chain.name} rule ${ref.number} is not modelled`,
      );
    }
    if (reroute) {
      const facts = { locals: ruleset.localAddresses, routing: ruleset.routing };
      const r = routeAfterNat(current, step.chain, reroute.redirected, facts, decider(reroute.rule));
      if (r.kind === 'dropped') return done('DROP', { kind: 'routing', why: r.why });
      current = r.packet;
      routed = r.routed;
      ctx = { packet: { ...current, state }, mark, sets: ruleset.sets, locals: ruleset.localAddresses };
      if (step.chain === 'PREROUTING') steps = [...steps.slice(0, at + 1), ...r.rest];
    }
  }
  return done('ACCEPT', accepted);
}

/** The filter table's word is the one an admin looks for; other tables only when filter said nothing. */
function note(current: Decider | null, next: Decider): Decider {
  const table = (d: Decider): TableName | null =>
    d.kind === 'rule' ? d.rule.table : d.kind === 'policy' ? d.table : null;
  return current && table(current) === 'filter' ? current : next;
}
