/**
 * Stopping the Docker lab's daemons (docker-daemons.ts) and all they left: by pid, only processes in the lab's
 * network namespace or in its containers' cgroup, then the cgroups and the shims' socket directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, readlink, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DockerProcesses } from './docker-daemons.js';

/** The network namespace inode of a pid, or null when it is gone. */
export async function netnsOf(pid: string): Promise<string | null> {
  return readlink(`/proc/${pid}/ns/net`).catch(() => null);
}

/** Pids in the lab's network namespace or in its containers' cgroup: only what the lab started. */
export async function labPids(p: DockerProcesses): Promise<number[]> {
  const ns = await stat(`/run/netns/${p.netns}`).catch(() => null);
  const pids: number[] = [];
  for (const pid of (await readdir('/proc')).filter((e) => /^\d+$/.test(e))) {
    const inNetns = ns !== null && (await netnsOf(pid)) === `net:[${ns.ino}]`;
    const cg = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
    if (inNetns || cg.includes(`/${p.cgroup}/`)) pids.push(Number(pid));
  }
  return pids.filter((pid) => pid !== process.pid);
}

/** Whether a pid still runs (a zombie waiting for its parent to reap it counts as ended). */
export function running(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function stopPid(pid: number | undefined, ms: number): Promise<void> {
  if (!running(pid)) return;
  process.kill(pid!, 'SIGTERM');
  const until = Date.now() + ms;
  while (running(pid) && Date.now() < until) await sleep(50);
  if (running(pid)) process.kill(pid!, 'SIGKILL');
}

/** Removes the containers' cgroups (cgroup v1 controllers or v2), deepest first. */
async function removeCgroups(name: string): Promise<void> {
  const roots = [
    '/sys/fs/cgroup',
    ...(await readdir('/sys/fs/cgroup').catch(() => [])).map((c) => `/sys/fs/cgroup/${c}`),
  ];
  for (const root of roots) {
    const dir = join(root, name);
    if (!existsSync(dir)) continue;
    for (const child of await readdir(dir, { withFileTypes: true })) {
      if (child.isDirectory()) await rmdir(join(dir, child.name)).catch(() => {});
    }
    await rmdir(dir).catch(() => {});
  }
}

/** Stops dockerd (it stops its containers), containerd, then anything of the lab still alive. */
export async function stopDaemons(p: DockerProcesses): Promise<void> {
  await stopPid(p.dockerd?.pid, 15_000);
  await stopPid(p.containerd.pid, 5_000);
  for (let round = 0; round < 3; round++) {
    const left = await labPids(p);
    if (left.length === 0) break;
    for (const pid of left) await stopPid(pid, 2_000);
  }
  await removeCgroups(p.cgroup);
  if (!p.runContainerdExisted) {
    await rmdir('/run/containerd/s').catch(() => {});
    await rmdir('/run/containerd').catch(() => {});
  }
}
