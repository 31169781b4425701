/** Derived views of the IP sets: as read, as staged, the one open in the panel, and the rules that use a set. */
import type { IpSet } from '../domain/sets/ip-set.js';
import { setUsers, type SetUser } from '../domain/sets/set-users.js';
import type { Family, Table } from '../domain/model/ruleset.js';
import { tableKey, type AppState } from './app-state.js';
import { setsShown } from './set-staging.js';

const NONE: ReadonlyMap<string, IpSet> = new Map();

/** The namespace's sets as last read (empty when not read or unreadable). */
export const liveSets = (s: AppState): ReadonlyMap<string, IpSet> => s.sets?.byName ?? NONE;

/** The sets as the admin sees them: with staged edits. */
export const shownSets = (s: AppState): ReadonlyMap<string, IpSet> => setsShown(s.setStaging, liveSets(s));

/** The sets' names in the panel's order (by name); a set staged to be destroyed stays listed, marked. */
export const setNames = (s: AppState): string[] => [...new Set([...liveSets(s).keys(), ...shownSets(s).keys()])].sort();

/** The set open in the panel's members or users view, if any. */
export function openSet(s: AppState): IpSet | null {
  const name = s.setsPanel?.name;
  return name ? (shownSets(s).get(name) ?? null) : null;
}

/** How set `name` differs from what was read: created, destroyed, changed, or null. */
export function setStagedState(s: AppState, name: string): 'created' | 'destroyed' | 'changed' | null {
  const staged = s.setStaging.staged;
  if (!staged) return null;
  const before = liveSets(s).get(name);
  const after = staged.get(name);
  if (!before) return after ? 'created' : null;
  if (!after) return 'destroyed';
  return before === after ? null : 'changed';
}

/** One family's tables as the admin sees them: staged where edits are staged, else as read. */
function tablesOf(s: AppState, family: Family): Table[] {
  return (s.views[family]?.tables ?? []).map((t) => s.staging.staged[tableKey(family, t.name)] ?? t);
}

/** The rules, read or staged, of both families that use set `name`. */
export function usersOf(s: AppState, name: string): SetUser[] {
  return (['ipv4', 'ipv6'] as const).flatMap((f) => setUsers(f, tablesOf(s, f), name));
}

/**
 * iptables' "Set NAME doesn't exist" about a set the staged edits create: the kernel cannot check such a rule
 * before the commit creates the set (it does, before the rules). What to say instead, or null for any other answer.
 */
export function stagedSetExcuse(s: AppState, message: string | null): string | null {
  const named = message ? /Set (\S+) doesn't exist/.exec(message)?.[1] : undefined;
  if (!named || liveSets(s).has(named) || !s.setStaging.staged?.has(named)) return null;
  return `iptables cannot check it before set ${named} exists; the commit creates that set first`;
}
