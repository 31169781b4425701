/**
 * A local user (nobody, through setpriv) prepares the ground, then root runs
 * fwtui apply on a real namespace: a state directory such a user could
 * rename, replace or redirect is refused in plain words, and nothing is
 * applied. Then root itself (a bug, a mistaken edit) changes what an armed
 * guard would act on: the guard cross-checks the record with what it was
 * started with and loads nothing. (The guard's own file checks are in
 * test/unit/state-dir-trust and test/unit/commit-seal.)
 */
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

const BASE =
  '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ' +
  'ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const BLOCK = BASE.replace('COMMIT', '-A INPUT -p tcp -m tcp --dport 5555 -j DROP\nCOMMIT');

/** Runs argv as nobody (uid/gid 65534), as an attacker on the machine would. */
const asNobody = async (argv: string[]): Promise<string> =>
  (await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', ...argv])).stdout;
const made: string[] = [];
/** A directory of nobody's own under /tmp (sticky, so anyone may make one), mode `mode`. */
async function nobodysDir(mode: string): Promise<string> {
  const path = await asNobody(['mktemp', '-d', join(tmpdir(), 'fwtui-nobody-XXXXXXXX')]);
  made.push(path);
  await asNobody(['chmod', mode, path]);
  return path;
}

describe.runIf(available)('a state directory nobody else can steer (nft and legacy)', () => {
  let ns: TestNetns;
  let other: TestNetns;
  let dir: string;
  beforeAll(async () => {
    ns = await createNetns();
    other = await createNetns();
    // World-searchable so nobody can reach its own directories inside.
    dir = await mkdtemp(join(tmpdir(), 'fwtui-attack-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'block.rules'), BLOCK);
  });
  afterAll(async () => {
    await ns?.remove();
    await other?.remove();
    await rm(dir, { recursive: true, force: true });
    for (const p of made) await rm(p, { recursive: true, force: true });
  });

  for (const variant of ['nft', 'legacy'] as const) {
    const blocked = async (): Promise<boolean> =>
      (await ns.exec([`iptables-${variant}`, '-S', 'INPUT'])).includes('--dport 5555 -j DROP');
    const apply = (state: string) =>
      runCli(
        [
          'apply',
          join(dir, 'block.rules'),
          '--no-wait',
          '--confirm-timeout',
          '5',
          '--netns',
          ns.name,
          '--backend',
          variant,
        ],
        {
          env: { ...process.env, FWTUI_STATE_DIR: state } as Record<string, string>,
        },
      );

    it(`${variant}: FWTUI_STATE_DIR under a directory nobody made: refused, nothing applied`, async () => {
      await ns.exec([`iptables-${variant}-restore`], BASE);
      const theirs = await nobodysDir('0755');
      const r = await apply(join(theirs, 'state'));
      const where = join(theirs, 'state', 'netns', ns.name);
      expect(r.stderr).toBe(
        `fwtui: refusing the state directory ${where}: ${theirs} belongs to uid 65534, who could steer root's state\n`,
      );
      expect(r.exitCode).toBe(1);
      expect(await blocked()).toBe(false);
      expect(existsSync(join(theirs, 'state'))).toBe(false);
    });

    it(`${variant}: a parent nobody replaced by a symlink: refused, nothing created where it points`, async () => {
      await ns.exec([`iptables-${variant}-restore`], BASE);
      const theirs = await nobodysDir('0777');
      const link = join(dir, `link-${variant}`);
      await execa('ln', ['-s', theirs, link]);
      const r = await apply(join(link, 'state'));
      expect(r.stderr).toMatch(
        /^fwtui: refusing the state directory .*: .*link-\w+ is a symbolic link: give fwtui the real path\n$/,
      );
      expect(r.exitCode).toBe(1);
      expect(await blocked()).toBe(false);
      expect(existsSync(join(theirs, 'state'))).toBe(false);
    });

    it(`${variant}: a root-owned state directory anyone may write: refused`, async () => {
      await ns.exec([`iptables-${variant}-restore`], BASE);
      const open = join(dir, `open-${variant}`);
      await execa('mkdir', ['-m', '0777', open]);
      await chmod(open, 0o777);
      const r = await apply(open);
      expect(r.stderr).toMatch(/is writable by every user \(mode 777\)\n$/);
      expect(r.exitCode).toBe(1);
      expect(await blocked()).toBe(false);
      // status refuses it too, instead of trusting what is inside
      const s = await runCli(['status', '--netns', ns.name, '--backend', variant], {
        env: { ...process.env, FWTUI_STATE_DIR: open } as Record<string, string>,
      });
      expect(s.exitCode).toBe(1);
      expect(s.stderr).toMatch(/refusing the state directory/);
    });

    /** Applies BLOCK with a guard armed, state in a fresh root-only directory; returns the commit's directory. */
    async function armed(): Promise<{ state: string; commit: string }> {
      await ns.exec([`iptables-${variant}-restore`], BASE);
      const state = await mkdtemp(join(dir, `state-${variant}-`));
      const r = await apply(state);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(await blocked()).toBe(true);
      const root = join(state, 'netns', ns.name);
      const id = readdirSync(root).find((n) => /^[0-9a-f]{16}$/.test(n))!;
      return { state, commit: join(root, id) };
    }
    /** Waits past the deadline (5 s) for the guard and its watcher to act and end. */
    async function afterDeadline(commit: string): Promise<string> {
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        const log = readFileSync(join(commit, 'guard.log'), 'utf8');
        const alive = ['guard', 'watcher'].some((role) => {
          try {
            return existsSync(`/proc/${readFileSync(join(commit, `${role}.pid`), 'utf8').trim()}`);
          } catch {
            return false;
          }
        });
        if (!alive && /ANOMALY|reverted/.test(log)) return log;
        await new Promise((r) => setTimeout(r, 200));
      }
      return readFileSync(join(commit, 'guard.log'), 'utf8');
    }
    const status = (state: string) =>
      runCli(['status', '--netns', ns.name, '--backend', variant], {
        env: { ...process.env, FWTUI_STATE_DIR: state } as Record<string, string>,
      });
    const otherRules = async (): Promise<string> =>
      (await other.exec([`iptables-${variant}-save`])).replace(/^#.*\n/gm, '');

    it(`${variant}: commit.json sent to another namespace after arming: nothing loaded; status shouts`, async () => {
      await other.exec([`iptables-${variant}-restore`], BLOCK);
      const before = await otherRules();
      const { state, commit } = await armed();
      const path = join(commit, 'commit.json');
      // As root: the record now names another namespace (with the attacker's copy, it would load it there).
      writeFileSync(path, readFileSync(path, 'utf8').replace(`"netns": "${ns.name}"`, `"netns": "${other.name}"`));
      writeFileSync(
        join(commit, 'before-ipv4.rules'),
        BASE.replace('COMMIT', '-A INPUT -s 203.0.113.66/32 -j ACCEPT\nCOMMIT'),
      );
      const log = await afterDeadline(commit);
      expect(log).toMatch(/ANOMALY: .*commit\.json names namespace/);
      expect(log).not.toMatch(/commit \w+ reverted/);
      expect(await otherRules()).toBe(before);
      // The namespace keeps what it had: the unconfirmed rules, and nothing of the planted copy.
      expect(await blocked()).toBe(true);
      expect(await ns.exec([`iptables-${variant}`, '-S', 'INPUT'])).not.toContain('203.0.113.66');
      const s = await status(state);
      expect(s.exitCode).toBe(1);
      expect(s.stderr).toMatch(/NOT reverted/);
      expect(s.stderr).toMatch(/commit\.json names namespace/);
      expect(await otherRules()).toBe(before);
      expect(await blocked()).toBe(true);
      // Nor into the host's firewall (only read here).
      expect((await execa(`iptables-${variant}-save`, [], { reject: false })).stdout).not.toContain('203.0.113.66');
    }, 40_000);

    it(`${variant}: commit.json given another backend after arming: nothing loaded with it`, async () => {
      const alt = variant === 'nft' ? 'legacy' : 'nft';
      const altRules = async (): Promise<string> => (await ns.exec([`iptables-${alt}-save`])).replace(/^#.*\n/gm, '');
      const { state, commit } = await armed();
      const before = await altRules();
      const path = join(commit, 'commit.json');
      writeFileSync(path, readFileSync(path, 'utf8').replace(`"backend": "${variant}"`, `"backend": "${alt}"`));
      const log = await afterDeadline(commit);
      expect(log).toMatch(/ANOMALY: .*commit\.json names backend/);
      expect(await blocked()).toBe(true);
      expect(await altRules()).toBe(before);
      const s = await status(state);
      expect(s.exitCode).toBe(1);
      expect(s.stderr).toMatch(/NOT reverted/);
      expect(await blocked()).toBe(true);
    }, 40_000);

    it(`${variant}: before-ipv4.rules replaced after arming: the guard refuses to load it`, async () => {
      const { state, commit } = await armed();
      writeFileSync(
        join(commit, 'before-ipv4.rules'),
        BASE.replace('COMMIT', '-A INPUT -s 203.0.113.66/32 -j ACCEPT\nCOMMIT'),
      );
      const log = await afterDeadline(commit);
      expect(log).toMatch(/ANOMALY: .*before-ipv4\.rules was changed after the commit was armed/);
      expect(await ns.exec([`iptables-${variant}`, '-S', 'INPUT'])).not.toContain('203.0.113.66');
      expect(await blocked()).toBe(true);
      const s = await status(state);
      expect(s.exitCode).toBe(1);
      expect(s.stderr).toMatch(/before-ipv4\.rules was changed after the commit was armed/);
      // revert refuses too, and says why
      const r = await runCli(['revert', '--netns', ns.name, '--backend', variant], {
        env: { ...process.env, FWTUI_STATE_DIR: state } as Record<string, string>,
      });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/NOT reverted/);
      expect(await ns.exec([`iptables-${variant}`, '-S', 'INPUT'])).not.toContain('203.0.113.66');
    }, 40_000);
  }
});
