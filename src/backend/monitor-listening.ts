/**
 * When a started xtables-monitor listens: its nf_tables netlink socket is in the event group (read from
 * /proc/PID/net/netlink and /proc/PID/fd). Before that, a commit reaches nobody: a read made to catch up must
 * start after it, or a change can fall between the read and the monitor.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { joinedRulesetEvents, socketInode } from '../domain/text/netlink-sockets.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The process's socket inodes (empty when it is gone or not readable). */
async function socketsOf(pid: number): Promise<Set<string>> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return new Set(links.map(socketInode).filter((i): i is string => i !== null));
}

/**
 * Resolves true once process `pid()` (the monitor; `ip netns exec`, setpriv and stdbuf exec into it, keeping the
 * pid) has joined the nf_tables event group; false when `over()` (it ended, was stopped) or after `limitMs`
 * without seeing it (a /proc that hides other processes: the caller goes on, as before this check existed).
 */
export async function monitorListens(
  pid: () => number | undefined,
  over: () => boolean,
  limitMs = 2000,
): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end && !over()) {
    const p = pid();
    if (p !== undefined) {
      const table = await readFile(`/proc/${p}/net/netlink`, 'utf8').catch(() => '');
      if (table && joinedRulesetEvents(table, await socketsOf(p))) return true;
    }
    await sleep(5);
  }
  return false;
}
