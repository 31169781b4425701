/**
 * lintian on the .deb files of `npm run deb`: no tag of our making is left. The tags that remain come from
 * the Node.js binary built in, which fwtui does not compile (see KNOWN). Needs lintian (.ci/run installs it)
 * and the packages; under CI all.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT_DIR = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
const debs = ['amd64', 'arm64'].map((a) => join(ROOT_DIR, 'release', `fwtui_${version}_${a}.deb`));

/**
 * The Node.js runtime's, not ours: its zlib and mbedtls copies, built without PIE or fortify, and the
 * spellings in its own (and yoga-layout's) messages.
 */
const KNOWN = [
  /^E: fwtui: embedded-library (zlib|mbedtls) \[usr\/bin\/fwtui\]$/,
  /^W: fwtui: hardening-no-pie \[usr\/bin\/fwtui\]$/,
  /^I: fwtui: hardening-no-fortify-functions \[usr\/bin\/fwtui\]$/,
  /^I: fwtui: spelling-error-in-binary .* \[usr\/bin\/fwtui\]$/,
];

const reason = !debs.some((d) => existsSync(d))
  ? 'no .deb in release/ (npm run release && npm run deb)'
  : (await execa('lintian', ['--version'], { reject: false })).exitCode !== 0
    ? 'lintian is not installed'
    : null;
if (reason !== null) {
  if (process.env.FWTUI_STRICT_TESTS) throw new Error(`the lintian test must run under CI but cannot: ${reason}`);
  console.warn(`\n*** SKIPPING the lintian test: ${reason}. ***\n`);
}

describe.skipIf(reason !== null)('lintian on the .deb', () => {
  it.each(debs.filter((d) => existsSync(d)).map((d) => [basename(d), d]))(
    '%s has no tag of ours (pedantic, info included)',
    async (_name, deb) => {
      const r = await execa('lintian', ['--tag-display-limit', '0', '-I', '-E', '--pedantic', deb], { reject: false });
      const tags = String(r.stdout)
        .split('\n')
        .filter((l) => /^[EWIPX]: /.test(l));
      expect(tags.filter((t) => !KNOWN.some((k) => k.test(t)))).toEqual([]);
    },
    180_000,
  );
});
