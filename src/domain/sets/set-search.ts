/**
 * Finding members of a set: an address finds every member whose address part contains it (the hash:net entry
 * `203.0.113.0/24` for `203.0.113.9`), any other text the members whose element contains it. Pure.
 */
import { netContains, parseNet, type Net } from '../model/ip-net.js';
import type { IpSet } from './ip-set.js';

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** An IPv4 element's first part as numbers, without BigInt: a 100,000-member set is searched in milliseconds. */
function v4(text: string): { base: number; prefix: number } | null {
  const m = V4.exec(text);
  if (!m) return null;
  const value = ((+m[1]! << 24) | (+m[2]! << 16) | (+m[3]! << 8) | +m[4]!) >>> 0;
  return { base: value, prefix: m[5] === undefined ? 32 : +m[5] };
}

/** Whether the address part of `elem` contains `query`. */
function contains(elem: string, query: Net, q4: { base: number; prefix: number } | null): boolean {
  const first = elem.split(',', 1)[0]!;
  if (q4) {
    const e = v4(first);
    if (!e) return false;
    if (e.prefix > q4.prefix) return false;
    const shift = 32 - e.prefix;
    // >>> 32 is >>> 0 in JavaScript: a /0 contains everything.
    return shift === 32 || q4.base >>> shift === e.base >>> shift;
  }
  const net = parseNet(first);
  return net !== null && netContains(net, query);
}

/** The indices of the members `query` finds, in the set's order (an empty query finds none). */
export function searchMembers(set: IpSet, query: string): number[] {
  const q = query.trim();
  if (q === '') return [];
  const net = parseNet(q);
  const out: number[] = [];
  if (net) {
    const q4 = net.family === 'ipv4' ? v4(q.includes('/') ? q : `${q}/32`) : null;
    // parseNet accepts a netmask (/255.0.0.0), the fast path does not: take the base and prefix from parseNet.
    const fast = q4 && net.family === 'ipv4' ? { base: Number(net.base), prefix: net.prefix } : null;
    set.members.forEach((m, i) => {
      if (contains(m.elem, net, fast)) out.push(i);
    });
    return out;
  }
  const lower = q.toLowerCase();
  set.members.forEach((m, i) => {
    if (m.elem.toLowerCase().includes(lower)) out.push(i);
  });
  return out;
}
