/**
 * Finds the SSH connection the admin is using, even under sudo (which drops
 * SSH_CONNECTION): walk up the parent processes to sshd and map its socket
 * through /proc/PID/fd to /proc/PID/net/tcp{,6}. Inside tmux or screen the
 * parents lead to the multiplexer instead; then every established sshd peer
 * is protected. Only connections in the namespace whose firewall changes count.
 */
import { readFile, readdir, readlink, stat } from 'node:fs/promises';
import { interfaceTowards, sshInterfaces } from '../backend/routes.js';
import { listAddresses } from '../backend/local-addresses.js';
import type { CommandRunner } from '../backend/runner.js';
import { addressValue } from '../domain/model/ip-net.js';
import type { Protect, ProtectedSession } from '../domain/analysis/lockout.js';
import {
  connectionOf,
  parseStat,
  parseTcpTable,
  sshConnectionOf,
  type SshConnection,
  type TcpSocket,
} from '../domain/analysis/proc-net.js';

/** The bits of /proc this needs; tests give a fake one. */
export interface ProcView {
  readFile(path: string): Promise<string>;
  readlink(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  /** The inode number of a path (a namespace file under /run/netns). */
  inode(path: string): Promise<number>;
}

export const realProc: ProcView = {
  readFile: (p) => readFile(p, 'utf8'),
  readlink: (p) => readlink(p),
  readdir: (p) => readdir(p),
  inode: async (p) => (await stat(p)).ino,
};

export interface FindOptions {
  readonly runner: CommandRunner;
  /** The namespace whose firewall changes (`--netns`); this process's own when undefined. */
  readonly netns?: string;
  /** @default process.pid */
  readonly pid?: number;
  /** @default realProc */
  readonly proc?: ProcView;
}

const isSshd = (comm: string): boolean => comm.startsWith('sshd');
const isMultiplexer = (comm: string): boolean => comm.startsWith('tmux') || comm.toLowerCase() === 'screen';

async function quiet<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

/** Who to protect from a commit in this namespace. Never throws: what cannot be read is left out. */
export async function findProtect(options: FindOptions): Promise<Protect> {
  const proc = options.proc ?? realProc;
  const self = options.pid ?? process.pid;
  const target =
    options.netns === undefined
      ? await quiet(proc.readlink(`/proc/${self}/ns/net`), '')
      : `net:[${await quiet(proc.inode(`/run/netns/${options.netns}`), -1)}]`;
  const inTarget = async (pid: number): Promise<boolean> =>
    (await quiet(proc.readlink(`/proc/${pid}/ns/net`), '?')) === target;
  const sockets = async (pid: number): Promise<TcpSocket[]> => {
    const texts = await Promise.all(['tcp', 'tcp6'].map((t) => quiet(proc.readFile(`/proc/${pid}/net/${t}`), '')));
    return texts.flatMap(parseTcpTable);
  };
  const socketInodes = async (pid: number): Promise<Set<number>> => {
    const fds = await quiet(proc.readdir(`/proc/${pid}/fd`), []);
    const links = await Promise.all(fds.map((fd) => quiet(proc.readlink(`/proc/${pid}/fd/${fd}`), '')));
    return new Set(
      links
        .map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1])
        .filter((x): x is string => x !== undefined)
        .map(Number),
    );
  };

  const sshdPids: number[] = [];
  for (const name of await quiet(proc.readdir('/proc'), [])) {
    if (!/^\d+$/.test(name)) continue;
    const st = parseStat(await quiet(proc.readFile(`/proc/${name}/stat`), ''));
    if (st && isSshd(st.comm) && (await inTarget(Number(name)))) sshdPids.push(Number(name));
  }
  const table = sshdPids.length ? await sockets(sshdPids[0]!) : [];
  const sshdInodes = new Set<number>();
  for (const pid of sshdPids) for (const i of await socketInodes(pid)) sshdInodes.add(i);
  const sshdSockets = table.filter((s) => sshdInodes.has(s.inode));
  const listening = [...new Set(sshdSockets.filter((s) => s.state === 'listen').map((s) => s.localPort))];
  const sshPorts = listening.length ? listening : [22];
  const established = sshdSockets.filter((s) => s.state === 'established').map(connectionOf);

  const interfaces = await sshInterfaces(options.runner, options.netns);
  const addresses = await listAddresses(options.runner, options.netns);
  const finish = async (how: Protect['how'], found: readonly SshConnection[]): Promise<Protect> => ({
    how,
    sshPorts,
    interfaces,
    addresses,
    sessions: await Promise.all(
      unique(found).map(
        async (c): Promise<ProtectedSession> => ({
          ...c,
          inInterface: await interfaceTowards(options.runner, c.client, options.netns),
        }),
      ),
    ),
  });

  // Walk up from here: the first sshd above us holds this session's socket.
  let multiplexed = false;
  const environments: { pid: number; conn: SshConnection }[] = [];
  for (let pid = self, hops = 0; pid > 1 && hops < 64; hops++) {
    const st = parseStat(await quiet(proc.readFile(`/proc/${pid}/stat`), ''));
    if (!st) break;
    if (isMultiplexer(st.comm)) multiplexed = true;
    if (isSshd(st.comm) && (await inTarget(pid))) {
      const mine = await socketInodes(pid);
      const own = (await sockets(pid)).filter((s) => s.state === 'established' && mine.has(s.inode)).map(connectionOf);
      if (own.length) return finish('own', own);
    }
    const env = sshConnectionOf(await quiet(proc.readFile(`/proc/${pid}/environ`), ''));
    if (env && (await inTarget(pid))) environments.push({ pid, conn: env });
    pid = st.ppid;
  }
  // SSH_CONNECTION only counts while that connection still exists (in tmux it may be an old one).
  if (!multiplexed) {
    for (const { conn } of environments) {
      if (established.some((c) => sameConnection(c, conn))) return finish('environment', [conn]);
    }
  }
  return finish(sshdPids.length ? 'all' : 'none', established);
}

function sameConnection(a: SshConnection, b: SshConnection): boolean {
  const eq = (x: string, y: string): boolean => addressValue(x)?.value === addressValue(y)?.value;
  return (
    a.clientPort === b.clientPort && a.serverPort === b.serverPort && eq(a.client, b.client) && eq(a.server, b.server)
  );
}

function unique(list: readonly SshConnection[]): SshConnection[] {
  return list.filter((c, i) => list.findIndex((d) => sameConnection(c, d)) === i);
}
