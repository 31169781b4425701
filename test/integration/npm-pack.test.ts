/**
 * The npm path: `npm run package` -> `npm install -g ./fwtui-VERSION.tgz` into a temporary prefix gives a
 * working fwtui, and the package holds only what runs (the launcher and the bundle). Neither that install
 * nor the developers' `npm ci` in a fresh checkout prints a warning (EBADENGINE, allowScripts) a user must act on.
 */
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** npm's warnings, e.g. EBADENGINE when the running Node is older than `engines` asks. */
const warnings = (stderr: string) => stderr.split('\n').filter((l) => /^npm (warn|WARN)/.test(l));

describe('npm run package and npm install -g', () => {
  let dir = '';
  let tgz = '';
  let files: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwtui-pack-'));
    const packed = await execa('npm', ['run', '--silent', 'package'], { cwd: ROOT });
    tgz = join(dir, basename(packed.stdout.trim()));
    await rename(join(ROOT, packed.stdout.trim()), tgz);
    files = (await execa('tar', ['-tzf', tgz])).stdout
      .split('\n')
      .map((f) => f.replace(/^package\//, ''))
      .sort();
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('contains the launcher, the bundle and the docs only', () => {
    expect(files).toEqual(['README.md', 'bin/fwtui', 'dist/fwtui.mjs', 'package.json']);
  });

  it('packs without the developer scripts; a plain npm pack in the repository names npm run package', async () => {
    const manifest = (await execa('tar', ['-xzOf', tgz, 'package/package.json'])).stdout;
    expect(JSON.parse(manifest)).not.toHaveProperty('scripts');
    const plain = await execa('npm', ['pack', '--dry-run'], { cwd: ROOT, reject: false });
    expect(plain.exitCode).not.toBe(0);
    expect(plain.stderr).toContain('pack with `npm run package`');
  });

  it('names a supported Node LTS in engines', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    // Node 20 reached its end of life in April 2026.
    expect(pkg.engines.node).toMatch(/^>=(22|24|26)$/);
  });

  it('installs globally into a prefix and runs', async () => {
    const prefix = join(dir, 'prefix');
    const installed = await execa('npm', ['install', '-g', tgz, '--prefix', prefix, '--no-audit', '--no-fund'], {
      cwd: dir,
      reject: false,
    });
    expect(installed.exitCode, installed.stderr).toBe(0);
    expect(warnings(installed.stderr)).toEqual([]);
    const version = await execa(join(prefix, 'bin', 'fwtui'), ['--version']);
    expect(version.stdout).toMatch(/^fwtui \d+\.\d+\.\d+\n/);
    const list = await execa(join(prefix, 'bin', 'fwtui'), ['list', '--file', join(FIXTURE_DIR, 'ufw-basic.v4.save')]);
    expect(list.stdout).toMatch(/^Chain INPUT \(policy DROP/);
  }, 300_000);

  it("npm ci in a fresh checkout (the README's npm install) prints no warning and builds the bundle", async () => {
    const checkout = join(dir, 'checkout');
    await mkdir(checkout);
    // The tracked files as they are now (a fresh clone of this tree), without node_modules.
    await execa('sh', ['-c', 'git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$1"', 'sh', checkout], {
      cwd: ROOT,
    });
    const ci = await execa('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: checkout,
      reject: false,
    });
    expect(ci.exitCode, ci.stderr).toBe(0);
    expect(warnings(ci.stderr), `node ${process.version}`).toEqual([]);
    const version = await execa(join(checkout, 'bin', 'fwtui'), ['--version']);
    expect(version.stdout).toMatch(/^fwtui \d+\.\d+\.\d+\n/);
  }, 300_000);
});
