/**
 * Real Docker (Debian's docker.io) inside a throwaway network namespace, for the exposure tests.
 * containerd and dockerd run in a namespace this file creates ("host"), in a mount namespace of
 * their own (`unshare --mount --propagation slave`: their mounts never reach this machine's, and
 * unlike `ip netns exec` it keeps /sys/fs/cgroup), with every path under one private temp dir.
 * dockerd writes its iptables rules inside that namespace with the iptables flavour asked for
 * (a PATH of symlinks). An "internet" namespace is veth'd to it. close() takes all of it away:
 * containers, dockerd, containerd and shims (by pid), cgroups, namespaces, files.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labPids, stopDaemons } from './docker-cleanup.js';
import { type DockerProcesses, startDaemons } from './docker-daemons.js';
import { createNetns, type TestNetns } from './netns.js';

export type XtablesFlavour = 'nft' | 'legacy';

/** The link between the Docker host namespace (`wan0`) and the internet namespace. */
export const WAN = {
  iface: 'wan0',
  host: { ipv4: '198.51.100.1', ipv6: '2001:db8:18::1' },
  internet: { ipv4: '198.51.100.2', ipv6: '2001:db8:18::2' },
} as const;

/** The docker0 networks: container 1 gets .2, container 2 gets .3 (in start order). */
export const BRIDGE = { ipv4: '10.218.0.1/24', ipv6: 'fd18:d0c::/64' } as const;

export interface DockerLab {
  /** Where dockerd runs and writes its rules. */
  readonly host: TestNetns;
  /** A namespace on the other end of wan0: "the internet". */
  readonly internet: TestNetns;
  /** The docker CLI against this lab's daemon. */
  docker(args: readonly string[]): Promise<string>;
  /** The lab's private temp dir (0700): files for the test go here. */
  readonly dir: string;
  /** Why the daemon failed, for a test's message: the last lines of its log. */
  log(): Promise<string>;
  /** Every process of the lab: in its namespace or in its containers' cgroup. */
  pids(): Promise<number[]>;
  /** The cgroup dockerd puts the containers under (`--cgroup-parent`), in every hierarchy. */
  readonly cgroup: string;
  /** The daemons' private mount namespace (`mnt:[inode]`): it ends with the last of them. */
  mountNamespace(): Promise<string>;
  /** Takes everything away; a second call does nothing. */
  close(): Promise<void>;
}

const TOOLS = ['dockerd', 'containerd', 'containerd-shim-runc-v2', 'runc', 'docker', 'busybox', 'unshare', 'nsenter'];

/** Why real Docker cannot run here (a missing program), or null. */
export async function dockerUnavailableReason(): Promise<string | null> {
  const missing: string[] = [];
  for (const tool of TOOLS) {
    const r = await execa('which', [tool], { reject: false });
    if (r.exitCode !== 0) missing.push(tool);
  }
  if (missing.length > 0) return `missing ${missing.join(', ')} (apt-get install docker.io busybox-static)`;
  // The image holds busybox alone: a dynamically linked one (package busybox) would find no libc there.
  const linked = await execa('ldd', ['/bin/busybox'], { reject: false });
  return linked.exitCode === 0 ? '/bin/busybox is dynamically linked (apt-get install busybox-static)' : null;
}

/** iptables, ip6tables and their save/restore, all of one flavour, whatever this machine's alternatives say. */
async function flavourBin(dir: string, flavour: XtablesFlavour): Promise<string> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { mode: 0o700 });
  const multi = `/usr/sbin/xtables-${flavour}-multi`;
  for (const name of [
    'iptables',
    'iptables-save',
    'iptables-restore',
    'ip6tables',
    'ip6tables-save',
    'ip6tables-restore',
  ]) {
    await symlink(multi, join(bin, name));
  }
  return bin;
}

async function connect(host: TestNetns, internet: TestNetns): Promise<void> {
  const peer = `fwd${randomBytes(3).toString('hex')}`;
  await execa('ip', [
    'link',
    'add',
    WAN.iface,
    'netns',
    host.name,
    'type',
    'veth',
    'peer',
    peer,
    'netns',
    internet.name,
  ]);
  await host.exec(['ip', 'addr', 'add', `${WAN.host.ipv4}/24`, 'dev', WAN.iface]);
  await host.exec(['ip', 'addr', 'add', `${WAN.host.ipv6}/64`, 'dev', WAN.iface, 'nodad']);
  await host.exec(['ip', 'link', 'set', WAN.iface, 'up']);
  await internet.exec(['ip', 'link', 'set', peer, 'name', 'eth0']);
  await internet.exec(['ip', 'addr', 'add', `${WAN.internet.ipv4}/24`, 'dev', 'eth0']);
  await internet.exec(['ip', 'addr', 'add', `${WAN.internet.ipv6}/64`, 'dev', 'eth0', 'nodad']);
  await internet.exec(['ip', 'link', 'set', 'eth0', 'up']);
}

