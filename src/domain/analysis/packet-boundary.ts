/**
 * Whether two packet lines of `xtables-monitor -t` under one trace id are two packets. The kernel reuses a trace id
 * within a connection, so the id alone does not say it: the IP ID, the length and the TCP flags do not change
 * between the hooks of one packet (NAT rewrites addresses and ports, a forwarded packet gains OUT=), so a
 * difference in any of them is another packet. IPv6 has no IP ID: identical packets there are told apart by their
 * trace starting again (watched-packets.ts). Pure.
 */
import type { PacketFields } from '../text/trace-events.js';

/** The TCP flags the monitor prints as bare words. */
const FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR'];

/** Whether packet line `next` shows another packet than `last` (both of the same trace id). */
export function isOtherPacket(last: PacketFields, next: PacketFields): boolean {
  for (const key of ['ID', 'LEN'])
    if (last[key] !== undefined && next[key] !== undefined && last[key] !== next[key]) return true;
  return FLAGS.some((f) => f in last !== f in next);
}
