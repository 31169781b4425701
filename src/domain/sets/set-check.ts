/**
 * What may go into `ipset restore` text: set names, types, elements and
 * option values that cannot break out of their line or word (no newline,
 * space, quote or backslash injection), checked before any text is built.
 * Pure.
 */
import type { IpSet, SetOption } from './ip-set.js';
import { SET_NAME } from './parse-ipset.js';

/** ipset's longest set name (IPSET_MAXNAMELEN is 32 with the final NUL). */
export const SET_NAME_MAX = 31;

/** A set change fwtui refuses to write: the reason names the set and the value. */
export class SetCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetCheckError';
  }
}

const TYPE = /^(hash|bitmap|list):[a-z]+(,[a-z]+)*$/;
/** One word of restore text: no whitespace, quotes, backslash or comment sign, not an option. */
const WORD = /^[^\s"'\\#-][^\s"'\\]*$/;
/** A comment value: printed in double quotes, so no quote, backslash or line break (ipset cuts at 255). */
const COMMENT = /^[^"\\]{0,255}$/;

const hasControl = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

/** Why `name` is not a set name ipset accepts, or null. */
export function setNameProblem(name: string): string | null {
  if (!SET_NAME.test(name) || name.startsWith('-') || hasControl(name))
    return `"${name}" is not a set name (1 to ${SET_NAME_MAX} characters, no spaces, quotes or leading "-")`;
  return null;
}

function optionProblem(o: SetOption, where: string): string | null {
  if (!/^[a-z][a-z-]*$/.test(o.name)) return `${where}: "${o.name}" is not an option name`;
  if (o.value === null) return null;
  const ok =
    o.name === 'comment'
      ? COMMENT.test(o.value) && !hasControl(o.value)
      : WORD.test(o.value) || /^-?\d+$/.test(o.value);
  return ok ? null : `${where}: the value of ${o.name} ("${o.value}") cannot be written safely`;
}

/**
 * Checks every name, type, element and option of a set before it is written.
 * @throws SetCheckError naming the first bad value
 */
export function checkSet(set: IpSet): void {
  const named = setNameProblem(set.name);
  if (named) throw new SetCheckError(named);
  if (!TYPE.test(set.type)) throw new SetCheckError(`set ${set.name}: "${set.type}" is not a set type`);
  for (const o of set.options) {
    const p = optionProblem(o, `set ${set.name}`);
    if (p) throw new SetCheckError(p);
  }
  for (const m of set.members) {
    if (!WORD.test(m.elem)) throw new SetCheckError(`set ${set.name}: "${m.elem}" is not an element fwtui can write`);
    for (const o of m.options) {
      const p = optionProblem(o, `set ${set.name} member ${m.elem}`);
      if (p) throw new SetCheckError(p);
    }
  }
}
