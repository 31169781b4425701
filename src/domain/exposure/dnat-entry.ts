/**
 * Reading a DNAT'd port (dnat-ports.ts) for the report: on which interfaces the rule rewrites, where its
 * `to` points, and the address it is published on. Pure.
 */
import type { DnatPort } from './dnat-ports.js';
import { addressValue, parseNet } from '../model/ip-net.js';
import { addressText } from '../text/address-text.js';
import { isLocalAddress, type InterfaceAddress } from '../analysis/local-addresses.js';
import { parseNatTo } from '../analysis/nat-target.js';

/** `eth+` matches every name starting with `eth`, as iptables' `-i` does. */
export function ifaceMatches(pattern: string, iface: string): boolean {
  return pattern.endsWith('+') ? iface.startsWith(pattern.slice(0, -1)) : pattern === iface;
}

/** Whether the rule rewrites packets arriving on `iface`. */
export function dnatOn(d: DnatPort, iface: string): boolean {
  if (d.inOnly !== null && !ifaceMatches(d.inOnly, iface)) return false;
  return !d.inNot.some((p) => ifaceMatches(p, iface));
}

/** Where a DNAT sends: an address (null: kept, REDIRECT) or the first of a range up to `last`, and the port. */
export interface DnatTarget {
  readonly address: string | null;
  /** The range's last address (`10.0.0.2-10.0.0.4`): the kernel picks one of them per connection. */
  readonly last?: string;
  readonly port: number;
}

/**
 * `172.17.0.2:80` → address and port; `:3128` or null (REDIRECT) → no address; `10.0.0.2` → the same port;
 * `10.0.0.2-10.0.0.4:80` → a range (see parseNatTo); a port range → its first port.
 */
export function dnatTarget(to: string | null, port: number): DnatTarget {
  if (to === null) return { address: null, port };
  const family = to.startsWith('[') || /^[^.]*:[^.]*:/.test(to) ? 'ipv6' : 'ipv4';
  const t = parseNatTo(to, family);
  if (!t) return { address: null, port };
  const kept = t.ports?.[0] ?? port;
  if (t.first === null) return { address: null, port: kept };
  return { address: t.first, ...(t.last !== null && t.last !== t.first ? { last: t.last } : {}), port: kept };
}

/** `to` as the report prints it: REDIRECT keeping the port is `:PORT` (this host). */
export const dnatTo = (d: DnatPort): string => d.to ?? `:${d.port}`;

/** The rule's `-d` as one address (`127.0.0.1/32` → `127.0.0.1`), or the network's text when it is wider. */
export function publishedOn(d: DnatPort): { address: string | null; network: string | null } {
  if (d.bindAddress === null) return { address: null, network: null };
  const n = parseNet(d.bindAddress);
  const host = /^([^/]+)(?:\/(32|128))?$/.exec(d.bindAddress);
  if (n && n.prefix === (n.family === 'ipv4' ? 32 : 128) && host) return { address: host[1]!, network: null };
  return { address: null, network: d.bindAddress };
}

/**
 * Whether a DNAT's target is this machine (REDIRECT, or an address of it): for a range, every address in it
 * (up to 256 looked at), null when some are and some are not, or the range is too wide to look at.
 */
export function targetIsHere(locals: readonly InterfaceAddress[], t: DnatTarget): boolean | null {
  if (t.address === null) return true;
  if (t.last === undefined) return isLocalAddress(locals, t.address);
  const a = addressValue(t.address);
  const b = addressValue(t.last);
  if (!a || !b || b.value - a.value > 255n) return null;
  const here = new Set<boolean>();
  for (let v = a.value; v <= b.value; v++) here.add(isLocalAddress(locals, addressText(v, a.family)));
  return here.size === 1 ? here.has(true) : null;
}
