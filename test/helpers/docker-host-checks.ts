/**
 * What the real Docker test checks on this machine (never changes): its own firewall, the paths Docker writes by
 * default, the mount namespaces alive; and whether the test can run here at all.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import { running } from './docker-cleanup.js';
import { withoutCounters } from './docker-fixtures.js';
import { dockerUnavailableReason } from './docker-lab.js';
import { requireNetns } from './netns.js';

/** Whether the real Docker test can run here; under CI (FWTUI_STRICT_TESTS) it must. */
export async function requireDocker(): Promise<boolean> {
  if (!(await requireNetns())) return false;
  const reason = await dockerUnavailableReason();
  if (reason === null) return true;
  if (process.env.FWTUI_STRICT_TESTS) throw new Error(`the real Docker test must run under CI but cannot: ${reason}`);
  console.warn(`\n*** SKIPPING the real Docker test: ${reason}. ***\n`);
  return false;
}

/** This machine's own rules, every flavour and family: they must be the same after the test. */
export async function hostFirewall(): Promise<string> {
  const dumps: string[] = [];
  for (const tool of ['iptables-nft-save', 'ip6tables-nft-save', 'iptables-legacy-save', 'ip6tables-legacy-save']) {
    const r = await execa(tool, [], { reject: false });
    dumps.push(`${tool} (exit ${r.exitCode})\n${withoutCounters(r.stdout)}`);
  }
  return dumps.join('\n');
}

/** Paths Docker writes by default: the lab relocates them all, so they exist afterwards only if they did before. */
const DEFAULT_PATHS = [
  '/opt/containerd',
  '/etc/docker/key.json',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/run/docker',
];
export const leftovers = () => DEFAULT_PATHS.filter((p) => existsSync(p));

/** Pids of running processes in a mount namespace. */
export async function inMountNamespace(ns: string): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e));
  const found: string[] = [];
  for (const pid of pids) {
    // A zombie waiting to be reaped still shows its namespaces: it holds no mount.
    if ((await readlink(`/proc/${pid}/ns/mnt`).catch(() => '')) === ns && running(Number(pid))) found.push(pid);
  }
  return found;
}
