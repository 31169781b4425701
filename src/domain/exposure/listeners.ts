/**
 * The sockets that wait for connections: /proc/net/{tcp,tcp6,udp,udp6} (TCP in state 0A "listen", UDP in
 * state 07 "unconnected, bound"), and which of them a family's packets reach (`::` also takes IPv4 when
 * bindv6only is 0). Pure.
 */
import { parseTcpTable } from '../analysis/proc-net.js';
import { addressValue } from '../model/ip-net.js';
import type { Family } from '../model/ruleset.js';

export type Proto = 'tcp' | 'udp';

/** One socket waiting for packets. */
export interface Listener {
  readonly proto: Proto;
  readonly family: Family;
  /** The bound address: `0.0.0.0`, `::` (every address) or one address. */
  readonly address: string;
  readonly port: number;
  /** The socket's inode (`socket:[N]` in /proc/PID/fd); 0 when unknown (a --listen SPEC). */
  readonly inode: number;
  /** The owning process's name (/proc/PID/comm); null when unknown. */
  readonly process: string | null;
}

/** Which /proc/net file a text came from. */
export type SocketTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** The listening (TCP) or bound and unconnected (UDP) sockets of one /proc/net table. */
export function parseListeners(text: string, table: SocketTable): Listener[] {
  const proto: Proto = table.startsWith('tcp') ? 'tcp' : 'udp';
  const waiting = proto === 'tcp' ? 'listen' : '07';
  return parseTcpTable(text)
    .filter((s) => s.state === waiting)
    .map((s) => ({
      proto,
      family: s.family,
      address: s.localAddress,
      port: s.localPort,
      inode: s.inode,
      process: null,
    }));
}

/** `0.0.0.0` or `::`: bound to every address. */
export const isWildcard = (address: string): boolean => address === '0.0.0.0' || address === '::';

/** 127.0.0.0/8 or ::1: reached only from this machine. */
export function isLoopback(address: string): boolean {
  const a = addressValue(address);
  if (!a) return false;
  return a.family === 'ipv4' ? a.value >> 24n === 127n : a.value === 1n;
}

/**
 * The listeners packets of `family` reach, one per (proto, address, port): IPv4 ones, and for IPv4 also
 * the `::` ones when `bindv6only` is false (a socket of `::` then takes IPv4 too; it is listed as `::`).
 */
export function listenersOf(family: Family, all: readonly Listener[], bindv6only: boolean): Listener[] {
  const out = new Map<string, Listener>();
  for (const l of all) {
    let seen: Listener | null = l.family === family ? l : null;
    // Dual-stack: the socket keeps its bind `::`, which takes every address (isWildcard).
    if (!seen && family === 'ipv4' && !bindv6only && l.address === '::') seen = { ...l, family };
    if (!seen) continue;
    const key = `${seen.proto} ${seen.address} ${seen.port}`;
    const had = out.get(key);
    if (!had || (had.process === null && seen.process !== null)) out.set(key, seen);
  }
  return [...out.values()].sort((a, b) => a.proto.localeCompare(b.proto) || a.port - b.port);
}