/** Checks, before dockerd starts, that a chain made in the namespace is not in this machine's rules. */
async function separateFirewall(ns: TestNetns, flavour: XtablesFlavour): Promise<void> {
  const mark = `FWTUI-LAB-${randomBytes(3).toString('hex')}`;
  await ns.exec([`iptables-${flavour}`, '-N', mark]);
  const inside = await ns.exec([`iptables-${flavour}-save`]);
  const outside = (await execa(`iptables-${flavour}-save`, [], { reject: false })).stdout;
  await ns.exec([`iptables-${flavour}`, '-X', mark]);
  if (!inside.includes(`:${mark} `) || outside.includes(mark)) {
    throw new Error(`iptables in namespace ${ns.name} is not separate from this machine's: not starting dockerd`);
  }
}

/** A one-layer image from this machine's busybox-static: httpd serving /www, udhcpd with a config. */
async function importImage(dir: string, docker: DockerLab['docker']): Promise<void> {
  const root = join(dir, 'image');
  for (const d of ['bin', 'www', 'etc', 'tmp']) await mkdir(join(root, d), { recursive: true });
  await execa('cp', ['/bin/busybox', join(root, 'bin', 'busybox')]);
  await symlink('busybox', join(root, 'bin', 'sh'));
  await writeFile(join(root, 'www', 'index.html'), 'hello from the container\n');
  const dhcp = ['interface eth0', 'start 10.218.0.100', 'end 10.218.0.110', 'lease_file /tmp/leases'];
  await writeFile(join(root, 'etc', 'udhcpd.conf'), `${dhcp.join('\n')}\n`);
  await execa('tar', ['-C', root, '-cf', join(dir, 'image.tar'), '.']);
  await docker(['import', join(dir, 'image.tar'), IMAGE]);
}

async function removeContainers(socket: string, dir: string): Promise<void> {
  const opts = { reject: false, env: { DOCKER_CONFIG: join(dir, 'cli') } } as const;
  const ids = (await execa('docker', ['-H', `unix://${socket}`, 'ps', '-aq'], opts)).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await execa('docker', ['-H', `unix://${socket}`, 'rm', '-f', ...ids], opts);
}

/** The image the lab's containers run. */
export const IMAGE = 'fwtui-busybox:lab';

/** Starts the lab; on any failure it takes away what it had made, then rethrows. */
export async function startDockerLab(flavour: XtablesFlavour): Promise<DockerLab> {
  const dir = await mkdtemp(join(tmpdir(), 'fwtui-docker-'));
  const made: { host?: TestNetns; internet?: TestNetns; daemons?: DockerProcesses } = {};
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Removed at once (SIGKILL): dockerd's own stop would give each container 10 s to end.
    if (made.daemons) await removeContainers(made.daemons.socket, dir);
    if (made.daemons) await stopDaemons(made.daemons);
    await made.internet?.remove();
    await made.host?.remove();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    made.host = await createNetns();
    made.internet = await createNetns();
    await connect(made.host, made.internet);
    const bin = await flavourBin(dir, flavour);
    await separateFirewall(made.host, flavour);
    made.daemons = await startDaemons({ dir, netns: made.host.name, bin, bridge: BRIDGE });
    const daemons = made.daemons;
    const docker = async (args: readonly string[]) => {
      const r = await execa('docker', ['-H', `unix://${daemons.socket}`, ...args], {
        reject: false,
        env: { DOCKER_CONFIG: join(dir, 'cli') },
      });
      if (r.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stderr}`);
      return r.stdout;
    };
    await importImage(dir, docker);
    return {
      host: made.host,
      internet: made.internet,
      dir,
      docker,
      log: daemons.log,
      cgroup: daemons.cgroup,
      pids: () => labPids(daemons),
      mountNamespace: () => readlink(`/proc/${daemons.containerd.pid}/ns/mnt`),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
