/**
 * Directories root can trust: fwtui runs as root and keeps its safety-net
 * state on disk, so a local user who could rename, replace or symlink any
 * directory on the way to it could silence the guard or steer what it
 * loads. A path is trusted when every component from `/` down is a real
 * directory (never a symlink) owned by root (or by us) that nobody else may
 * write to, except a sticky directory such as /tmp, where others may add
 * entries but never rename or remove ours.
 */
import { constants, lstatSync, mkdirSync, openSync, closeSync, fstatSync, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';

/** A directory on the way is not one root can trust. */
export class UntrustedPathError extends Error {}

const STICKY = 0o1000;
const OTHERS_WRITE = 0o022;

const me = (): number => process.geteuid?.() ?? 0;

/** Why `st` (the directory at `path`) cannot be trusted, or null. */
function distrust(path: string, st: Stats): string | null {
  if (st.isSymbolicLink()) return `${path} is a symbolic link: give fwtui the real path`;
  if (!st.isDirectory()) return `${path} is not a directory`;
  if (st.uid !== 0 && st.uid !== me()) return `${path} belongs to uid ${st.uid}, who could steer root's state`;
  if ((st.mode & OTHERS_WRITE) !== 0 && (st.mode & STICKY) === 0) {
    return (
      `${path} is writable by ${st.mode & 0o002 ? 'every user' : 'its group'} ` +
      `(mode ${(st.mode & 0o7777).toString(8)})`
    );
  }
  return null;
}

/** `/`, `/run`, `/run/fwtui`, …: every directory from the root down to `path`. */
export function pathPrefixes(path: string): string[] {
  const parts = resolve(path).split(sep).filter(Boolean);
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

/**
 * Checks every component of `path` (which must exist). The last one must
 * also be ours alone (no group or other write, no sticky exception).
 * @throws UntrustedPathError naming the component and why
 */
export function assertTrustedDir(path: string): void {
  const all = pathPrefixes(path);
  for (const p of all) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      throw new UntrustedPathError(`cannot check ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const why = distrust(p, st);
    if (why) throw new UntrustedPathError(why);
  }
  const last = all[all.length - 1]!;
  const st = lstatSync(last);
  if ((st.mode & OTHERS_WRITE) !== 0)
    throw new UntrustedPathError(`${last} is writable by others (mode ${(st.mode & 0o7777).toString(8)})`);
  // Opened without following a link, checked on the descriptor: the same directory as the one checked by name.
  const fd = openSync(last, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    const opened = fstatSync(fd);
    if (opened.ino !== st.ino || opened.dev !== st.dev)
      throw new UntrustedPathError(`${last} changed while fwtui checked it`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks the components of `path` that exist, from `/` down to the first
 * missing one (a missing state directory holds nothing to trust, but one an
 * untrusted parent could still fill is refused all the same).
 * @throws UntrustedPathError
 */
export function assertTrustedSoFar(path: string): void {
  for (const p of pathPrefixes(path)) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new UntrustedPathError(`cannot check ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    inTheWay(p, st);
    const why = distrust(p, st);
    if (why) throw new UntrustedPathError(why);
  }
  assertTrustedDir(path);
}

/** A plain file where a directory should be is in the way (ENOTDIR), not an attack. */
function inTheWay(path: string, st: Stats): void {
  if (!st.isDirectory() && !st.isSymbolicLink())
    throw Object.assign(new Error(`${path} is not a directory`), { code: 'ENOTDIR' });
}

/**
 * Creates what is missing of `path`, one directory at a time (0700, never
 * through a symlink), checking each existing component on the way.
 * @throws UntrustedPathError, or the errno error of mkdir
 */
export function ensureTrustedDir(path: string): void {
  for (const p of pathPrefixes(path)) {
    let st: Stats | null = null;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (st === null) {
      // mkdir never follows a symlink at the last component: EEXIST if one was planted meanwhile.
      mkdirSync(p, { mode: 0o700 });
      st = lstatSync(p);
    }
    inTheWay(p, st);
    const why = distrust(p, st);
    if (why) throw new UntrustedPathError(why);
  }
  assertTrustedDir(path);
}
