/**
 * Writing a ruleset file without ever leaving half of one: a temp file with
 * an unpredictable name in the same directory (O_EXCL, 0600), fsync, the old
 * file's mode and owner, rename over the old one, fsync the directory. The
 * previous version is kept next to it as `NAME.bak`.
 *
 * The old file is opened with O_NOFOLLOW and examined by descriptor: a
 * symbolic link in its place is refused (its target is never read, copied
 * or given its owner), and a file root does not own is not "kept": the new
 * one is root's with the default mode, and the caller is warned.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, chown, lstat, open, readlink, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class WriteError extends Error {}

/** A failed file operation's reason in plain words (read-only, disk full, permission denied…). */
export const why = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM'
    ? 'permission denied'
    : code === 'EROFS'
      ? 'the filesystem is read-only'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'ENOENT'
          ? 'the directory does not exist'
          : (e as Error).message;
};

const tempName = (path: string): string =>
  join(dirname(path), `.${basename(path)}.fwtui-${randomBytes(6).toString('hex')}`);

export interface WriteOptions {
  /** Mode of a new file (an existing root-owned file keeps its own mode and owner). @default 0o600 */
  mode?: number;
  /** Suffix of the kept previous version. @default '.bak' */
  backupSuffix?: string;
  /**
   * Where the previous version is kept instead (same directory: a per-set loader reads every visible file there,
   * so its backups must be hidden names); null keeps none.
   */
  backupPath?: string | null;
  /** Told when the old file's owner and mode were not kept (not root's, or hard-linked elsewhere). */
  onWarning?: (warning: string) => void;
  /** How the file is named in warnings. @default path */
  shownAs?: string;
  /** Hard links to the old file fwtui holds itself (a save's undo link): not a sign of someone else's file. */
  ownLinks?: number;
}

const octal = (mode: number): string => `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;

/** The old file, opened without following a link; null when there is none. */
async function openOld(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP' || code === 'EMLINK') {
      const to = await readlink(path).catch(() => '?');
      throw new WriteError(
        `${path} is a symbolic link (to ${to}): fwtui does not write through links;` +
          ' nothing was saved (make it a plain file)',
      );
    }
    throw e;
  }
}

/** Replaces `path` with `text` atomically; returns the backup's path when there was an old file. */
export async function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): Promise<string | null> {
  const dir = dirname(path);
  const temp = tempName(path);
  const backupTemp = tempName(path);
  const asRoot = process.getuid?.() === 0;
  let backup: string | null = null;
  try {
    const handle = await openOld(path);
    let keep: { mode: number; uid: number; gid: number } | null = null;
    let oldText: Buffer | null = null;
    if (handle) {
      try {
        const old = await handle.stat();
        if (!old.isFile()) throw new WriteError(`${path} is not a regular file; nothing was saved`);
        // Only a file root owns (and no other name shares) is the admin's: keep its mode and owner.
        const links = old.nlink - (options.ownLinks ?? 0);
        const strange = asRoot && (old.uid !== 0 || links > 1);
        if (strange) {
          const whose =
            old.uid !== 0
              ? `was owned by uid ${old.uid} (mode ${octal(old.mode)}), not root`
              : `had ${links} hard links`;
          const now = `it is now root's, mode ${octal(options.mode ?? 0o600)}`;
          options.onWarning?.(`${options.shownAs ?? path} ${whose}: its owner and mode were not kept; ${now}`);
        } else keep = { mode: old.mode & 0o7777, uid: old.uid, gid: old.gid };
        oldText = await handle.readFile();
      } finally {
        await handle.close();
      }
    }
    if (oldText !== null && options.backupPath !== null) {
      // Renamed into place, never written through: a planted FILE.bak symlink cannot redirect root's write.
      backup = options.backupPath ?? `${path}${options.backupSuffix ?? '.bak'}`;
      const b = await open(backupTemp, 'wx', 0o600);
      try {
        await b.writeFile(oldText);
        await b.sync();
      } finally {
        await b.close();
      }
      await chmod(backupTemp, keep?.mode ?? options.mode ?? 0o600);
      if (keep && asRoot) await chown(backupTemp, keep.uid, keep.gid);
      await rename(backupTemp, backup);
    }
    const out = await open(temp, 'wx', 0o600);
    try {
      await out.writeFile(text, 'utf8');
      await out.sync();
    } finally {
      await out.close();
    }
    if (keep) {
      await chmod(temp, keep.mode);
      if (asRoot) await chown(temp, keep.uid, keep.gid);
    } else if (options.mode !== undefined) await chmod(temp, options.mode);
    // A link planted between the check and here would be replaced, not followed: rename never follows.
    if ((await lstat(path).catch(() => null))?.isSymbolicLink()) {
      throw new WriteError(`${path} became a symbolic link while saving; nothing was saved`);
    }
    await rename(temp, path);
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
    return backup;
  } catch (e) {
    await unlink(temp).catch(() => {});
    await unlink(backupTemp).catch(() => {});
    if (e instanceof WriteError) throw e;
    throw new WriteError(`cannot write ${path}: ${why(e)}; the old file is unchanged`);
  }
}
