/**
 * Footguns among staged rules, found with the shadow analysis (shadow.ts):
 * a new rule that matches every packet (`-j ACCEPT` with no match, what a
 * bare Enter in a new rule's form gives), and rules the edits make
 * unreachable. Only what the edits bring in is named: a shadow that was
 * already there before the edits is the running rules' business. Pure.
 */
import { parseRuleView, type RuleView } from '../model/rule-view.js';
import { shadowedRules } from './shadow.js';
import type { Chain, Table } from '../model/ruleset.js';

const VERB: Readonly<Record<string, string>> = {
  ACCEPT: 'accepts',
  DROP: 'drops',
  REJECT: 'rejects',
  RETURN: 'returns',
};

/**
 * Whether a rule matches every packet: no address, interface, protocol,
 * fragment or match module (a comment narrows nothing).
 */
export function matchesEverything(v: RuleView): boolean {
  const anyProtocol = !v.protocol || (!v.protocol.negated && /^(all|0)$/i.test(v.protocol.value));
  const noAddress = !v.source && !v.destination && !v.inInterface && !v.outInterface;
  return anyProtocol && noAddress && !v.fragment && v.matches.every((m) => m.name === 'comment');
}

/** What a match-everything rule does to every packet ("accepts every packet"), or null when it lets packets go on. */
export function everyPacketVerb(v: RuleView): string | null {
  if (!v.target || !matchesEverything(v)) return null;
  if (v.target.goto) return `sends every packet to ${v.target.name} for good`;
  const verb = VERB[v.target.name];
  return verb ? `${verb} every packet` : null;
}

/** `5-9, 12` */
export function numberRanges(numbers: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    out.push(j === i ? String(numbers[i]) : `${numbers[i]}-${numbers[j]}`);
    i = j;
  }
  return out.join(', ');
}

/** One staged rule to name in the review. */
export interface StagedShadow {
  readonly chain: string;
  /** 1-based, in the staged chain. */
  readonly number: number;
  readonly spec: string;
  readonly isNew: boolean;
  /** "accepts every packet", when it matches everything. */
  readonly everyPacket: string | null;
  /** 1-based numbers of the later rules it makes unreachable (that the edits made so). */
  readonly shadows: readonly number[];
}

/** The specs of `chain` with how often each occurs. */
function counts(chain: Chain | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of chain?.rules ?? []) m.set(r.spec, (m.get(r.spec) ?? 0) + 1);
  return m;
}

/** A chain's shadowed rules (rule -> the rule that takes its packets), or null while they are not known yet. */
export type ShadowLookup = (chain: Chain) => ReadonlyMap<number, number> | null;

/**
 * New rules of `staged` that match everything, and rules that newly shadow
 * later ones. `renames` maps a staged chain name to its live name.
 */
export function stagedShadows(
  basis: Table,
  staged: Table,
  renames: ReadonlyMap<string, string> = new Map(),
): StagedShadow[] {
  return stagedShadowsFrom(basis, staged, renames, shadowedRules)!;
}

/**
 * stagedShadows from answers found elsewhere (the view's, found in idle time): null while `shadows` does
 * not know a chain it needs yet; `wanted` then lists those chains.
 */
export function stagedShadowsFrom(
  basis: Table,
  staged: Table,
  renames: ReadonlyMap<string, string>,
  shadows: ShadowLookup,
  wanted: Chain[] = [],
): StagedShadow[] | null {
  const out: StagedShadow[] = [];
  const known = wanted.length;
  for (const chain of staged.chains) {
    const before = basis.chains.find((c) => c.name === (renames.get(chain.name) ?? chain.name));
    const left = counts(before);
    const isNew = chain.rules.map((r) => {
      const n = left.get(r.spec) ?? 0;
      if (n > 0) left.set(r.spec, n - 1);
      return n === 0;
    });
    if (!isNew.some(Boolean)) continue;
    const [was, now] = [before ? shadows(before) : new Map<number, number>(), shadows(chain)];
    if (!was && before) wanted.push(before);
    if (!now) wanted.push(chain);
    if (!was || !now) continue;
    const wasShadowed = new Set(before ? [...was.keys()].map((j) => before.rules[j]!.spec) : []);
    const byShadower = new Map<number, number[]>();
    for (const [j, i] of now) {
      if (!isNew[i] && wasShadowed.has(chain.rules[j]!.spec)) continue;
      byShadower.set(i, [...(byShadower.get(i) ?? []), j]);
    }
    chain.rules.forEach((rule, i) => {
      const everyPacket = isNew[i] ? everyPacketVerb(parseRuleView(rule.args)) : null;
      const later = (byShadower.get(i) ?? []).sort((a, b) => a - b).map((j) => j + 1);
      if (everyPacket || later.length > 0) {
        const shadow = { chain: chain.name, number: i + 1, spec: rule.spec, isNew: isNew[i]!, everyPacket };
        out.push({ ...shadow, shadows: later });
      }
    });
  }
  return wanted.length > known ? null : out;
}

/** "INPUT: new rule 4 accepts every packet: it shadows rules 5-9 (never reached)". */
export function describeStagedShadow(s: StagedShadow): string {
  const who = `${s.chain}: ${s.isNew ? 'new ' : ''}rule ${s.number}`;
  const plural = s.shadows.length > 1;
  const list = `rule${plural ? 's' : ''} ${numberRanges(s.shadows)}`;
  const later = s.shadows.length > 0 ? `: it shadows ${list} (never reached)` : '';
  if (s.everyPacket) return `${who} ${s.everyPacket}${later}`;
  const [them, are] = plural ? ['they match', 'they are'] : ['that one matches', 'it is'];
  return `${who} (${s.spec}) shadows ${list}: it matches every packet ${them}, so ${are} never reached`;
}
