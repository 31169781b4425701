/**
 * A local user (nobody, through setpriv) prepares the ground, then root runs
 * fwtui apply on a real namespace: a state directory such a user could
 * rename, replace or redirect is refused in plain words, and nothing is
 * applied. (The guard's own file checks are in test/unit/state-dir-trust.)
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

const BASE = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ' + 'ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
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
  let dir: string;
  beforeAll(async () => {
    ns = await createNetns();
    // World-searchable so nobody can reach its own directories inside.
    dir = await mkdtemp(join(tmpdir(), 'fwtui-attack-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'block.rules'), BLOCK);
  });
  afterAll(async () => {
    await ns?.remove();
    await rm(dir, { recursive: true, force: true });
    for (const p of made) await rm(p, { recursive: true, force: true });
  });

  for (const variant of ['nft', 'legacy'] as const) {
    const blocked = async (): Promise<boolean> => (await ns.exec([`iptables-${variant}`, '-S', 'INPUT'])).includes('--dport 5555 -j DROP');
    const apply = (state: string) =>
      runCli(['apply', join(dir, 'block.rules'), '--no-wait', '--confirm-timeout', '5', '--netns', ns.name, '--backend', variant], {
        env: { ...process.env, FWTUI_STATE_DIR: state } as Record<string, string>,
      });

    it(`${variant}: FWTUI_STATE_DIR under a directory nobody made: refused, nothing applied`, async () => {
      await ns.exec([`iptables-${variant}-restore`], BASE);
      const theirs = await nobodysDir('0755');
      const r = await apply(join(theirs, 'state'));
      const where = join(theirs, 'state', 'netns', ns.name);
      expect(r.stderr).toBe(`fwtui: refusing the state directory ${where}: ${theirs} belongs to uid 65534, who could steer root's state\n`);
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
      expect(r.stderr).toMatch(/^fwtui: refusing the state directory .*: .*link-\w+ is a symbolic link: give fwtui the real path\n$/);
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
      const s = await runCli(['status', '--netns', ns.name, '--backend', variant], { env: { ...process.env, FWTUI_STATE_DIR: open } as Record<string, string> });
      expect(s.exitCode).toBe(1);
      expect(s.stderr).toMatch(/refusing the state directory/);
    });
  }
});
