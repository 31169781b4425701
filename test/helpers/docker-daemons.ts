/**
 * containerd and dockerd for the Docker lab (docker-lab.ts): started inside a network namespace and a
 * private mount namespace, every path relocated under the lab's temp dir, and stopped by pid with all
 * they left behind (containers, shims, docker-proxy, cgroups). Never touches this machine's Docker.
 */
import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { netnsOf, stopDaemons } from './docker-cleanup.js';

export interface DaemonOptions {
  readonly dir: string;
  readonly netns: string;
  /** A directory of iptables symlinks first in the daemons' PATH. */
  readonly bin: string;
  readonly bridge: { readonly ipv4: string; readonly ipv6: string };
}

export interface DockerProcesses {
  readonly socket: string;
  readonly netns: string;
  /** The cgroup under which dockerd puts every container (--cgroup-parent). */
  readonly cgroup: string;
  readonly containerd: ResultPromise;
  readonly dockerd: ResultPromise | undefined;
  /** Whether /run/containerd existed before (shims put their sockets in /run/containerd/s). */
  readonly runContainerdExisted: boolean;
  log(): Promise<string>;
}

const wait = async (what: string, ready: () => Promise<boolean>, ms: number, log: () => Promise<string>) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ready()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not start within ${ms} ms:\n${await log()}`);
};

function containerdConfig(dir: string): string {
  const c = join(dir, 'containerd');
  return `version = 2
root = "${c}/root"
state = "${c}/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "${c}/containerd.sock"
[ttrpc]
  address = "${c}/containerd.sock.ttrpc"
[debug]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "${c}/opt"
`;
}

/** Starts containerd, then dockerd in containerd's mount namespace, both in the network namespace. */
export async function startDaemons(o: DaemonOptions): Promise<DockerProcesses> {
  const env = { PATH: `${o.bin}:/usr/sbin:/usr/bin:/sbin:/bin`, LC_ALL: 'C' };
  const cgroup = `fwtui-lab-${randomBytes(4).toString('hex')}`;
  const runContainerdExisted = existsSync('/run/containerd');
  await writeFile(join(o.dir, 'containerd.toml'), containerdConfig(o.dir), { mode: 0o600 });
  // /etc/docker/key.json otherwise; the config file also keeps /etc/docker/daemon.json out.
  await writeFile(join(o.dir, 'daemon.json'), JSON.stringify({ 'deprecated-key-path': join(o.dir, 'key.json') }));
  const logs = { containerd: join(o.dir, 'containerd.log'), dockerd: join(o.dir, 'dockerd.log') };
  const log = async () => {
    const tail = async (f: string) =>
      existsSync(f) ? (await readFile(f, 'utf8')).split('\n').slice(-25).join('\n') : '';
    return `--- containerd\n${await tail(logs.containerd)}\n--- dockerd\n${await tail(logs.dockerd)}`;
  };
  const net = `--net=/run/netns/${o.netns}`;
  const containerdSocket = join(o.dir, 'containerd', 'containerd.sock');
  const containerd = execa(
    'unshare',
    ['--mount', '--propagation', 'slave', 'nsenter', net, 'containerd', '--config', join(o.dir, 'containerd.toml')],
    { env, extendEnv: false, stdin: 'ignore', stdout: { file: logs.containerd }, stderr: { file: logs.containerd } },
  );
  containerd.catch(() => {});
  const processes: DockerProcesses = {
    socket: join(o.dir, 'docker.sock'),
    netns: o.netns,
    cgroup,
    containerd,
    dockerd: undefined,
    runContainerdExisted,
    log,
  };
  try {
    await wait('containerd', async () => existsSync(containerdSocket), 15_000, log);
    // Before dockerd writes a rule: the daemons really are in the lab's namespace, not this machine's.
    const ns = await stat(`/run/netns/${o.netns}`);
    const where = await netnsOf(String(containerd.pid));
    if (where !== `net:[${ns.ino}]`) throw new Error(`containerd runs in ${where}, not in namespace ${o.netns}`);
    const dockerd = execa(
      'nsenter',
      [`--mount=/proc/${containerd.pid}/ns/mnt`, net, 'dockerd', ...dockerdArgs(o, containerdSocket, cgroup)],
      { env, extendEnv: false, stdin: 'ignore', stdout: { file: logs.dockerd }, stderr: { file: logs.dockerd } },
    );
    dockerd.catch(() => {});
    Object.assign(processes, { dockerd });
    const up = async () => {
      const r = await execa('docker', ['-H', `unix://${processes.socket}`, 'version'], {
        reject: false,
        env: { DOCKER_CONFIG: join(o.dir, 'cli') },
      });
      return r.exitCode === 0;
    };
    await wait('dockerd', up, 30_000, log);
    return processes;
  } catch (e) {
    await stopDaemons(processes);
    throw e;
  }
}

function dockerdArgs(o: DaemonOptions, containerdSocket: string, cgroup: string): string[] {
  return [
    '--config-file',
    join(o.dir, 'daemon.json'),
    '--data-root',
    join(o.dir, 'data'),
    '--exec-root',
    join(o.dir, 'exec'),
    '--pidfile',
    join(o.dir, 'dockerd.pid'),
    '-H',
    `unix://${join(o.dir, 'docker.sock')}`,
    '--containerd',
    containerdSocket,
    '--storage-driver',
    'vfs',
    '--exec-opt',
    'native.cgroupdriver=cgroupfs',
    '--cgroup-parent',
    cgroup,
    '--bip',
    o.bridge.ipv4,
    '--ipv6',
    '--fixed-cidr-v6',
    o.bridge.ipv6,
    '--experimental',
    '--ip6tables',
    '--iptables=true',
  ]; // prettier-ignore
}
