/**
 * Live (basis) vs staged, per table: which chains were created, renamed,
 * deleted, which policies changed, and per chain which rules were added,
 * deleted, moved or changed. The commit view, the row marks and the apply
 * script all read this one answer. Pure.
 */
import type { Edit } from '../edit/edits.js';
import { splitArgs } from '../text/quoting.js';
import { retarget } from '../model/retarget.js';
import type { Chain, Policy, Rule, Table } from '../model/ruleset.js';
import { commonBy, type Common } from './sequence-diff.js';

export interface ChainDiff {
  /** Name in the staged table. */
  readonly name: string;
  /** Name in the live table (differs after a rename). */
  readonly was: string;
  /** The live rules with jumps already following renames (what the kernel will hold after `-E`). */
  readonly before: readonly Rule[];
  readonly after: readonly Rule[];
  /** Rules kept in place. */
  readonly common: Common;
  /** Staged indexes of new rules (not moves, not changes). */
  readonly added: readonly number[];
  /** Live indexes of rules gone (not moves, not changes). */
  readonly deleted: readonly number[];
  /** [live index, staged index] of rules that moved. */
  readonly moved: readonly (readonly [number, number])[];
  /** [live index, staged index] of rules an edit replaced by another text (the new text may have moved since). */
  readonly changed: readonly (readonly [number, number])[];
  readonly policy: { readonly from: Policy; readonly to: Policy } | null;
}

export interface TableDiff {
  readonly table: Table['name'];
  /** Chains with any change, staged order. */
  readonly chains: readonly ChainDiff[];
  readonly created: readonly string[];
  readonly deleted: readonly Chain[];
  readonly renamed: readonly (readonly [string, string])[];
}

/**
 * Renames the edits make, composed: staged name -> live name, for chains that
 * existed live and still exist staged under another name.
 */
export function renamesOf(edits: readonly Edit[], live: Table): Map<string, string> {
  const origin = new Map<string, string | null>();
  for (const e of edits) {
    if (e.kind === 'newChain') origin.set(e.chain, null);
    else if (e.kind === 'deleteChain') origin.delete(e.chain);
    else if (e.kind === 'renameChain') {
      const from = origin.has(e.chain) ? origin.get(e.chain)! : e.chain;
      origin.delete(e.chain);
      origin.set(e.to, from);
    }
  }
  const renames = new Map<string, string>();
  for (const [now, was] of origin)
    if (was !== null && was !== now && live.chains.some((c) => c.name === was)) renames.set(now, was);
  return renames;
}

/** Texts of rules the edits moved: the diff shows those as the moved ones (a swap has two readings). */
export function movedOf(edits: readonly Edit[]): Set<string> {
  return new Set(edits.flatMap((e) => (e.kind === 'move' ? [e.spec] : [])));
}

export const isEmptyDiff = (d: TableDiff): boolean =>
  d.chains.length === 0 && d.created.length === 0 && d.deleted.length === 0 && d.renamed.length === 0;

const cache = new WeakMap<Table, { basis: Table; renames: string; diff: TableDiff }>();

/**
 * The difference between a live table and its staged copy (cached per pair:
 * the view asks on every frame). `moved` names rules the admin moved, so that
 * swapping two rules reads as the one that was moved.
 */
export function diffTable(
  basis: Table,
  staged: Table,
  renames: ReadonlyMap<string, string>,
  moved: ReadonlySet<string> = new Set(),
): TableDiff {
  const key = `${[...renames].join('\0')}\u0001${[...moved].join('\0')}`;
  const hit = cache.get(staged);
  if (hit && hit.basis === basis && hit.renames === key) return hit.diff;
  const diff = computeTableDiff(basis, staged, renames, moved);
  cache.set(staged, { basis, renames: key, diff });
  return diff;
}

