/**
 * The IP sets' files as steps of a save (boot-transaction.ts), written like
 * the rules: atomically, the loader's mode, the previous version kept, never
 * through a link or outside the root. A per-set directory must end up holding
 * exactly the saved sets, since the loader restores every visible file there:
 * files of sets no longer saved are moved aside to hidden names, backups get
 * hidden names too.
 */
import { basename, dirname, join } from 'node:path';
import type { SetFile } from '../domain/boot/set-files.js';
import type { SetLoader } from '../domain/boot/set-loader.js';
import { existsBelowRoot, listBelowRoot } from './boot-targets.js';
import type { BootStep } from './boot-transaction.js';

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

/** A save's steps for the sets: each file of `files`, then (per-set directory) what no longer belongs there. */
export interface SetSteps {
  readonly steps: readonly BootStep[];
  /** What was saved, given per step whether a previous version was kept. */
  saved(kept: readonly boolean[]): SavedSets;
}

/** The steps writing `files` for `setLoader` below `root` (read-only: the directory is listed, never followed). */
export async function setFileSteps(root: string, setLoader: SetLoader, files: readonly SetFile[]): Promise<SetSteps> {
  const layout = setLoader.layout;
  const perSet = layout.kind === 'dir';
  const steps: BootStep[] = files.map((f) => ({
    kind: 'write',
    path: f.path,
    text: f.text,
    mode: setLoader.mode,
    backupPath: perSet ? hiddenBackup(f.path) : `${f.path}.bak`,
  }));
  if (layout.kind === 'dir') {
    const keep = new Set(files.map((f) => basename(f.path)));
    for (const name of (await listBelowRoot(root, layout.dir)).sort()) {
      if (name.startsWith('.') || keep.has(name)) continue;
      const path = `${layout.dir}/${name}`;
      steps.push({ kind: 'move', path, to: hiddenBackup(path) });
    }
    if (layout.alsoFile && (await existsBelowRoot(root, layout.alsoFile))) {
      steps.push({ kind: 'move', path: layout.alsoFile, to: `${layout.alsoFile}.bak` });
    }
    // RHEL's loader restores ipset.d from its own backup unless this flag says the directory was saved whole.
    if (layout.suffix === '.set') {
      steps.push({ kind: 'write', path: `${layout.dir}/.saved`, text: '', mode: 0o600, backupPath: null });
    }
  }
  const saved = (kept: readonly boolean[]): SavedSets => ({
    written: files.map((f) => f.path),
    backups: steps.flatMap((s, i) => (s.kind === 'write' && s.backupPath !== null && kept[i] ? [s.backupPath] : [])),
    movedAside: steps.flatMap((s) => (s.kind === 'move' ? [`${s.path} -> ${s.to}`] : [])),
  });
  return { steps, saved };
}
