/**
 * The proof that `sudo fwtui` works on a stock server: a minimal Debian 12 root (debootstrap minbase,
 * iptables and iproute2 only, no Node, no libatomic1) gets the .deb through apt, which brings the one library
 * the built-in runtime links beyond glibc and libstdc++ (libatomic1, the package's Depends), and then runs
 * list, export, apply (reverting on time, kept by confirm) and the view in tmux, in a throwaway network
 * namespace, from /usr/bin/fwtui and from the bare executable; then dpkg -r leaves nothing.
 * Needs root, debootstrap, network for apt and `npm run release` + `npm run deb`; under CI all.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aptInRoot, cachedRoot, copyRoot, freshRootUnavailable, inRoot, runInRoot } from '../helpers/fresh-root.js';
import { createNetns, type TestNetns } from '../helpers/netns.js';

const ROOT_DIR = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
const released = join(ROOT_DIR, 'release', `fwtui-${version}-linux-${arch}`);
const executable = process.env.FWTUI_BIN ?? released;
const deb = join(ROOT_DIR, 'release', `fwtui_${version}_${arch === 'x64' ? 'amd64' : 'arm64'}.deb`);

const reason =
  (await freshRootUnavailable()) ??
  (existsSync(executable) ? null : `no executable at ${executable} (npm run release)`);
if (reason !== null) {
  if (process.env.FWTUI_STRICT_TESTS) throw new Error(`the fresh-server test must run under CI but cannot: ${reason}`);
  console.warn(`\n*** SKIPPING the fresh-server test: ${reason}. ***\n`);
}

const RULES = (port: number) =>
  `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n` +
  `-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport ${port} -j ACCEPT\nCOMMIT\n`;
const SOCKET = `fwtui-fresh-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Where the admin unpacked the download (not on PATH, so `fwtui` means the package's once installed). */
const BARE = `root/fwtui-${version}-linux-${arch}`;
const LIBATOMIC = join('usr', 'lib', arch === 'x64' ? 'x86_64-linux-gnu' : 'aarch64-linux-gnu', 'libatomic.so.1');
const PACKAGED = [
  'usr/bin/fwtui',
  'usr/share/man/man1/fwtui.1.gz',
  'usr/share/bash-completion/completions/fwtui',
  'usr/share/zsh/vendor-completions/_fwtui',
  'usr/share/doc/fwtui/copyright',
];

