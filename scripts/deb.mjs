// npm run deb: release/fwtui_VERSION_amd64.deb (and _arm64) from the standalone executables of
// `npm run release`: /usr/bin/fwtui, the man page, bash and zsh completion (scripts/docs.mjs), Recommends: iptables.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './bundle.mjs';
import { writeDocs } from './docs.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'release');
const maintainer = process.env.DEB_MAINTAINER ?? 'fwtui maintainers <fwtui@users.noreply.github.com>';
const docs = await writeDocs(join(out, '.docs'));
const built = [];

for (const [arch, debArch] of [
  ['x64', 'amd64'],
  ['arm64', 'arm64'],
]) {
  const executable = join(out, `fwtui-${pkg.version}-linux-${arch}`);
  if (!existsSync(executable)) continue;
  const tree = join(out, `.deb-${debArch}`);
  rmSync(tree, { recursive: true, force: true });
  const files = [];
  const put = (path, data, mode = 0o644) => {
    const file = join(tree, path);
    if (!path.startsWith('DEBIAN/')) files.push(path);
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o755 });
    if (typeof data === 'string' || Buffer.isBuffer(data)) writeFileSync(file, data);
    else copyFileSync(data.copy, file);
    chmodSync(file, mode);
  };
  put('usr/bin/fwtui', { copy: executable }, 0o755);
  // gzip -9n: no name, no time, so the same input gives the same package.
  put('usr/share/man/man1/fwtui.1.gz', gzipSync(readFileSync(docs[0]), { level: 9 }));
  put('usr/share/bash-completion/completions/fwtui', readFileSync(docs[1]));
  put('usr/share/zsh/vendor-completions/_fwtui', readFileSync(docs[2]));
  put(
    'usr/share/doc/fwtui/copyright',
    `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: fwtui\n\n` +
      `Files: *\nCopyright: 2026 fwtui authors\nLicense: ${pkg.license}\n`,
  );
  const day = new Date().toUTCString().replace('GMT', '+0000');
  put(
    'usr/share/doc/fwtui/changelog.gz',
    gzipSync(
      `fwtui (${pkg.version}) unstable; urgency=medium\n\n  * Release ${pkg.version}.\n\n -- ${maintainer}  ${day}\n`,
      { level: 9 },
    ),
  );
  // DEBIAN/md5sums: what `dpkg --verify` (debsums) checks the installed files against.
  const md5 = (path) =>
    createHash('md5')
      .update(readFileSync(join(tree, path)))
      .digest('hex');
  put('DEBIAN/md5sums', files.map((f) => `${md5(f)}  ${f}\n`).join(''));
  const kb = Math.ceil((statSync(executable).size + 64 * 1024) / 1024);
  put(
    'DEBIAN/control',
    [
      'Package: fwtui',
      `Version: ${pkg.version}`,
      `Architecture: ${debArch}`,
      `Maintainer: ${maintainer}`,
      `Installed-Size: ${kb}`,
      'Depends: libc6 (>= 2.28), libstdc++6, libatomic1',
      'Recommends: iptables',
      'Suggests: iproute2',
      'Section: admin',
      'Priority: optional',
      `Description: ${pkg.description}`,
      ' fwtui shows the iptables rules with live counters, edits them and applies',
      ' changes with a safety net: unless confirmed in time, the old rules come back.',
      ' This package carries its own Node.js runtime in one executable.',
      '',
    ].join('\n'),
  );
  const deb = join(out, `fwtui_${pkg.version}_${debArch}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', tree, deb], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  rmSync(tree, { recursive: true, force: true });
  built.push(deb);
}
rmSync(join(out, '.docs'), { recursive: true, force: true });
if (built.length === 0) throw new Error('no executable in release/: run `npm run release` first');
console.log(built.map((d) => d.slice(root.length)).join('\n'));
