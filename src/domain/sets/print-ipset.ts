/**
 * IpSets -> `ipset save` text (what `ipset restore` loads), exactly as ipset
 * 7.x prints it, so a set read and written back is unchanged. Pure.
 */
import type { IpSet, SetMember, SetOption } from './ip-set.js';

const option = (o: SetOption): string =>
  o.value === null ? o.name : o.name === 'comment' ? `comment "${o.value}"` : `${o.name} ${o.value}`;
const options = (all: readonly SetOption[]): string => all.map((o) => ` ${option(o)}`).join('');

/** The `create` line of a set. */
export function createLine(set: IpSet): string {
  const family = set.family === null ? '' : ` family ${set.family}`;
  return `create ${set.name} ${set.type}${family}${options(set.options)}`;
}

/** A member as its `add` line writes it after the set's name: `192.0.2.1 timeout 300 comment "x"`. */
export const memberText = (m: SetMember): string => `${m.elem}${options(m.options)}`;

/** `ipset save` text of the sets, members after each header. */
export function ipsetSaveText(sets: readonly IpSet[]): string {
  const lines: string[] = [];
  for (const set of sets) {
    lines.push(createLine(set));
    for (const m of set.members) lines.push(`add ${set.name} ${memberText(m)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
