/**
 * What `fwtui block` would commit: the list's addresses added to one IP set
 * (created when asked) and, with `rule`, the DROP rule that uses it at the top
 * of INPUT. Reads the set and the rules; writes nothing (the caller applies
 * the result under the safety net). A wrong line makes the whole list refused.
 */
import { ipsetOf } from '../../backend/apply-sets.js';
import type { Iptables, Variant } from '../../backend/iptables.js';
import { readSetsFor } from '../../backend/ipset.js';
import type { CommandRunner } from '../../backend/runner.js';
import { makePlan, type TablePlan } from '../../domain/commit/commit-plan.js';
import type { RulesetSets } from '../../domain/model/ruleset.js';
import { emptyTable, findTable } from '../../domain/model/ruleset.js';
import { type ListProblem, parseAddressList } from '../../domain/sets/address-list.js';
import {
  BlockError,
  type BlockRequest as SetBlock,
  blockSetPlan,
  blockSetType,
  withDropRule,
} from '../../domain/sets/block-plan.js';
import { type IpSet, usesSets } from '../../domain/sets/ip-set.js';
import { setNameProblem } from '../../domain/sets/set-check.js';
import type { ReviewedCommit } from '../safety/apply-file.js';
import { InputError } from '../sources/load-ruleset.js';
import { assertRulesHere } from '../safety/rules-elsewhere.js';
import { fwtuiCommand } from '../../domain/hints/command-hint.js';

/** The set, its family and the type to create it with (domain/sets/block-plan.ts), and whether to add the rule. */
export interface BlockListRequest extends SetBlock {
  /** Also insert `-m set --match-set NAME src -j DROP` at the top of INPUT. */
  readonly rule: boolean;
}

/** What block found: a list with wrong lines, nothing to do, or a commit to apply. */
export type BlockPlan =
  | { readonly kind: 'bad-lines'; readonly problems: readonly ListProblem[] }
  | { readonly kind: 'nothing'; readonly notes: readonly string[] }
  | { readonly kind: 'commit'; readonly commit: ReviewedCommit; readonly notes: readonly string[] };

/** Names shown of the addresses already in the set (the count of the rest is said). */
const NAMED = 3;

/** "192.0.2.1 is in set blacklist already", "6 of the addresses are … already: a, b, c and 3 more". */
function alreadyInSet(name: string, already: number, basis: IpSet | null, elems: readonly string[]): string {
  const have = new Set(basis?.members.map((m) => m.elem) ?? []);
  const there = [...new Set(elems.filter((e) => have.has(e)))];
  if (there.length === 1 && already === 1) return `${there[0]} is in set ${name} already`;
  const more = there.length > NAMED ? ` and ${there.length - NAMED} more` : '';
  const named = there.length > 0 ? `: ${there.slice(0, NAMED).join(', ')}${more}` : '';
  return `${already} of the addresses are in set ${name} already${named}`;
}

/** The sets around a ruleset, with one set as it will be (the lockout check decides `-m set` with it). */
function withSet(sets: RulesetSets, set: IpSet | null, name: string): RulesetSets {
  if (sets.byName === null) return sets;
  const byName = new Map(sets.byName);
  if (set) byName.set(name, set);
  else byName.delete(name);
  return { ...sets, byName };
}

/**
 * Reads the set and the rules and plans the block of `text` (one address or network a line).
 * @throws InputError for a bad set name, a missing set without `create`, or an empty list
 */
export async function planBlock(
  req: BlockListRequest,
  text: string,
  source: {
    readonly file: string;
    readonly iptables: Iptables;
    readonly runner: CommandRunner;
    readonly netns?: string;
    /** --backend (undefined: the system's `iptables`): --rule is refused where only iptables-legacy holds rules. */
    readonly backend?: Variant;
  },
): Promise<BlockPlan> {
  const { name, family } = req;
  const bad = setNameProblem(name);
  if (bad) throw new InputError(`--set: ${bad}`);
  const { iptables } = source;
  const basis = await ipsetOf(iptables).readSet(name);
  const setReq: SetBlock = { name, family, create: req.create };
  let built: ReturnType<typeof blockSetPlan>;
  let elems: readonly string[];
  try {
    const net = blockSetType(setReq, basis) === 'hash:net';
    const list = parseAddressList(text, family === 'ipv6' ? 'inet6' : 'inet', net);
    if (list.problems.length > 0) return { kind: 'bad-lines', problems: list.problems };
    if (list.elems.length === 0) throw new InputError(`${source.file} lists no addresses; nothing was applied`);
    elems = list.elems;
    built = blockSetPlan(setReq, basis, list.elems);
  } catch (e) {
    if (e instanceof BlockError) throw new InputError(e.message);
    throw e;
  }
  const notes: string[] = [];
  const live = await iptables.save(family);
  const plans: TablePlan[] = [];
  if (req.rule) {
    const words = ['block', '--set', name, ...(req.create ? ['--create', req.create] : []), '--file', source.file];
    const family6 = family === 'ipv6' ? ['-6'] : [];
    const retry = fwtuiCommand({ netns: source.netns, backend: 'legacy' }, ...words, ...family6, '--rule');
    await assertRulesHere(live, iptables, family, 'block --rule', retry);
    const filter = findTable(live.ruleset, 'filter') ?? emptyTable('filter');
    const staged = withDropRule(filter, name);
    if (staged) plans.push(makePlan(family, filter, staged, new Map()));
    else notes.push(`INPUT already drops what set ${name} holds: the rule is not added again`);
  }
  if (built.already > 0) notes.push(alreadyInSet(name, built.already, basis, elems));
  const { plan } = built;
  if (plans.length === 0 && plan.basis !== null && plan.staged!.members.length === plan.basis.members.length) {
    return {
      kind: 'nothing',
      notes: [...notes, `nothing to apply: every address of ${source.file} is in set ${name} already`],
    };
  }
  // The lockout check decides `-m set` rules with the sets as they will be (your own address in the list);
  // without any such rule, the sets (maybe 100k members) are not read for it.
  const tables = [...live.ruleset.tables, ...plans.map((p) => p.staged)];
  if (!usesSets(tables))
    return { kind: 'commit', commit: { iptables, live: live.ruleset, plans, sets: [plan] }, notes };
  const sets = await readSetsFor(source.runner, source.netns);
  const ruleset = { ...live.ruleset, sets: withSet(sets, plan.basis, name) };
  const stagedSets = withSet(sets, plan.staged, name);
  return { kind: 'commit', commit: { iptables, live: ruleset, plans, sets: [plan], stagedSets }, notes };
}
