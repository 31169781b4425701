/**
 * How a set differs from another: its header (type, family, create options
 * other than the sizes the kernel picks itself) and its members (by element,
 * with their options; counters never count as a change). Used for the
 * restore text, the drift check and the read-back. Pure.
 */
import type { IpSet, SetMember, SetOption } from './ip-set.js';

/** Create options the kernel sets or grows by itself: never a change of the header. */
const KERNEL_CHOSEN = new Set(['hashsize', 'initval', 'bucketsize']);
/** Member options that move by themselves: counters always, the timeout left when `loose`. */
const MOVING = new Set(['packets', 'bytes']);

const optionKey = (options: readonly SetOption[], skip: (name: string) => boolean): string =>
  options
    .filter((o) => !skip(o.name))
    .map((o) => (o.value === null ? o.name : `${o.name}=${o.value}`))
    .sort()
    .join(' ');

/** The header as a comparable string. */
export const headerKey = (set: IpSet): string =>
  `${set.type} ${set.family ?? '-'} ${optionKey(set.options, (n) => KERNEL_CHOSEN.has(n))}`;

/** Whether the headers differ (a change that needs create-temp, fill, swap). */
export const headerChanged = (a: IpSet, b: IpSet): boolean => headerKey(a) !== headerKey(b);

/** A member's options as a comparable string; `loose` ignores the timeout left (it counts down). */
export const memberKey = (m: SetMember, loose = false): string =>
  // Most members have no options: no work for them (100k-member sets are compared whole).
  m.options.length === 0 ? '' : optionKey(m.options, (n) => MOVING.has(n) || (loose && n === 'timeout'));

export interface MemberDiff {
  /** Members of `from` to delete (gone, or changed: deleted then added again). */
  readonly dels: readonly SetMember[];
  /** Members of `to` to add (new, or changed). */
  readonly adds: readonly SetMember[];
}

/** Member changes that turn `from` into `to`; `loose` ignores timeouts left. */
export function memberDiff(from: readonly SetMember[], to: readonly SetMember[], loose = false): MemberDiff {
  const was = new Map<string, SetMember>();
  for (const m of from) was.set(m.elem, m);
  const dels: SetMember[] = [];
  const adds: SetMember[] = [];
  const kept = new Set<string>();
  for (const m of to) {
    const old = was.get(m.elem);
    kept.add(m.elem);
    if (old === undefined) adds.push(m);
    else if (memberKey(old, loose) !== memberKey(m, loose)) {
      dels.push(old);
      adds.push(m);
    }
  }
  for (const m of from) if (!kept.has(m.elem)) dels.push(m);
  return { dels, adds };
}

/** Whether two reads of a set hold the same header and members (timeouts left and counters aside). */
export function sameSet(a: IpSet | null, b: IpSet | null): boolean {
  if (a === null || b === null) return a === b;
  if (headerChanged(a, b) || a.members.length !== b.members.length) return false;
  const d = memberDiff(a.members, b.members, true);
  return d.adds.length === 0 && d.dels.length === 0;
}

/** The change of one set in plain words, for the commit summary. */
export function describeSetChange(name: string, basis: IpSet | null, staged: IpSet | null): string[] {
  if (basis === null && staged === null) return [];
  if (basis === null) return [`set ${name}: created (${staged!.type}, ${staged!.members.length} members)`];
  if (staged === null) return [`set ${name}: destroyed (${basis.members.length} members)`];
  const d = memberDiff(basis.members, staged.members);
  const out: string[] = [];
  if (headerChanged(basis, staged)) out.push(`set ${name}: header changed (filled anew and swapped in)`);
  const deleted = new Set(d.dels.map((m) => m.elem));
  const changed = d.adds.filter((m) => deleted.has(m.elem)).length;
  const parts = [
    d.adds.length - changed > 0 ? `${d.adds.length - changed} added` : '',
    d.dels.length - changed > 0 ? `${d.dels.length - changed} removed` : '',
    changed > 0 ? `${changed} changed` : '',
  ].filter(Boolean);
  if (parts.length > 0) out.push(`set ${name}: ${parts.join(', ')}`);
  return out;
}
