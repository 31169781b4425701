/**
 * `ipset save` text -> IpSets, and `ipset list -t` text -> each set's
 * memory and reference count. Strict: a line fwtui cannot read is an error
 * naming its line (the text comes from ipset itself, or a file an admin
 * gives to `fwtui block`). Pure.
 */
import { ParseError } from '../text/parse-error.js';
import { QuotingError, splitArgs } from '../text/quoting.js';
import type { IpSet, SetMember, SetOption } from './ip-set.js';

/** Set names ipset accepts: up to 31 characters, no spaces. */
export const SET_NAME = /^[^\s"'\\]{1,31}$/;

/** Options of `create` that take a value; its other words are flags (counters, comment, skbinfo, forceadd). */
const CREATE_VALUED = new Set([
  'family',
  'hashsize',
  'maxelem',
  'timeout',
  'netmask',
  'range',
  'size',
  'bucketsize',
  'initval',
  'markmask',
]);
/** Options of `add` that take a value; `nomatch` is a flag. */
const ADD_VALUED = new Set(['timeout', 'packets', 'bytes', 'comment', 'skbmark', 'skbprio', 'skbqueue']);

function options(words: readonly string[], line: number, VALUED: ReadonlySet<string>): SetOption[] {
  const out: SetOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const name = words[i]!;
    if (VALUED.has(name)) {
      const value = words[i + 1];
      if (value === undefined) throw new ParseError(line, `option ${name} needs a value`);
      out.push({ name, value });
      i++;
    } else {
      if (!/^[a-z-]+$/.test(name)) throw new ParseError(line, `unexpected "${name}"`);
      out.push({ name, value: null });
    }
  }
  return out;
}

interface Building {
  name: string;
  type: string;
  family: 'inet' | 'inet6' | null;
  options: SetOption[];
  members: SetMember[];
}

/** Parses `ipset save` output (create/add lines). @throws ParseError naming the line */
export function parseIpsetSave(text: string): IpSet[] {
  const sets = new Map<string, Building>();
  const lines = text.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const raw = lines[n - 1]!;
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    let words: string[];
    try {
      words = splitArgs(raw);
    } catch (e) {
      throw new ParseError(n, e instanceof QuotingError ? e.message : String(e));
    }
    const [command, name, third, ...rest] = words;
    if (name === undefined || !SET_NAME.test(name)) throw new ParseError(n, `bad set name "${name ?? ''}"`);
    if (command === 'create') {
      if (third === undefined) throw new ParseError(n, `set ${name} has no type`);
      if (sets.has(name)) throw new ParseError(n, `set ${name} is created twice`);
      const all = options(rest, n, CREATE_VALUED);
      const family = all.find((o) => o.name === 'family')?.value ?? null;
      if (family !== null && family !== 'inet' && family !== 'inet6')
        throw new ParseError(n, `family of ${name} must be inet or inet6, not "${family}"`);
      // hash types default to inet when ipset save leaves the family out (it never does today).
      const fam = family ?? (third.startsWith('hash:') && third !== 'hash:mac' ? 'inet' : null);
      sets.set(name, { name, type: third, family: fam, options: all.filter((o) => o.name !== 'family'), members: [] });
    } else if (command === 'add') {
      const set = sets.get(name);
      if (!set) throw new ParseError(n, `add to set ${name}, which is not created before it`);
      if (third === undefined) throw new ParseError(n, `add to ${name} without an element`);
      set.members.push({ elem: third, options: options(rest, n, ADD_VALUED) });
    } else {
      throw new ParseError(n, `"${command}" is not a line ipset save writes (expected create or add)`);
    }
  }
  return [...sets.values()].map((s) => ({ ...s, memsize: null, references: null }));
}

/** `ipset list -t` -> name -> memory and references. Lines it does not know are ignored. */
export function parseIpsetTerse(text: string): Map<string, { memsize: number; references: number }> {
  const out = new Map<string, { memsize: number; references: number }>();
  let name: string | null = null;
  let memsize = 0;
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.split(': ');
    const value = rest.join(': ').trim();
    if (key === 'Name') name = value;
    else if (key === 'Size in memory') memsize = Number(value);
    else if (key === 'References' && name !== null) out.set(name, { memsize, references: Number(value) });
  }
  return out;
}

/** Sets with memory and references filled in from `ipset list -t`. */
export function withTerse(
  sets: readonly IpSet[],
  terse: ReadonlyMap<string, { memsize: number; references: number }>,
): IpSet[] {
  return sets.map((s) => ({
    ...s,
    memsize: terse.get(s.name)?.memsize ?? null,
    references: terse.get(s.name)?.references ?? null,
  }));
}
