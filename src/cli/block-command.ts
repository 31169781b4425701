/**
 * `fwtui block --set NAME [--create TYPE] --file LIST [-6] [--rule]`: adds
 * the addresses of a list to an IP set (and the DROP rule that uses it)
 * through the same safety net, questions and exit codes as `fwtui apply`.
 * Nothing is applied when any line of the list is wrong.
 */
import { ipsetOf } from '../backend/apply-sets.js';
import { createIptables } from '../backend/iptables.js';
import { readSetsFor } from '../backend/ipset.js';
import type { CommandRunner } from '../backend/runner.js';
import { assertNothingPending, type SafetyNetDeps } from '../app/safety/safety-net.js';
import { InputError, readInput } from '../app/sources/load-ruleset.js';
import type { Protect } from '../domain/analysis/lockout.js';
import { makePlan, type TablePlan } from '../domain/commit/commit-plan.js';
import { emptyTable, findTable, type Ruleset, type RulesetSets } from '../domain/model/ruleset.js';
import { parseAddressList } from '../domain/sets/address-list.js';
import { BlockError, blockSetPlan, blockSetType, withDropRule } from '../domain/sets/block-plan.js';
import { usesSets, type IpSet } from '../domain/sets/ip-set.js';
import { setNameProblem } from '../domain/sets/set-check.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { applyUnderSafetyNet } from './apply-command.js';
import type { SafetyIo } from './safety-io.js';

/** The lists a long list of problems is cut to (the count of the rest is said). */
const SHOWN = 20;

/** "1 bad line", "3 bad lines". */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

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

export async function blockCommand(
  opts: CliOptions,
  runner: CommandRunner,
  deps: SafetyNetDeps,
  io: SafetyIo,
  protect: () => Promise<Protect>,
): Promise<ExitCode> {
  await assertNothingPending(deps.root);
  const name = opts.setName!;
  const bad = setNameProblem(name);
  if (bad) throw new InputError(`--set: ${bad}`);
  const family = opts.family ?? 'ipv4';
  const req = { name, family, create: opts.createType };
  const text = await readInput(opts.file!, io.stdin);
  const iptables = createIptables({ runner, netns: opts.netns, variant: opts.backend });
  const basis = await ipsetOf(iptables).readSet(name);
  let built: ReturnType<typeof blockSetPlan>;
  let elems: readonly string[] = [];
  try {
    const list = parseAddressList(text, family === 'ipv6' ? 'inet6' : 'inet', blockSetType(req, basis) === 'hash:net');
    if (list.problems.length > 0) {
      const shown = list.problems.slice(0, SHOWN).map((p) => `  line ${p.line}: ${p.text}: ${p.why}\n`);
      const more = list.problems.length > SHOWN ? `  … and ${list.problems.length - SHOWN} more\n` : '';
      const bad = count(list.problems.length, 'bad line');
      io.stderr(`fwtui: ${opts.file} has ${bad}; nothing was applied:\n${shown.join('')}${more}`);
      return EXIT.badInput;
    }
    if (list.elems.length === 0) throw new InputError(`${opts.file} lists no addresses; nothing was applied`);
    elems = list.elems;
    built = blockSetPlan(req, basis, list.elems);
  } catch (e) {
    if (e instanceof BlockError) throw new InputError(e.message);
    throw e;
  }
  const live = await iptables.save(family);
  const plans: TablePlan[] = [];
  if (opts.addRule) {
    const filter = findTable(live.ruleset, 'filter') ?? emptyTable('filter');
    const staged = withDropRule(filter, name);
    if (staged) plans.push(makePlan(family, filter, staged, new Map()));
    else io.stdout(`INPUT already drops what set ${name} holds: the rule is not added again\n`);
  }
  if (built.already > 0) io.stdout(`${alreadyInSet(name, built.already, basis, elems)}\n`);
  const { plan } = built;
  if (plans.length === 0 && plan.basis !== null && plan.staged!.members.length === plan.basis.members.length) {
    io.stdout(`nothing to apply: every address of ${opts.file} is in set ${name} already\n`);
    return EXIT.ok;
  }
  // The lockout check decides `-m set` rules with the sets as they will be (your own address in the list);
  // without any such rule, the sets (maybe 100k members) are not read for it.
  const tables = [...live.ruleset.tables, ...plans.map((p) => p.staged)];
  if (!usesSets(tables))
    return applyUnderSafetyNet({ iptables, live: live.ruleset, plans, sets: [plan] }, opts, deps, io, protect);
  const sets = await readSetsFor(runner, opts.netns);
  const ruleset: Ruleset = { ...live.ruleset, sets: withSet(sets, plan.basis, name) };
  const stagedSets = withSet(sets, plan.staged, name);
  return applyUnderSafetyNet({ iptables, live: ruleset, plans, sets: [plan], stagedSets }, opts, deps, io, protect);
}
