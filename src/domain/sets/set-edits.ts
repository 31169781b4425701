/**
 * Staged changes to IP sets, applied to the sets by name: create, add members, remove one, destroy. Each edit
 * is checked against the sets as staged so far; a refused edit says why in an admin's words. Pure.
 */
import type { IpSet } from './ip-set.js';

export type SetEdit =
  | { readonly kind: 'create'; readonly set: IpSet }
  /** Elements already normalised (set-elements.ts) and new to the set. */
  | { readonly kind: 'add'; readonly name: string; readonly elements: readonly string[] }
  | { readonly kind: 'remove'; readonly name: string; readonly elem: string }
  | { readonly kind: 'destroy'; readonly name: string };

/** A set edit that cannot be made (its message says why). */
export class SetEditError extends Error {}

/** The set named `name`, or a SetEditError. */
function existing(sets: ReadonlyMap<string, IpSet>, name: string): IpSet {
  const set = sets.get(name);
  if (!set) throw new SetEditError(`there is no set ${name}`);
  return set;
}

/** The sets after `edit`. @throws SetEditError */
export function applySetEdit(sets: ReadonlyMap<string, IpSet>, edit: SetEdit): Map<string, IpSet> {
  const out = new Map(sets);
  if (edit.kind === 'create') {
    if (sets.has(edit.set.name)) throw new SetEditError(`a set named ${edit.set.name} exists already`);
    out.set(edit.set.name, edit.set);
  } else if (edit.kind === 'add') {
    const set = existing(sets, edit.name);
    out.set(edit.name, { ...set, members: [...set.members, ...edit.elements.map((elem) => ({ elem, options: [] }))] });
  } else if (edit.kind === 'remove') {
    const set = existing(sets, edit.name);
    const members = set.members.filter((m) => m.elem !== edit.elem);
    if (members.length === set.members.length) throw new SetEditError(`${edit.elem} is not in set ${edit.name}`);
    out.set(edit.name, { ...set, members });
  } else {
    existing(sets, edit.name);
    out.delete(edit.name);
  }
  return out;
}

/** The edit in words, for undo and redo: "200 members added to blacklist". */
export function describeSetEdit(edit: SetEdit): string {
  if (edit.kind === 'create') return `set ${edit.set.name} created (${edit.set.type})`;
  if (edit.kind === 'add') {
    const n = edit.elements.length;
    return `${n === 1 ? edit.elements[0] : `${n} members`} added to set ${edit.name}`;
  }
  if (edit.kind === 'remove') return `${edit.elem} removed from set ${edit.name}`;
  return `set ${edit.name} destroyed`;
}

/** The set an edit is about. */
export const setEditName = (edit: SetEdit): string => (edit.kind === 'create' ? edit.set.name : edit.name);
