/**
 * The arm64 executable, run: under qemu-user (qemu-aarch64-static) with Debian's arm64 cross
 * libraries (/usr/aarch64-linux-gnu: libc6, libstdc++6, libatomic1 -arm64-cross) as its root, it prints
 * its version and lists and exports a saved ruleset exactly as the x64 executable does.
 * Needs `npm run release` and the packages above (.ci/run installs them); under CI all.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT_DIR = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
const arm64 = join(ROOT_DIR, 'release', `fwtui-${version}-linux-arm64`);
const x64 = join(ROOT_DIR, 'release', `fwtui-${version}-linux-x64`);
const QEMU = 'qemu-aarch64-static';
const LIBS = '/usr/aarch64-linux-gnu';
const FIXTURE = join(ROOT_DIR, 'test', 'fixtures', 'ufw-basic.v4.save');

const reason = !existsSync(arm64)
  ? `no arm64 executable at ${arm64} (npm run release)`
  : (await execa(QEMU, ['--version'], { reject: false })).exitCode !== 0
    ? `${QEMU} is not installed (apt-get install qemu-user-static)`
    : !existsSync(join(LIBS, 'lib', 'libatomic.so.1'))
      ? 'no arm64 libraries (apt-get install libc6-arm64-cross libstdc++6-arm64-cross libatomic1-arm64-cross)'
      : null;
if (reason !== null) {
  if (process.env.FWTUI_STRICT_TESTS) throw new Error(`the arm64 test must run under CI but cannot: ${reason}`);
  console.warn(`\n*** SKIPPING the arm64 test: ${reason}. ***\n`);
}

/** The arm64 executable under qemu, bounded in time; never rejects. */
const onArm64 = (args: string[]) =>
  execa(QEMU, ['-L', LIBS, arm64, ...args], { reject: false, timeout: 40_000, env: { LANG: 'C.UTF-8' } });
/** The export's first line names the moment it was made: not part of the comparison. */
const body = (exported: string) => exported.split('\n').slice(1).join('\n');

describe.skipIf(reason !== null)('the arm64 executable under qemu', () => {
  it('is an aarch64 ELF that prints its version and runtime', async () => {
    expect((await execa('readelf', ['-h', arm64])).stdout).toMatch(/Machine:\s+AArch64/);
    const started = performance.now();
    const r = await onArm64(['--version']);
    console.log(`arm64 --version under qemu: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^fwtui ${version.replaceAll('.', '\\.')}\\nruntime: node \\d+.*linux-arm64`));
  }, 60_000);

  it('lists and exports a saved ruleset as the x64 executable does', async () => {
    const started = performance.now();
    const [list, exported] = await Promise.all([
      onArm64(['list', '--file', FIXTURE]),
      onArm64(['export', '--file', FIXTURE]),
    ]);
    console.log(`arm64 list + export under qemu: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^Chain INPUT \(policy DROP/);
    expect(exported.exitCode, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('*filter\n:INPUT DROP');
    if (existsSync(x64) && process.arch === 'x64') {
      expect(list.stdout).toBe((await execa(x64, ['list', '--file', FIXTURE])).stdout);
      expect(body(exported.stdout)).toBe(body((await execa(x64, ['export', '--file', FIXTURE])).stdout));
    }
  }, 60_000);
});
