/**
 * `fwtui block`: the staged set (the addresses added to an existing set, or
 * a new set holding them) and, when asked, the DROP rule at the top of
 * INPUT that uses it. Pure.
 */
import type { Family, Table } from '../model/ruleset.js';
import { findChain } from '../model/ruleset.js';
import { applyEdit } from '../edit/edits.js';
import { optionValue, type IpSet } from './ip-set.js';
import type { SetPlan } from './set-plan.js';

/** A block that cannot be made as asked: the words say why and what to do. */
export class BlockError extends Error {}

/** The default maxelem of a hash set. */
const DEFAULT_MAXELEM = 65536;

export interface BlockRequest {
  readonly name: string;
  readonly family: Family;
  /** Create the set, of this type (when it does not exist yet). */
  readonly create: 'hash:net' | 'hash:ip' | undefined;
}

/** The set type the addresses go into, checked against what exists. @throws BlockError */
export function blockSetType(req: BlockRequest, basis: IpSet | null): 'hash:net' | 'hash:ip' {
  const family = req.family === 'ipv6' ? 'inet6' : 'inet';
  if (basis === null) {
    if (req.create) return req.create;
    throw new BlockError(`there is no set ${req.name} here: add --create hash:net (or hash:ip) to create it`);
  }
  if (basis.type !== 'hash:net' && basis.type !== 'hash:ip')
    throw new BlockError(`set ${req.name} is ${basis.type}: block adds addresses to hash:net and hash:ip sets only`);
  if (req.create && req.create !== basis.type)
    throw new BlockError(`set ${req.name} exists already as ${basis.type}, not ${req.create}`);
  if (basis.family !== family) {
    const hint = family === 'inet6' ? 'leave out -6' : 'add -6';
    throw new BlockError(`set ${req.name} holds ${basis.family === 'inet6' ? 'IPv6' : 'IPv4'} addresses (${hint})`);
  }
  return basis.type;
}

/** The smallest power of two that holds `n` (ipset sizes its hash by powers of two). */
const room = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(n, 1)));

/**
 * The set plan that adds `elems` (already in ipset's spelling) to the set; members already there stay as they are.
 * @returns the plan and how many of the elements were already members
 * @throws BlockError when the set cannot hold them all (maxelem)
 */
export function blockSetPlan(
  req: BlockRequest,
  basis: IpSet | null,
  elems: readonly string[],
): { plan: SetPlan; already: number } {
  const type = blockSetType(req, basis);
  const have = new Set(basis?.members.map((m) => m.elem) ?? []);
  const adds = elems.filter((e) => !have.has(e)).map((elem) => ({ elem, options: [] }));
  if (basis === null) {
    const options = adds.length > DEFAULT_MAXELEM ? [{ name: 'maxelem', value: String(room(adds.length)) }] : [];
    const family = req.family === 'ipv6' ? ('inet6' as const) : ('inet' as const);
    const staged: IpSet = { name: req.name, type, family, options, members: adds, memsize: null, references: null };
    return { plan: { name: req.name, basis: null, staged }, already: 0 };
  }
  const max = Number(optionValue(basis.options, 'maxelem') ?? DEFAULT_MAXELEM);
  const total = basis.members.length + adds.length;
  if (total > max)
    throw new BlockError(
      `set ${req.name} holds at most ${max} members (maxelem): ${basis.members.length} now + ${adds.length} new ` +
        'would not fit; nothing was applied',
    );
  const staged = { ...basis, members: [...basis.members, ...adds] };
  return { plan: { name: req.name, basis, staged }, already: elems.length - adds.length };
}

/** The rule `--rule` puts at the top of INPUT. */
export const dropRuleSpec = (name: string): string => `-m set --match-set ${name} src -j DROP`;

/**
 * The filter table with the DROP rule at the top of INPUT, or null when INPUT already holds it (anywhere).
 */
export function withDropRule(filter: Table, name: string): Table | null {
  const spec = dropRuleSpec(name);
  if (findChain(filter, 'INPUT')?.rules.some((r) => r.spec === spec)) return null;
  return applyEdit(filter, { kind: 'insert', chain: 'INPUT', at: 0, spec });
}
