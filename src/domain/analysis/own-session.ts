/**
 * Is a tracked connection one of the admin's SSH sessions (the ones the lockout check protects)? Dropping its
 * conntrack entry can hang the session fwtui runs in, so the connections panel refuses it. Pure.
 */
import type { ConnEntry } from '../text/conntrack-entries.js';
import type { Protect, ProtectedSession } from './lockout.js';

/** The address as /proc and conntrack may both print it: lower case, an IPv4-mapped IPv6 address as IPv4. */
const plain = (address: string): string => address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
const same = (a: string | undefined, b: string): boolean => a !== undefined && plain(a) === plain(b);

/**
 * The protected SSH session `entry` carries, or null. The client is the original source (or the reply's
 * destination after a SNAT); the server is the original destination, or the reply's source after a DNAT.
 */
export function protectedSessionOf(entry: ConnEntry, protect: Protect): ProtectedSession | null {
  if (entry.protocol !== 'tcp') return null;
  const o = entry.original;
  const r = entry.reply;
  return (
    protect.sessions.find((s) => {
      const client =
        (same(o.source, s.client) && o.sourcePort === s.clientPort) ||
        (r !== null && same(r.destination, s.client) && r.destinationPort === s.clientPort);
      const server =
        (same(o.destination, s.server) && o.destinationPort === s.serverPort) ||
        (r !== null && same(r.source, s.server) && r.sourcePort === s.serverPort);
      return client && server;
    }) ?? null
  );
}
