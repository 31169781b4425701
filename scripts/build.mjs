// Bundles src/cli.tsx into one ESM file (dist/fwtui.mjs): start-up reads one file instead of hundreds.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${root}src/cli.tsx`],
  outfile: `${root}dist/fwtui.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"' },
  // Ink imports react-devtools-core only in dev mode; it is not installed, so stub it.
  alias: { 'react-devtools-core': `${root}scripts/devtools-stub.mjs` },
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __fwtuiCreateRequire } from 'node:module'; const require = __fwtuiCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
