/**
 * Reading a DNAT'd port (dnat-ports.ts) for the report: on which interfaces the rule rewrites, where its
 * `to` points, and the address it is published on. Pure.
 */
import type { DnatPort } from './dnat-ports.js';
import { addressValue, parseNet } from '../model/ip-net.js';

/** `eth+` matches every name starting with `eth`, as iptables' `-i` does. */
export function ifaceMatches(pattern: string, iface: string): boolean {
  return pattern.endsWith('+') ? iface.startsWith(pattern.slice(0, -1)) : pattern === iface;
}

/** Whether the rule rewrites packets arriving on `iface`. */
export function dnatOn(d: DnatPort, iface: string): boolean {
  if (d.inOnly !== null && !ifaceMatches(d.inOnly, iface)) return false;
  return !d.inNot.some((p) => ifaceMatches(p, iface));
}

/** `172.17.0.2:80` → address and port; `:3128` or null (REDIRECT) → no address; `10.0.0.2` → the same port. */
export function dnatTarget(to: string | null, port: number): { address: string | null; port: number } {
  if (to === null) return { address: null, port };
  const v6 = /^\[([^\]]+)\](?::(\d+))?/.exec(to);
  if (v6) return { address: v6[1]!, port: v6[2] ? Number(v6[2]) : port };
  if (addressValue(to)) return { address: to, port };
  const m = /^([^:]*):(\d+)(?:-\d+)?$/.exec(to);
  if (m) return { address: m[1] === '' ? null : m[1]!, port: Number(m[2]) };
  const range = /^([^:-]+)/.exec(to);
  return { address: range && addressValue(range[1]!) ? range[1]! : null, port };
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