function computeTableDiff(
  basis: Table,
  staged: Table,
  renames: ReadonlyMap<string, string>,
  moved: ReadonlySet<string>,
): TableDiff {
  const liveNames = new Map(basis.chains.map((c) => [c.name, c]));
  const renamedFrom = new Set(renames.values());
  const wasOf = (name: string): string | undefined =>
    renames.get(name) ?? (renamedFrom.has(name) ? undefined : liveNames.has(name) ? name : undefined);
  const stagedNames = new Set(staged.chains.map((c) => c.name));
  const retargetAll = (rule: Rule): Rule => {
    let r = rule;
    for (const [now, was] of renames) r = retarget(r, was, now);
    return r;
  };
  // A moved rule whose jump a rename changed is found by its new text too.
  if (renames.size > 0 && moved.size > 0) {
    const renamed = [...moved].map((spec) => retargetAll({ spec, args: splitArgs(spec), counters: null }).spec);
    moved = new Set([...moved, ...renamed]);
  }
  const chains: ChainDiff[] = [];
  const created: string[] = [];
  for (const chain of staged.chains) {
    const was = wasOf(chain.name);
    const live = was === undefined ? undefined : liveNames.get(was);
    if (!live) {
      created.push(chain.name);
      if (chain.rules.length > 0) chains.push(diffChain(chain.name, chain.name, [], chain.rules, null, moved));
      continue;
    }
    if (live === chain) continue; // untouched: the same object
    const before = renames.size > 0 ? live.rules.map(retargetAll) : live.rules;
    const policy =
      live.policy !== null && chain.policy !== null && live.policy !== chain.policy
        ? { from: live.policy, to: chain.policy }
        : null;
    const d = diffChain(chain.name, live.name, before, chain.rules, policy, moved, live.rules);
    if (policy || d.added.length + d.deleted.length + d.moved.length + d.changed.length > 0) chains.push(d);
  }
  const deleted = basis.chains.filter((c) => !renamedFrom.has(c.name) && !stagedNames.has(c.name));
  const renamed = [...renames].map(([now, was]) => [was, now] as const);
  return { table: staged.name, chains, created, deleted, renamed };
}

/**
 * The common subsequence, leaving out rules the admin moved (they must not
 * anchor it: an insert elsewhere may leave a moved rule at its old index),
 * then taking back those that still sit between the same neighbours, kept or
 * changed (moved there and back: nothing to show). A changed rule is a
 * neighbour too: a rule moved past one (edit rule 3, move rule 4 up) moved.
 */
function commonWithout(
  before: readonly Rule[],
  after: readonly Rule[],
  moved: ReadonlySet<string>,
  liveRules: readonly Rule[],
): Common {
  const skipB = new Set<number>();
  const skipA = new Set<number>();
  const pairs: [number, number][] = [];
  for (const spec of moved) {
    const i = before.findIndex((r) => r.spec === spec);
    const j = after.findIndex((r) => r.spec === spec);
    if (i >= 0 && j >= 0) {
      skipB.add(i);
      skipA.add(j);
      pairs.push([i, j]);
    }
  }
  const sameText = (i: number, j: number): boolean => before[i] === after[j] || before[i]!.spec === after[j]!.spec;
  if (pairs.length === 0) return commonBy(before.length, after.length, sameText);
  const common = commonBy(before.length, after.length, (i, j) => !skipB.has(i) && !skipA.has(j) && sameText(i, j));
  const kept = common.before.map((i, k) => [i, common.after[k]!] as [number, number]);
  const anchors = withChanged(kept, skipB, skipA, after, liveRules);
  for (const [i, j] of pairs.sort((x, y) => x[0] - y[0])) {
    const k = anchors.findIndex(([ki]) => ki > i);
    const next: readonly [number, number] = k < 0 ? [before.length, after.length] : anchors[k]!;
    const prev: readonly [number, number] = (k < 0 ? anchors[anchors.length - 1] : anchors[k - 1]) ?? [-1, -1];
    if (j > prev[1] && j < next[1]) {
      const at = kept.findIndex(([ki]) => ki > i);
      kept.splice(at < 0 ? kept.length : at, 0, [i, j]);
      anchors.splice(k < 0 ? anchors.length : k, 0, [i, j]);
    }
  }
  return { before: kept.map(([i]) => i), after: kept.map(([, j]) => j) };
}

