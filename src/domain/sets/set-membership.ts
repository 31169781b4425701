/**
 * Is a packet in a set? `-m set --match-set NAME src,dst` looks up the
 * packet's fields in set NAME, one field per dimension of the set's type
 * (hash:ip,port with `src,dst`: the source address and the destination
 * port). Answers true, false, or why it cannot tell: a member that may
 * expire before the admin confirms, a field the packet does not carry (a
 * MAC), a set that could not be read. Pure.
 */
import { parseNet, type Net } from '../model/ip-net.js';
import type { Packet } from '../analysis/packet.js';
import { protocolNumber } from '../model/protocols.js';
import { isNomatch, memberTimeout, typeParts, type IpSet, type SetMember } from './ip-set.js';

/** true, false, or the reason it cannot be told. */
export type SetAnswer = true | false | string;

/** The sets of the packet's namespace by name; null when they could not be read at all. */
export type SetLookup = ReadonlyMap<string, IpSet> | null;

/** How a lookup is asked: the flags after the set name and how far ahead expiry matters. */
export interface SetQuery {
  /** `src`, `dst` per dimension, as in `--match-set NAME src,dst`. */
  readonly flags: readonly string[];
  /** `--return-nomatch`: a nomatch member answers true, a plain one false. */
  readonly returnNomatch: boolean;
  /** Seconds ahead: a member that expires within them makes a deciding answer uncertain. @default 0 */
  readonly horizonSec?: number;
}

type Field =
  | { kind: 'addr'; net: Net }
  | { kind: 'port'; proto: number; port: number }
  | { kind: 'iface'; name: string }
  | { kind: 'mac' };

/** The packet's value for one dimension, or why it is unknown. */
function fieldOf(part: string, flag: string, packet: Packet): Field | string {
  const src = flag === 'src';
  if (part === 'ip' || part === 'net') {
    const address = src ? packet.source : packet.destination;
    const net = address === null ? null : parseNet(address);
    return net ? { kind: 'addr', net } : `the ${src ? 'source' : 'destination'} address was not given`;
  }
  if (part === 'port') {
    const port = src ? packet.sourcePort : packet.destinationPort;
    if (packet.protocol === null) return 'the protocol was not given';
    if (packet.protocol === 1 || packet.protocol === 58) return 'ICMP types in a port set are not modelled';
    if (port === null) return `the ${src ? 'source' : 'destination'} port was not given`;
    return { kind: 'port', proto: packet.protocol, port };
  }
  if (part === 'iface') {
    const name = src ? packet.inInterface : packet.outInterface;
    return name === null ? `the ${src ? 'incoming' : 'outgoing'} interface was not given` : { kind: 'iface', name };
  }
  if (part === 'mac') return 'the MAC address is not known';
  return `set dimension ${part} is not modelled`;
}

/** A member's element, cut into one value per dimension of the type. */
function elementParts(set: IpSet, member: SetMember): Field[] | null {
  const parts = typeParts(set.type);
  const texts = member.elem.split(',');
  if (texts.length !== parts.length) return null;
  const out: Field[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const text = texts[i]!;
    if (part === 'ip' || part === 'net') {
      const net = parseNet(text);
      if (!net) return null;
      out.push({ kind: 'addr', net });
    } else if (part === 'port') {
      // "tcp:22", "udp:53", "22" (tcp); bitmap:port has no protocol: any.
      const [proto, port] = text.includes(':') ? text.split(':') : [set.type === 'bitmap:port' ? '*' : 'tcp', text];
      const n = Number(port);
      if (!Number.isInteger(n)) return null;
      out.push({ kind: 'port', proto: proto === '*' ? -1 : Number(protocolNumber(proto!)), port: n });
    } else if (part === 'iface') out.push({ kind: 'iface', name: text.replace(/^physdev:/, '') });
    else out.push({ kind: 'mac' });
  }
  return out;
}

/**
 * How well the element covers the packet's fields: -1 not at all, else the total prefix length (most specific wins).
 */
function cover(element: readonly Field[], fields: readonly Field[]): number {
  let specificity = 0;
  for (let i = 0; i < element.length; i++) {
    const e = element[i]!;
    const f = fields[i]!;
    if (e.kind === 'addr' && f.kind === 'addr') {
      if (e.net.family !== f.net.family || e.net.prefix > f.net.prefix) return -1;
      const width = BigInt((e.net.family === 'ipv4' ? 32 : 128) - e.net.prefix);
      if (f.net.base >> width !== e.net.base >> width) return -1;
      specificity += e.net.prefix;
    } else if (e.kind === 'port' && f.kind === 'port') {
      if (e.port !== f.port || (e.proto !== -1 && e.proto !== f.proto)) return -1;
    } else if (e.kind === 'iface' && f.kind === 'iface') {
      if (e.name !== f.name) return -1;
    } else return -1;
  }
  return specificity;
}

/** Looks the packet up in `set` (and, for list:set, in its member sets in order). */
export function packetInSet(set: IpSet, packet: Packet, query: SetQuery, sets: SetLookup): SetAnswer {
  const horizon = query.horizonSec ?? 0;
  if (set.type === 'list:set') {
    let unsure: string | null = null;
    for (const m of set.members) {
      const inner = sets?.get(m.elem);
      const r = inner
        ? packetInSet(inner, packet, query, sets)
        : `set ${m.elem} (in list ${set.name}) could not be read`;
      if (r === true) return unsure ?? true;
      if (typeof r === 'string') unsure ??= r;
    }
    return unsure ?? false;
  }
  const parts = typeParts(set.type);
  // The kernel (ip_set_test) answers "no" when fewer directions are given than the type has.
  if (query.flags.length < parts.length) return false;
  const fields: Field[] = [];
  for (let i = 0; i < parts.length; i++) {
    const f = fieldOf(parts[i]!, query.flags[i]!, packet);
    if (typeof f === 'string') return `set ${set.name}: ${f}`;
    fields.push(f);
  }
  if (set.family !== null) {
    const family = fields.find((f): f is Extract<Field, { kind: 'addr' }> => f.kind === 'addr')?.net.family;
    if (family && family !== (set.family === 'inet6' ? 'ipv6' : 'ipv4')) return false;
  }
  // The kernel answers with the most specific element (longest prefixes); nomatch members are exceptions.
  let best: { member: SetMember; specificity: number } | null = null;
  let expiring: SetMember | null = null;
  for (const member of set.members) {
    const element = elementParts(set, member);
    if (element === null) return `set ${set.name}: member ${member.elem} is not understood`;
    const s = cover(element, fields);
    if (s < 0) continue;
    const t = memberTimeout(set, member);
    if (t !== null && t <= horizon) expiring ??= member;
    if (!best || s > best.specificity) best = { member, specificity: s };
  }
  const hit = best !== null && (query.returnNomatch ? isNomatch(best.member) : !isNomatch(best.member));
  if (expiring) return `set ${set.name}: member ${expiring.elem} expires within ${horizon} s`;
  return hit;
}
