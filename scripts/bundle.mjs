// The esbuild bundle of src/cli.tsx, shared by `npm run build` (dist/) and `npm run release` (standalone).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inkSpeed } from './ink-speed.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** "2026-11-30 da2e2e4": the build day and commit (without git, the day alone). */
export function buildId() {
  const day = new Date().toISOString().slice(0, 10);
  try {
    const git = ['-C', root, 'rev-parse', '--short', 'HEAD'];
    const commit = execFileSync('git', git, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return commit ? `${day} ${commit}` : day;
  } catch {
    return day;
  }
}

/**
 * The parsing worker (src/backend/parse-worker/parse-worker-main.ts) as one CommonJS script: the main bundle carries
 * it as text and starts it with `new Worker(code, { eval: true })`, which works from dist/ and from the single
 * executable alike (no second file to find).
 */
export async function parseWorkerCode() {
  const out = await build({
    entryPoints: [`${root}src/backend/parse-worker/parse-worker-main.ts`],
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** Bundles src/cli.tsx into one ESM file; `standalone` marks the copy that carries its runtime. */
export async function bundle({ outfile, standalone }) {
  await build({
    entryPoints: [`${root}src/cli.tsx`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    define: {
      'process.env.NODE_ENV': '"production"',
      'process.env.DEV': '"false"',
      __FWTUI_STANDALONE__: String(standalone),
      __FWTUI_BUILD__: JSON.stringify(buildId()),
      __FWTUI_PARSE_WORKER__: JSON.stringify(await parseWorkerCode()),
    },
    // Ink imports react-devtools-core only in dev mode; it is not installed, so stub it.
    alias: { 'react-devtools-core': `${root}scripts/devtools-stub.mjs` },
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js:
        'import { createRequire as __fwtuiCreateRequire } from ' +
        "'node:module'; const require = __fwtuiCreateRequire(import.meta.url);",
    },
    // Ink's frames cost what changed (widths and rows remembered); yoga loads without fetch.
    plugins: [inkSpeed(root)],
    logLevel: 'warning',
  });
}
