/**
 * A pasted or typed list of members -> elements, checked one by one: many lines, or comma or space separated
 * (commas only where the set's element has none: hash:ip,port members are separated by spaces or lines), `#`
 * starts a comment. Every problem names its line. Pure.
 */
import type { Family } from '../model/ruleset.js';
import { normalizeElement, type EditableType } from './set-elements.js';

/** The elements read, in order and without repeats, or the problems (each naming its line). */
export interface MemberList {
  readonly elements: readonly string[];
  readonly problems: readonly string[];
}

/** Reads `text` as members of a set of `type` and `family`. */
export function parseMemberList(text: string, type: EditableType, family: Family): MemberList {
  const separator = type.includes(',') ? /\s+/ : /[\s,]+/;
  const lines = text.split(/\r?\n/);
  const seen = new Set<string>();
  const elements: string[] = [];
  const problems: string[] = [];
  lines.forEach((raw, i) => {
    const words = raw.replace(/#.*/, '').trim().split(separator).filter(Boolean);
    for (const word of words) {
      try {
        const element = normalizeElement(word, type, family);
        if (!seen.has(element)) elements.push(element);
        seen.add(element);
      } catch (e) {
        const where = lines.length > 1 ? `line ${i + 1}: ` : '';
        problems.push(`${where}${(e as Error).message}`);
      }
    }
  });
  if (elements.length === 0 && problems.length === 0) problems.push('no member given');
  return { elements, problems };
}
