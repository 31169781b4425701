/**
 * Checking a save's targets before anything is written (issue #17): every
 * directory between the root and a file is a plain directory or missing
 * (never a link, never `..`), and a file to be replaced is a regular file or
 * missing (never a link). Nothing is created or changed here, so a refusal
 * leaves every boot file as it was.
 */
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { WriteError } from './atomic-write.js';

/** A target below the root: its host path and the directories a write would have to create (top first). */
export interface CheckedTarget {
  readonly host: string;
  readonly missingDirs: readonly string[];
}

const lstatOrNull = (path: string) =>
  lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });

/**
 * Checks the directories from `root` down to the one holding `path` (inside the root), creating none.
 * @throws WriteError when one is a symbolic link, not a directory, or `..`
 */
export async function checkBelowRoot(root: string, path: string): Promise<CheckedTarget> {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) {
    throw new WriteError(`refusing to write ${path}: not a plain path inside ${root}; nothing was saved`);
  }
  const missingDirs: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const dir = join(root, ...parts.slice(0, i));
    const st = missingDirs.length > 0 ? null : await lstatOrNull(dir);
    if (st === null) missingDirs.push(dir);
    else if (st.isSymbolicLink()) {
      throw new WriteError(
        `${dir} is a symbolic link: fwtui does not write through links below ${root}; nothing was saved`,
      );
    } else if (!st.isDirectory()) throw new WriteError(`${dir} is not a directory; nothing was saved`);
  }
  return { host: join(root, ...parts), missingDirs };
}

/**
 * Checks a file a save replaces: missing, or a regular file (never a link, whose target would be written).
 * @throws WriteError naming the link or the non-regular file
 */
export async function checkReplaceable(root: string, path: string): Promise<CheckedTarget> {
  const target = await checkBelowRoot(root, path);
  const st = target.missingDirs.length > 0 ? null : await lstatOrNull(target.host);
  if (st?.isSymbolicLink()) {
    const to = await readlink(target.host).catch(() => '?');
    throw new WriteError(
      `${target.host} is a symbolic link (to ${to}): fwtui does not write through links;` +
        ' nothing was saved (make it a plain file)',
    );
  }
  if (st && !st.isFile()) throw new WriteError(`${target.host} is not a regular file; nothing was saved`);
  return target;
}

/**
 * Checks a name a save renames onto (a kept previous version, a file moved aside): anything but a directory.
 * @throws WriteError when it is a directory
 */
export async function checkRenameTarget(root: string, path: string): Promise<CheckedTarget> {
  const target = await checkBelowRoot(root, path);
  const st = target.missingDirs.length > 0 ? null : await lstatOrNull(target.host);
  if (st?.isDirectory()) throw new WriteError(`${target.host} is a directory; nothing was saved`);
  return target;
}

/** The names in directory `dir` (inside the root), never through a link; empty when it does not exist. */
export async function listBelowRoot(root: string, dir: string): Promise<string[]> {
  const target = await checkBelowRoot(root, `${dir}/x`);
  if (target.missingDirs.length > 0) return [];
  return readdir(join(target.host, '..'));
}

/** Whether `path` (inside the root) exists, as a link or anything else, never following a link. */
export async function existsBelowRoot(root: string, path: string): Promise<boolean> {
  const target = await checkBelowRoot(root, path);
  return target.missingDirs.length === 0 && (await lstatOrNull(target.host)) !== null;
}