describe.skipIf(reason !== null)('a stock Debian 12 server without Node', () => {
  let root = '';
  let ns: TestNetns;
  const fwtui = (args: string[], input?: string, command = 'fwtui') =>
    runInRoot(root, [command, ...args], { netns: ns.name, input });

  beforeAll(async () => {
    const { dir, builtSeconds } = await cachedRoot();
    if (builtSeconds > 0) console.log(`debootstrap --variant=minbase bookworm took ${builtSeconds.toFixed(0)} s`);
    root = await copyRoot(dir);
    ns = await createNetns();
    await ns.exec(['iptables-restore', '-w', '5'], RULES(22));
  }, 900_000);

  afterAll(async () => {
    await tmux('kill-server');
    await ns?.remove();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** list, export, apply reverting on time, apply kept by confirm: with `command` (a path in the root). */
  async function safetyNet(command: string) {
    const list = await fwtui(['list'], undefined, command);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^Chain INPUT \(policy ACCEPT/);
    expect(list.stdout).toContain('tcp dpt:22');
    const exported = await fwtui(['export'], undefined, command);
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');
    await writeFile(join(root, 'root', 'new.rules'), RULES(2222));
    // Not confirmed: the guard (the executable started again, detached) puts port 22 back after 5 s.
    const apply = ['apply', '/root/new.rules', '--confirm-timeout', '5', '--no-wait'];
    const applied = await fwtui(apply, undefined, command);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect((await fwtui(['export'], undefined, command)).stdout).toContain('--dport 2222');
    await sleep(9000);
    const reverted = (await fwtui(['export'], undefined, command)).stdout;
    expect(reverted).toContain('--dport 22 ');
    expect(reverted).not.toContain('--dport 2222');
    // Confirmed: the new rules stay after the timeout.
    expect((await fwtui(apply, undefined, command)).exitCode).toBe(0);
    const confirm = await fwtui(['confirm'], undefined, command);
    expect(confirm.exitCode, confirm.stderr).toBe(0);
    await sleep(7000);
    expect((await fwtui(['export'], undefined, command)).stdout).toContain('--dport 2222');
    await ns.exec(['iptables-restore', '-w', '5'], RULES(22));
  }

  /** The view of `command` in tmux: its first screen on the live rules, then q quits with status 0. */
  async function viewOpensAndQuits(command: string) {
    const line = inRoot(root, [command], ns.name)
      .map((w) => `'${w.replaceAll("'", "'\\''")}'`)
      .join(' ');
    await tmux('new-session', '-d', '-s', 'f', '-x', '160', '-y', '30', `${line}; echo "fwtui exited $?"; sleep 30`);
    let screen = '';
    for (let i = 0; i < 150 && !screen.includes('rule 1/'); i++) {
      await sleep(200);
      screen = (await tmux('capture-pane', '-p', '-t', 'f')).stdout;
    }
    expect(screen).toContain('INPUT');
    expect(screen).toContain('rule 1/');
    await tmux('send-keys', '-t', 'f', 'q');
    for (let i = 0; i < 50 && !screen.includes('fwtui exited'); i++) {
      await sleep(200);
      screen = (await tmux('capture-pane', '-p', '-t', 'f')).stdout;
    }
    expect(screen).toContain('fwtui exited 0');
    await tmux('kill-server');
  }

  it('has no Node and no libatomic1, and the root has iptables (the premise)', async () => {
    expect(existsSync(join(root, 'usr', 'bin', 'node')) || existsSync(join(root, 'usr', 'bin', 'nodejs'))).toBe(false);
    expect(existsSync(join(root, LIBATOMIC)), LIBATOMIC).toBe(false);
    expect((await runInRoot(root, ['iptables', '-V'])).stdout).toMatch(/^iptables v1\.8/);
  });

  it('the download checks out as README says: SHA256SUMS verifies, the .xz unpacks to the executable', async () => {
    const sums = join(ROOT_DIR, 'release', 'SHA256SUMS');
    expect(existsSync(sums), `${sums} (npm run release)`).toBe(true);
    const check = await execa('sha256sum', ['--check', '--ignore-missing', 'SHA256SUMS'], {
      cwd: join(ROOT_DIR, 'release'),
    });
    expect(check.stdout).toContain(`fwtui-${version}-linux-${arch}.xz: OK`);
    const unpacked = await execa('sh', ['-c', 'xz -dc "$1" | cmp - "$2"', 'sh', `${released}.xz`, released], {
      reject: false,
    });
    expect(unpacked.exitCode, unpacked.stderr).toBe(0);
  }, 120_000);

  it('the bare executable needs libatomic1 (as README says): without it the loader names the library', async () => {
    await copyFile(executable, join(root, BARE));
    const r = await fwtui(['--version'], undefined, `/${BARE}`);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain('libatomic.so.1: cannot open shared object file');
  });

  it('apt installs the .deb and brings libatomic1 by its Depends; /usr/bin/fwtui, man page, completion', async () => {
    expect(existsSync(deb), `${deb} (npm run deb)`).toBe(true);
    await copyFile(deb, join(root, 'root', 'fwtui.deb'));
    const installed = await aptInRoot(root, ['install', '--no-install-recommends', '/root/fwtui.deb']);
    expect(installed.exitCode, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/Setting up libatomic1/);
    expect(existsSync(join(root, LIBATOMIC)), LIBATOMIC).toBe(true);
    expect((await runInRoot(root, ['sh', '-c', 'command -v fwtui'])).stdout.trim()).toBe('/usr/bin/fwtui');
    expect((await fwtui(['--version'], undefined, '/usr/bin/fwtui')).stdout).toMatch(
      /^fwtui \d+\.\d+\.\d+\nruntime: node \d+/,
    );
    // dpkg --verify checks the installed files against the package's md5sums: silent when all match.
    const verify = await runInRoot(root, ['dpkg', '--verify', 'fwtui']);
    expect(verify.exitCode, verify.stdout).toBe(0);
    expect(verify.stdout).toBe('');
    // The page man shows (man-db is not in minbase: rendered on the host from the installed file).
    const man = await execa('man', ['-l', join(root, 'usr', 'share', 'man', 'man1', 'fwtui.1.gz')], {
      env: { MANWIDTH: '100', MANPAGER: 'cat' },
    });
    expect(man.stdout).toMatch(/^FWTUI\(1\)/);
    expect(man.stdout).toContain('--confirm-timeout');
    for (const f of PACKAGED) expect(existsSync(join(root, f)), f).toBe(true);
  }, 320_000);

  it('/usr/bin/fwtui lists, exports and applies with the safety net (revert on time, confirm keeps)', async () => {
    await safetyNet('/usr/bin/fwtui');
  }, 120_000);

  it('/usr/bin/fwtui opens the view in a terminal on the live rules and q quits', async () => {
    await viewOpensAndQuits('/usr/bin/fwtui');
  }, 60_000);

  it('the bare executable, once libatomic1 is there, lists, exports and applies with the safety net', async () => {
    await safetyNet(`/${BARE}`);
  }, 120_000);

  it('the bare executable opens the view in a terminal and q quits', async () => {
    await viewOpensAndQuits(`/${BARE}`);
  }, 60_000);

  it('dpkg -r removes the package cleanly: none of its files stay, dpkg knows it no more', async () => {
    const removed = await runInRoot(root, ['dpkg', '-r', 'fwtui']);
    expect(removed.exitCode, removed.stderr).toBe(0);
    for (const f of PACKAGED) expect(existsSync(join(root, f)), f).toBe(false);
    expect(existsSync(join(root, 'usr', 'share', 'doc', 'fwtui')), 'usr/share/doc/fwtui').toBe(false);
    // No conffiles, so nothing to purge: dpkg has no record of the package left.
    const status = await runInRoot(root, ['dpkg', '-s', 'fwtui']);
    expect(status.exitCode, status.stdout).toBe(1);
    expect(status.stderr).toContain('is not installed');
  }, 60_000);
});
