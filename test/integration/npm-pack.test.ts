/**
 * The npm path: `npm pack` -> `npm install -g ./fwtui-VERSION.tgz` into a temporary prefix gives a
 * working fwtui, and the package holds only what runs (the launcher and the bundle).
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('npm pack and npm install -g', () => {
  let dir = '';
  let tgz = '';
  let files: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwtui-pack-'));
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    tgz = join(dir, info!.filename);
    files = info!.files.map((f) => f.path).sort();
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('contains the launcher, the bundle and the docs only', () => {
    expect(files).toEqual(['README.md', 'bin/fwtui', 'dist/fwtui.mjs', 'package.json']);
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
    const version = await execa(join(prefix, 'bin', 'fwtui'), ['--version']);
    expect(version.stdout).toMatch(/^fwtui \d+\.\d+\.\d+\n/);
    const list = await execa(join(prefix, 'bin', 'fwtui'), ['list', '--file', join(FIXTURE_DIR, 'ufw-basic.v4.save')]);
    expect(list.stdout).toMatch(/^Chain INPUT \(policy DROP/);
  }, 300_000);
});
