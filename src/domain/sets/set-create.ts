/**
 * The create prompt's answer -> a new set: `NAME TYPE [timeout SECONDS] [counters] [comment] [maxelem N]`, the
 * family from the view's (IPv4: inet, IPv6: inet6). Validated as ipset would, before anything is staged. Pure.
 */
import type { Family } from '../model/ruleset.js';
import type { IpSet, SetOption } from './ip-set.js';
import { SET_NAME } from './parse-ipset.js';
import { EDITABLE_TYPES, isEditableType } from './set-elements.js';

/** What the create prompt asks for. */
export const CREATE_USAGE = `NAME TYPE [timeout S] [counters] [comment] [maxelem N]; TYPE: ${EDITABLE_TYPES.join('|')}`;

/** ipset's own limit on a timeout (seconds). */
const MAX_TIMEOUT = 2147483;

/** The new set the words describe, or the problem to show. */
export function parseCreate(text: string, family: Family): IpSet | string {
  const [name, type, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (!name || !type) return `give a name and a type: ${CREATE_USAGE}`;
  if (!SET_NAME.test(name)) return `${name}: a set name is 1 to 31 characters, no spaces or quotes`;
  if (!isEditableType(type)) return `${type}: the view creates ${EDITABLE_TYPES.join(', ')}`;
  const chosen = new Map<string, string | null>();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (chosen.has(word)) return `${word} is given twice`;
    if (word === 'counters' || word === 'comment') chosen.set(word, null);
    else if (word === 'timeout' || word === 'maxelem') {
      const value = rest[++i];
      if (value === undefined || !/^\d{1,10}$/.test(value)) return `${word} needs a number`;
      if (word === 'timeout' && Number(value) > MAX_TIMEOUT) return `timeout is at most ${MAX_TIMEOUT} seconds`;
      if (word === 'maxelem' && (Number(value) < 1 || Number(value) > 2 ** 32 - 1)) return 'maxelem is 1 or more';
      chosen.set(word, String(Number(value)));
    } else return `${word}: options are timeout S, counters, comment, maxelem N`;
  }
  // In the order `ipset save` prints them.
  const options: SetOption[] = ['maxelem', 'timeout', 'counters', 'comment']
    .filter((o) => chosen.has(o))
    .map((o) => ({ name: o, value: chosen.get(o) ?? null }));
  return {
    name,
    type,
    family: family === 'ipv4' ? 'inet' : 'inet6',
    options,
    members: [],
    memsize: null,
    references: null,
  };
}
