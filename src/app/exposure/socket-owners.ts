/**
 * Which process owns each socket of a namespace: the pids whose /proc/PID/ns/net is the namespace's, their
 * /proc/PID/fd links `socket:[INODE]`, and /proc/PID/comm. A socket no such process holds stays unknown.
 */
import { realProc, type ProcView } from '../admin-sessions.js';

async function quiet<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

/** The namespace's `net:[N]` link text (this process's own when `netns` is undefined); null when unknown. */
async function namespaceLink(proc: ProcView, netns: string | undefined): Promise<string | null> {
  if (netns === undefined) return quiet(proc.readlink('/proc/self/ns/net'), null);
  const inode = await quiet(proc.inode(`/run/netns/${netns}`), null);
  return inode === null ? null : `net:[${inode}]`;
}

/** Socket inode → the name of a process holding it (the lowest pid when several share it). */
export async function socketOwners(netns: string | undefined, proc: ProcView = realProc): Promise<Map<number, string>> {
  const owners = new Map<number, string>();
  const target = await namespaceLink(proc, netns);
  if (target === null) return owners;
  const pids = (await quiet(proc.readdir('/proc'), []))
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    if ((await quiet(proc.readlink(`/proc/${pid}/ns/net`), '')) !== target) continue;
    const fds = await quiet(proc.readdir(`/proc/${pid}/fd`), []);
    const links = await Promise.all(fds.map((fd) => quiet(proc.readlink(`/proc/${pid}/fd/${fd}`), '')));
    const inodes = links.map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((x): x is string => x !== undefined);
    if (inodes.length === 0) continue;
    const comm = (await quiet(proc.readFile(`/proc/${pid}/comm`), '')).trim();
    if (comm === '') continue;
    for (const i of inodes) if (!owners.has(Number(i))) owners.set(Number(i), comm);
  }
  return owners;
}
