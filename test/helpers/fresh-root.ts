/**
 * A stock Debian 12 server as a directory: `debootstrap --variant=minbase bookworm` with iptables and
 * iproute2 only (no Node, no libatomic1: the Node runtime built into fwtui links libatomic.so.1, which
 * minbase lacks; the .deb's Depends brings it, `aptInRoot` lets apt fetch it), cached under /var/cache/fwtui-ci
 * (FWTUI_CI_CACHE) and rebuilt once a day, then copied for each test so dpkg runs never leave traces in the cache.
 * Commands run in it with
 * chroot inside a private mount namespace (proc and dev mounted for it, gone on exit; the root's own /run
 * keeps the safety net's state from one command to the next, as on a server) and,
 * for the firewall, inside a throwaway network namespace the test created on the host.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const FRESH_PACKAGES = ['iptables', 'iproute2'];
const MIRROR = process.env.FWTUI_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

/** Why a fresh root cannot be built here (not root, no debootstrap), or null. */
export async function freshRootUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'not root';
  if ((await execa('debootstrap', ['--version'], { reject: false })).exitCode !== 0)
    return 'debootstrap is not installed';
  return null;
}

/** The cached pristine root (built now when today's is missing) and how long building it took (0 when cached). */
export async function cachedRoot(): Promise<{ dir: string; builtSeconds: number }> {
  const cache = process.env.FWTUI_CI_CACHE ?? '/var/cache/fwtui-ci';
  const key = `bookworm-minbase-${FRESH_PACKAGES.join('+')}-${new Date().toISOString().slice(0, 10)}`;
  const dir = join(cache, key);
  if (existsSync(join(dir, 'usr', 'sbin', 'iptables'))) return { dir, builtSeconds: 0 };
  await mkdir(cache, { recursive: true, mode: 0o700 });
  const building = await mkdtemp(join(cache, 'building-'));
  const started = performance.now();
  const include = `--include=${FRESH_PACKAGES.join(',')}`;
  const r = await execa('debootstrap', ['--variant=minbase', include, 'bookworm', building, MIRROR], {
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0) {
    await rm(building, { recursive: true, force: true });
    throw new Error(`debootstrap failed (exit ${r.exitCode}):\n${String(r.all).slice(-2000)}`);
  }
  // The package lists too, as a server has them (so a test's apt fetches only what it installs).
  const lists = await aptLists(building);
  if (lists !== null) {
    await rm(building, { recursive: true, force: true });
    throw new Error(`apt-get update in the new root failed:\n${lists.stderr.slice(-2000)}`);
  }
  const builtSeconds = (performance.now() - started) / 1000;
  // Yesterday's roots go; a concurrent run that finished first keeps its copy.
  for (const old of (await execa('ls', [cache])).stdout.split('\n')) {
    if (old.startsWith('bookworm-minbase-') && old !== key)
      await rm(join(cache, old), { recursive: true, force: true });
  }
  if (existsSync(dir)) await rm(building, { recursive: true, force: true });
  else await rename(building, dir);
  return { dir, builtSeconds };
}

/** A private copy of the cached root in a fresh temporary directory. */
export async function copyRoot(pristine: string): Promise<string> {
  const base = await mkdtemp(join(process.env.FWTUI_CI_CACHE ?? '/var/cache/fwtui-ci', 'run-'));
  await execa('cp', ['-a', `${pristine}/.`, base]);
  return base;
}

/** The sh script that mounts /proc and /dev for a chroot in a private mount namespace, then runs "$@". */
const SETUP = ['set -e; r=$1; shift', 'mount -t proc proc "$r/proc"', 'mount --rbind /dev "$r/dev"', 'exec "$@"'].join(
  '; ',
);

/**
 * argv that runs `command` in `root` as root, inside network namespace `netns` when given
 * (entered with the host's `ip netns exec`, so inside the root fwtui meets the namespace as its own).
 */
export function inRoot(root: string, command: readonly string[], netns?: string): string[] {
  const enter = netns ? ['ip', 'netns', 'exec', netns] : [];
  const path = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const env = ['/usr/bin/env', '-i', path, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'HOME=/root'];
  const chroot = [...enter, 'chroot', root, ...env, ...command];
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', SETUP, 'sh', root, ...chroot];
}

interface RootRunOptions {
  netns?: string;
  input?: string;
  timeoutMs?: number;
}

/** Runs `command` in the root (see inRoot); never rejects. */
export async function runInRoot(root: string, command: readonly string[], options: RootRunOptions = {}) {
  const [file, ...args] = inRoot(root, command, options.netns);
  const timeout = options.timeoutMs ?? 60_000;
  const r = await execa(file!, args, { input: options.input ?? '', reject: false, timeout });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

const APT = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-q', '-y', '-o', 'Dpkg::Use-Pty=0'];

/** The root's package lists, fetched by its own apt (host network, resolver) when it has none; null or the failure. */
async function aptLists(root: string) {
  await copyFile('/etc/resolv.conf', join(root, 'etc', 'resolv.conf'));
  const lists = await readdir(join(root, 'var', 'lib', 'apt', 'lists')).catch(() => []);
  if (lists.some((f) => f.endsWith('_Packages'))) return null;
  const updated = await runInRoot(root, [...APT, 'update'], { timeoutMs: 300_000 });
  return updated.exitCode === 0 ? null : updated;
}

/**
 * `apt-get ARGS` in the root as an admin runs it, with the host's network (not in a test namespace):
 * what `apt install ./fwtui_….deb` does on a server.
 */
export async function aptInRoot(root: string, args: readonly string[]) {
  return (await aptLists(root)) ?? runInRoot(root, [...APT, ...args], { timeoutMs: 300_000 });
}
