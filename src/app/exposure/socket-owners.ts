/**
 * Which process owns each socket of a namespace: the pids whose /proc/PID/ns/net is the namespace's, their
 * /proc/PID/fd links `socket:[INODE]`, and the program's name. A socket no such process holds stays unknown.
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

/**
 * A process's name as an admin knows it: its program file's (`/proc/PID/exe`), since /proc/PID/comm is the main
 * thread's name, which a program may change (Node 24 calls it `MainThread`); comm when the link is unreadable.
 */
async function programName(proc: ProcView, pid: number): Promise<string> {
  const exe = (await quiet(proc.readlink(`/proc/${pid}/exe`), '')).replace(/ \(deleted\)$/, '');
  const base = exe.slice(exe.lastIndexOf('/') + 1);
  return base !== '' ? base : (await quiet(proc.readFile(`/proc/${pid}/comm`), '')).trim();
}

/** The socket inodes a process holds, and its name ('' when it is gone or has no socket). */
async function socketsOf(proc: ProcView, pid: number): Promise<{ comm: string; inodes: number[] }> {
  const fds = await quiet(proc.readdir(`/proc/${pid}/fd`), []);
  const links = await Promise.all(fds.map((fd) => quiet(proc.readlink(`/proc/${pid}/fd/${fd}`), '')));
  const inodes = links.map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((x): x is string => x !== undefined);
  if (inodes.length === 0) return { comm: '', inodes: [] };
  return { comm: await programName(proc, pid), inodes: inodes.map(Number) };
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
  // Every pid at once: one by one, a busy host's thousand processes cost a second of waiting.
  const inside = await Promise.all(
    pids.map(async (pid) => ((await quiet(proc.readlink(`/proc/${pid}/ns/net`), '')) === target ? pid : null)),
  );
  const held = await Promise.all(inside.filter((p): p is number => p !== null).map((pid) => socketsOf(proc, pid)));
  for (const { comm, inodes } of held) for (const i of inodes) if (comm !== '' && !owners.has(i)) owners.set(i, comm);
  return owners;
}
