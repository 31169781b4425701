/**
 * One member of a set as an admin types it -> the element as `ipset save` prints it, or why it cannot be one:
 * `10.0.0.5/24` in a hash:net set is `10.0.0.0/24` (the kernel keeps the network), `10.0.0.5/32` is `10.0.0.5`,
 * `192.0.2.1,22` in a hash:ip,port set is `192.0.2.1,tcp:22`. So a staged set is what the kernel will hold. Pure.
 */
import { addressValue, parseNet } from '../model/ip-net.js';
import type { Family } from '../model/ruleset.js';

/** The set types the view creates and edits. */
export const EDITABLE_TYPES = ['hash:ip', 'hash:net', 'hash:ip,port', 'hash:net,port'] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

export const isEditableType = (type: string): type is EditableType =>
  (EDITABLE_TYPES as readonly string[]).includes(type);

const WIDTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp', 'udplite']);

/** An address value as ipset prints it (IPv6 compressed as inet_ntop does: the longest run of 2+ zero groups). */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 'ipv4') return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** The address part: a host (hash:ip) or a network (hash:net), normalised, or why not. */
function addressPart(text: string, kind: 'ip' | 'net', family: Family): string {
  const [addr = ''] = text.split('/');
  const a = addressValue(addr);
  if (!a) throw new Error(`${text} is not an address`);
  if (a.family !== family) {
    const fam = family === 'ipv4' ? 'IPv4' : 'IPv6';
    throw new Error(`${text} is an ${fam === 'IPv4' ? 'IPv6' : 'IPv4'} address in an ${fam} set`);
  }
  const net = parseNet(text);
  const width = WIDTH[family];
  if (!net) throw new Error(`${text} has a bad prefix (0 to ${width})`);
  if (kind === 'ip' && net.prefix !== width)
    throw new Error(`${text} is a network: a hash:ip set holds single addresses (use a hash:net set)`);
  // The kernel refuses a /0 in a hash:net set.
  if (net.prefix === 0) throw new Error(`${text}: a hash:net set cannot hold /0`);
  const base = formatAddress(family, net.base);
  return net.prefix === width ? base : `${base}/${net.prefix}`;
}

/** `22`, `tcp:22`, `udp:53` -> `tcp:22`, or why not. */
function portPart(text: string): string {
  const [proto, port] = text.includes(':') ? text.split(':') : ['tcp', text];
  if (!PROTOCOLS.has(proto!)) throw new Error(`${text}: the protocol must be tcp, udp, sctp or udplite`);
  if (!/^\d{1,5}$/.test(port!) || Number(port) > 65535) throw new Error(`${text}: the port must be 0 to 65535`);
  return `${proto}:${Number(port)}`;
}

/**
 * The element of a member typed for a set of `type` and `family`, as ipset prints it.
 * @throws Error saying what is wrong with it
 */
export function normalizeElement(text: string, type: EditableType, family: Family): string {
  const parts = type.slice('hash:'.length).split(',');
  const given = text.split(',');
  if (given.length !== parts.length) {
    const example = parts.length === 1 ? 'one address' : 'address,port (192.0.2.1,tcp:22)';
    throw new Error(`${text}: a ${type} member is ${example}`);
  }
  return parts
    .map((p, i) => (p === 'port' ? portPart(given[i]!) : addressPart(given[i]!, p as 'ip' | 'net', family)))
    .join(',');
}
