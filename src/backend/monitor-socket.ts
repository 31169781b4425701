/**
 * Whether the ruleset monitor lost events: its netlink socket as the kernel lists it (`/proc/PID/net/netlink`, the
 * monitor's own namespace) counts the messages dropped because the socket was full; and whether it is in the
 * nf_tables group (domain/text/netlink-sockets.ts). Read-only, no process started.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { joinedRulesetEvents, socketInode } from '../domain/text/netlink-sockets.js';

/** The monitor's socket: listening to ruleset events, and how many of them the kernel dropped. */
export interface MonitorSocket {
  readonly listening: boolean;
  readonly drops: number;
}

/** The `Drops` column of `/proc/net/netlink` summed over the sockets with these inodes. */
export function netlinkDrops(table: string, inodes: ReadonlySet<string>): number {
  let drops = 0;
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 10 && inodes.has(f[9]!)) drops += Number(f[8]);
  }
  return drops;
}

/** The monitor process's netlink socket (null when it cannot be read: gone, not started yet, no /proc). */
export async function monitorSocket(pid: number | undefined): Promise<MonitorSocket | null> {
  if (pid === undefined) return null;
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
    const inodes = new Set(links.map(socketInode).filter((i): i is string => i !== null));
    const table = await readFile(`/proc/${pid}/net/netlink`, 'utf8');
    return { listening: joinedRulesetEvents(table, inodes), drops: netlinkDrops(table, inodes) };
  } catch {
    return null;
  }
}
