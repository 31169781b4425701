/**
 * Paths below a filesystem root (`/`, or --root DIR) that fwtui writes to:
 * no `..` and no symbolic link in any directory between the root and the
 * file, so a write can never land outside the root or in a place a link
 * chose. Missing directories are created (0755), one component at a time.
 */
import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { WriteError } from './atomic-write.js';

/** The path of `path` (absolute, inside the root) on this machine. */
const hostOf = (root: string, parts: readonly string[]): string => join(root, ...parts);

/**
 * Checks (and creates, when missing) every directory from `root` down to the
 * one holding `path`; returns the file's host path.
 * @throws WriteError when a component is a symbolic link, not a directory, or `..`
 */
export async function dirBelowRoot(root: string, path: string): Promise<string> {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) {
    throw new WriteError(`refusing to write ${path}: not a plain path inside ${root}`);
  }
  for (let i = 1; i < parts.length; i++) {
    const dir = hostOf(root, parts.slice(0, i));
    const st = await lstat(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (st === null) {
      // Not recursive: each new directory is made inside one just checked.
      await mkdir(dir, { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      const made = await lstat(dir);
      if (!made.isDirectory()) throw new WriteError(`${dir} is not a plain directory; nothing was saved`);
    } else if (st.isSymbolicLink()) {
      throw new WriteError(
        `${dir} is a symbolic link: fwtui does not write through links below ${root};` + ` nothing was saved`,
      );
    } else if (!st.isDirectory()) throw new WriteError(`${dir} is not a directory; nothing was saved`);
  }
  return hostOf(root, parts);
}

/**
 * Reads a boot file below `root` the way a save would treat it: never
 * through a symbolic link (the file or a directory below the root).
 * @returns the text, or null when there is no such file
 * @throws WriteError naming the link (or the non-regular file)
 */
export async function readBelowRoot(root: string, path: string): Promise<string | null> {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new WriteError(`${path} is not a plain path inside ${root}`);
  for (let i = 1; i < parts.length; i++) {
    const dir = hostOf(root, parts.slice(0, i));
    const st = await lstat(dir).catch(() => null);
    if (st === null) return null;
    if (st.isSymbolicLink()) {
      throw new WriteError(`${dir} is a symbolic link: fwtui does not follow links below ${root}`);
    }
  }
  const file = hostOf(root, parts);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') {
      throw new WriteError(`${file} is a symbolic link: fwtui does not follow it (a save refuses it too)`);
    }
    throw e;
  }
  try {
    if (!(await handle.stat()).isFile()) throw new WriteError(`${file} is not a regular file`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
