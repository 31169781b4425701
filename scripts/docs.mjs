// Writes fwtui.1, the bash completion and the zsh one (_fwtui) to DIR (default release/docs) from the sources
// --help and the view use: bundles src/cli/docs/write-docs.ts with esbuild and runs it.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './bundle.mjs';

/** Writes DIR/fwtui.1, DIR/fwtui.bash and DIR/_fwtui; returns their paths. */
export async function writeDocs(dir = join(root, 'release', 'docs')) {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, '.write-docs.mjs');
  const source = join(root, 'src/cli/docs/write-docs.ts');
  await build({
    entryPoints: [source],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const { writeDocsTo } = await import(entry);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = writeDocsTo(dir, version, new Date().toISOString().slice(0, 10));
  rmSync(entry);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await writeDocs(process.argv[2])).join('\n'));