/**
 * The kept pairs and the changed rules' [live, staged] pairs (a staged rule whose `origin` is a live rule not kept),
 * in order. Changed rules that changed places among themselves too give no order to go by: the kept pairs alone.
 */
function withChanged(
  kept: readonly (readonly [number, number])[],
  skipB: ReadonlySet<number>,
  skipA: ReadonlySet<number>,
  after: readonly Rule[],
  liveRules: readonly Rule[],
): [number, number][] {
  const usedB = new Set(kept.map(([i]) => i));
  const usedA = new Set(kept.map(([, j]) => j));
  const liveIndex = new Map(liveRules.map((r, i) => [r, i]));
  const changed: [number, number][] = [];
  for (let j = 0; j < after.length; j++) {
    const origin = after[j]!.origin;
    const i = origin ? liveIndex.get(origin) : undefined;
    if (i === undefined || usedA.has(j) || skipA.has(j) || usedB.has(i) || skipB.has(i)) continue;
    usedB.add(i);
    changed.push([i, j]);
  }
  const all = [...kept, ...changed].sort((x, y) => x[0] - y[0]) as [number, number][];
  return all.every(([, j], k) => k === 0 || j > all[k - 1]![1]) ? all : kept.map(([i, j]) => [i, j]);
}

/**
 * One chain's difference. `liveRules` are the rules as read (before renames
 * retarget them): the staged rules' `origin` points at those.
 */
function diffChain(
  name: string,
  was: string,
  before: readonly Rule[],
  after: readonly Rule[],
  policy: ChainDiff['policy'],
  movedSpecs: ReadonlySet<string>,
  liveRules: readonly Rule[] = before,
): ChainDiff {
  const common = commonWithout(before, after, movedSpecs, liveRules);
  const keptBefore = new Uint8Array(before.length);
  const keptAfter = new Uint8Array(after.length);
  for (const i of common.before) keptBefore[i] = 1;
  for (const j of common.after) keptAfter[j] = 1;
  const gone: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < before.length; i++) if (!keptBefore[i]) gone.push(i);
  for (let j = 0; j < after.length; j++) if (!keptAfter[j]) fresh.push(j);
  // A rule gone in one place and back with the same text elsewhere moved.
  const goneBySpec = new Map<string, number[]>();
  for (const i of gone) {
    const list = goneBySpec.get(before[i]!.spec);
    if (list) list.push(i);
    else goneBySpec.set(before[i]!.spec, [i]);
  }
  const moved: [number, number][] = [];
  const unmatched: number[] = [];
  for (const j of fresh) {
    const i = goneBySpec.get(after[j]!.spec)?.shift();
    if (i === undefined) unmatched.push(j);
    else moved.push([i, j]);
  }
  const movedFrom = new Set(moved.map(([i]) => i));
  const leftBefore = new Set(gone.filter((i) => !movedFrom.has(i)));
  // What is left: a new rule that an edit put in place of a live rule is that rule, changed (wherever it went).
  const liveIndex = unmatched.some((j) => after[j]!.origin) ? new Map(liveRules.map((r, i) => [r, i])) : null;
  const changed: [number, number][] = [];
  const added: number[] = [];
  for (const j of unmatched) {
    const origin = after[j]!.origin;
    const i = origin && liveIndex ? liveIndex.get(origin) : undefined;
    if (i !== undefined && leftBefore.delete(i)) changed.push([i, j]);
    else added.push(j);
  }
  const deleted = [...leftBefore].sort((a, b) => a - b);
  return { name, was, before, after, common, added, deleted, moved, changed, policy };
}
