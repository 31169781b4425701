/**
 * Reading files that fwtui (as root) did not necessarily write itself: a
 * `--file` named by the admin, or the safety net's state files. Only regular
 * files are read. The file is opened non-blocking (a FIFO cannot hang us)
 * and checked on the open descriptor (fstat), so it cannot be swapped
 * between the check and the read; state files are opened without following
 * a symlink, and every read has a size limit.
 */
import { constants, closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** The file is not something fwtui reads: not a regular file, a symlink where none may be, or too big. */
export class UnsafeFileError extends Error {
  constructor(
    readonly path: string,
    /** Plain words, without the path. */
    readonly why: string,
    /** errno of the failed open/read, when that was the cause. */
    readonly code?: string,
  ) {
    super(`cannot read ${path}: ${why}`);
  }
}

/** Options of the safe readers. */
export interface SafeReadOptions {
  /** Refuse a symlink at the last component (state files). @default false */
  readonly noFollow?: boolean;
  /** Largest size read. @default 4 GiB (bigger than any ruleset) */
  readonly maxBytes?: number;
  /** The owner the file must have (state files: root). @default any */
  readonly uid?: number;
}

const DEFAULT_MAX = 4 * 1024 ** 3;

/** Plain words for what a non-regular file is. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function openFlags(options: SafeReadOptions): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0);
}

function openWhy(e: unknown, options: SafeReadOptions): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP' && options.noFollow) return 'it is a symbolic link, which fwtui does not follow here';
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}

function check(path: string, st: Stats, options: SafeReadOptions): void {
  if (!st.isFile()) {
    const what = kindOf(st);
    const hint = st.isFIFO() ? '; to read a pipe, use --file - and redirect it' : '';
    throw new UnsafeFileError(path, `not a regular file (${what})${hint}`);
  }
  const max = options.maxBytes ?? DEFAULT_MAX;
  if (st.size > max) throw new UnsafeFileError(path, `it is ${st.size} bytes, more than the ${max} fwtui reads`);
  if (options.uid !== undefined && st.uid !== options.uid) {
    throw new UnsafeFileError(path, `it belongs to uid ${st.uid}, not ${options.uid}: refusing to trust it`);
  }
}

/** Reads a regular file as UTF-8. @throws UnsafeFileError */
export async function readRegularFile(path: string, options: SafeReadOptions = {}): Promise<string> {
  let fh: FileHandle;
  try {
    fh = await open(path, openFlags(options));
  } catch (e) {
    throw new UnsafeFileError(path, openWhy(e, options), (e as NodeJS.ErrnoException).code);
  }
  try {
    check(path, await fh.stat(), options);
    const data = await fh.readFile();
    // The size was checked on the descriptor; a file that grew since is still cut off at the limit.
    if (data.length > (options.maxBytes ?? DEFAULT_MAX))
      throw new UnsafeFileError(path, 'it grew past the size fwtui reads');
    return data.toString('utf8');
  } finally {
    await fh.close();
  }
}

/** Synchronous {@link readRegularFile}, for the guard's tight loop. @throws UnsafeFileError */
export function readRegularFileSync(path: string, options: SafeReadOptions = {}): string {
  let fd: number;
  try {
    fd = openSync(path, openFlags(options));
  } catch (e) {
    throw new UnsafeFileError(path, openWhy(e, options), (e as NodeJS.ErrnoException).code);
  }
  try {
    const st = fstatSync(fd);
    check(path, st, options);
    const max = options.maxBytes ?? DEFAULT_MAX;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(64 * 1024, max + 1 - total) || 1);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > max) throw new UnsafeFileError(path, 'it grew past the size fwtui reads');
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
