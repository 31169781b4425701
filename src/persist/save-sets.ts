/**
 * Writing the IP sets where the set loader reads them, as the rules are
 * written (save-boot.ts): atomically, the loader's mode, the previous
 * version kept, never through a link or outside the root. A per-set
 * directory must end up holding exactly the saved sets, since the loader
 * restores every visible file there: files of sets no longer saved are
 * moved aside to hidden names, backups get hidden names too.
 */
import { lstat, readdir, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SetFile } from '../domain/boot/set-files.js';
import type { SetLoader } from '../domain/boot/set-loader.js';
import { WriteError, writeFileAtomic } from './atomic-write.js';
import { dirBelowRoot } from './below-root.js';

export interface SavedSets {
  /** Paths written (inside the root). */
  readonly written: readonly string[];
  /** Previous versions kept (inside the root). */
  readonly backups: readonly string[];
  /** Files of sets no longer saved, moved aside: `from -> to`. */
  readonly movedAside: readonly string[];
}

/** The hidden name a per-set file's previous version is kept under: `/etc/ipset.d/.blacklist.bak`. */
export const hiddenBackup = (path: string): string => join(dirname(path), `.${basename(path)}.bak`);

/** Writes `files` for `setLoader` below `root`; `onWarning` hears of old files whose owner and mode were not kept. */
export async function writeSetFiles(
  root: string,
  setLoader: SetLoader,
  files: readonly SetFile[],
  onWarning: (w: string) => void,
  relabel?: (path: string) => Promise<void>,
): Promise<SavedSets> {
  const layout = setLoader.layout;
  const written: string[] = [];
  const backups: string[] = [];
  const movedAside: string[] = [];
  const perSet = layout.kind === 'dir';
  for (const f of files) {
    const host = await dirBelowRoot(root, f.path);
    const backupPath = perSet ? hiddenBackup(host) : undefined;
    const backup = await writeFileAtomic(host, f.text, { mode: setLoader.mode, backupPath, onWarning });
    await relabel?.(host);
    written.push(f.path);
    if (backup !== null) backups.push(perSet ? hiddenBackup(f.path) : `${f.path}.bak`);
  }
  if (layout.kind !== 'dir') return { written, backups, movedAside };
  const dirHost = dirname(await dirBelowRoot(root, `${layout.dir}/x`));
  const keep = new Set(files.map((f) => basename(f.path)));
  for (const name of (await readdir(dirHost)).sort()) {
    if (name.startsWith('.') || keep.has(name)) continue;
    await moveAside(join(dirHost, name), `${layout.dir}/${name}`, movedAside);
  }
  if (layout.alsoFile) {
    const also = await dirBelowRoot(root, layout.alsoFile);
    if ((await lstat(also).catch(() => null)) !== null) await moveAside(also, layout.alsoFile, movedAside, '.bak');
  }
  // RHEL's loader restores ipset.d from its own backup unless this flag says the directory was saved whole.
  if (layout.suffix === '.set') {
    await writeFileAtomic(await dirBelowRoot(root, `${layout.dir}/.saved`), '', { mode: 0o600, backupPath: null });
  }
  return { written, backups, movedAside };
}

/** Renames a file the loader would read to a name it does not (a link is moved as a link, never followed). */
async function moveAside(host: string, shown: string, done: string[], suffix?: string): Promise<void> {
  const to = suffix ? `${host}${suffix}` : hiddenBackup(host);
  try {
    await rename(host, to);
  } catch (e) {
    throw new WriteError(`cannot move ${shown} aside: ${(e as Error).message}`);
  }
  done.push(`${shown} -> ${suffix ? `${shown}${suffix}` : hiddenBackup(shown)}`);
}
