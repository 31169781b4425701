/**
 * The sets panel's text: one row per set (name whole, type, family, entries, memory, references, flags), the
 * selected set's facts in full, and one row per member with its own timeout and counters. Names and members are
 * never cut: the flags at a row's end give way first (marked), and the set's line below says them whole. Pure.
 */
import { optionValue, type IpSet, type SetMember } from '../../domain/sets/ip-set.js';
import { setOwner } from '../../domain/sets/set-owner.js';
import { fit } from './rule-row.js';

/** How a set differs from what was read, as a mark in front of its row. */
export type StagedMark = 'created' | 'destroyed' | 'changed' | null;

const MARK: Record<string, string> = { created: '+', destroyed: '-', changed: '*' };

const bytes = (n: number | null): string =>
  n === null ? '?' : n < 10240 ? `${n}B` : n < 10485760 ? `${Math.round(n / 1024)}K` : `${Math.round(n / 1048576)}M`;

/** The set's flags in words: "timeout 600 counters comment", and its owner: "fail2ban's". */
export function setFlags(set: IpSet): string {
  const words = ['timeout', 'counters', 'comment', 'skbinfo', 'forceadd'].flatMap((o) => {
    const v = optionValue(set.options, o);
    return v === undefined ? [] : [v === '' ? o : `${o} ${v}`];
  });
  const owner = setOwner(set.name);
  return [...words, ...(owner ? [`foreign (${owner})`] : [])].join(' ');
}

/** The column widths of the set rows: the longest name decides the first. */
export const nameWidth = (sets: readonly IpSet[]): number => Math.max(4, ...sets.map((s) => s.name.length));

/** The header row of the set list. */
export function setHeader(nameCols: number, width: number): string {
  const text =
    `  ${'name'.padEnd(nameCols)} ${'type'.padEnd(13)} ${'fam'.padEnd(5)} ` +
    `${'entries'.padStart(7)} ${'memory'.padStart(6)} refs flags`;
  return fit(text, width);
}

/** One set as a row `width` wide. */
export function setRow(set: IpSet, mark: StagedMark, nameCols: number, width: number): string {
  const fam = set.family ?? '-';
  const refs = set.references === null ? '?' : String(set.references);
  const head =
    `${mark ? MARK[mark] : ' '} ${set.name.padEnd(nameCols)} ${set.type.padEnd(13)} ${fam.padEnd(5)} ` +
    `${String(set.members.length).padStart(7)} ${bytes(set.memsize).padStart(6)} ${refs.padStart(4)} `;
  return fit(`${head}${setFlags(set)}`, Math.max(width, head.length));
}

/** The selected set in full, wrapped by the view: everything its row may have cut. */
export function setFacts(set: IpSet, mark: StagedMark): string {
  const opts = set.options.map((o) => (o.value === null ? o.name : `${o.name} ${o.value}`)).join(' ');
  const owner = setOwner(set.name);
  const staged = mark ? ` (staged: ${mark})` : '';
  const refs = set.references === null ? '' : `, ${set.references} reference(s) in the kernel`;
  const foreign = owner ? `; belongs to ${owner}: read-only unless you say to edit it anyway` : '';
  const header = [set.type, set.family ?? '', opts].filter(Boolean).join(' ');
  return `${set.name}${staged}: ${header}${refs}${foreign}`;
}

/** A member's own options: "timeout 300 packets 5 bytes 300 comment "x"" (its counters when the set has them). */
export function memberOptions(member: SetMember): string {
  return member.options
    .map((o) => (o.value === null ? o.name : o.name === 'comment' ? `comment "${o.value}"` : `${o.name} ${o.value}`))
    .join(' ');
}

/** One member as a row: the element whole (a cut one would be another member), then its options. */
export function memberRow(member: SetMember, added: boolean, width: number): string {
  const text = `${added ? '+' : ' '} ${member.elem}  ${memberOptions(member)}`.trimEnd();
  return fit(text, Math.max(width, member.elem.length + 2));
}
