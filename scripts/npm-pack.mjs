// npm run package: release/fwtui-VERSION.tgz, the npm package, packed from a staging copy whose package.json
// keeps only what an installed fwtui needs (no scripts, no devDependencies). Packed from the repository itself,
// its `prepare` (the developers' build) would make `npm install -g ./fwtui-VERSION.tgz` warn that an install
// script is "not yet covered by allowScripts" and tell the user to allow it, though it never runs there.
// `npm run package -- --guard` is the repository's prepack: a plain `npm pack` stops and names this command.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './bundle.mjs';

if (process.argv.includes('--guard')) {
  console.error('fwtui: pack with `npm run package` (release/fwtui-VERSION.tgz, without the developer scripts)');
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!existsSync(join(root, 'dist', 'fwtui.mjs'))) throw new Error('no dist/fwtui.mjs: run `npm run build` first');
const out = join(root, 'release');
const stage = join(out, '.npm');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const { name, version, description, type, license, bin, engines, files, dependencies } = pkg;
const manifest = { name, version, description, type, license, bin, engines, files, dependencies };
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const f of ['README.md', 'bin', 'dist/fwtui.mjs']) cpSync(join(root, f), join(stage, f), { recursive: true });
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
  cwd: stage,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
rmSync(stage, { recursive: true, force: true });
console.log(join('release', packed.trim().split('\n').pop()));
