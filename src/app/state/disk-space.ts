/**
 * Room in the state directory. /run is a small tmpfs: a commit must not be
 * armed on a disk that cannot hold its files, and the guard must always be
 * able to say how a revert ended. So an apply checks the free space before
 * it touches the kernel and leaves a small reserve file in the commit
 * directory that the guard deletes to make room for its last words.
 */
import { constants } from 'node:fs';
import { open, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes kept back for the guard's outcome (and its pid file, should the disk fill up meanwhile). */
export const RESERVE_BYTES = 16 * 1024;

/** Pages a commit writes besides its record and copies: deadline, token, guard pid and log, outcome, temp files. */
const SMALL_FILES = 8;

const PAGE = 4096;

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Whether `e` says the disk (or the quota) is full. */
export const isDiskFull = (e: unknown): boolean => errno(e) === 'ENOSPC' || errno(e) === 'EDQUOT';

/** The words for a full disk, naming the directory an admin knows (not the commit's subdirectory). */
export const diskFullWords = (dir: string): string => `the disk holding ${dir} is full`;

/** What a commit of files this big needs free, counted in whole pages (tmpfs allocates pages). */
export function roomNeeded(sizes: readonly number[]): number {
  const pages = sizes.reduce((n, s) => n + Math.max(1, Math.ceil(s / PAGE)), 0);
  return (pages + SMALL_FILES) * PAGE + RESERVE_BYTES;
}

/** Free bytes for us in the filesystem holding `dir`; null when it cannot be told. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** Writes the reserve file of a commit directory (real zeros: a sparse file would not hold room on tmpfs). */
export async function writeReserve(dir: string): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fh = await open(join(dir, 'reserve'), flags, 0o600);
  try {
    await fh.writeFile(Buffer.alloc(RESERVE_BYTES));
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Deletes the reserve, so what follows (the outcome of a revert) has room. */
export const releaseReserve = (dir: string): Promise<void> =>
  rm(join(dir, 'reserve'), { force: true }).catch(() => undefined);
