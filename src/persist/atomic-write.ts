/**
 * Writing a ruleset file without ever leaving half of one: a temp file with
 * an unpredictable name in the same directory (O_EXCL, 0600), fsync, the old
 * file's mode and owner, rename over the old one, fsync the directory. The
 * previous version is kept next to it as `NAME.bak`.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, chmod, chown, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class WriteError extends Error {}

const why = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the filesystem is read-only' : code === 'ENOSPC' ? 'the disk is full' : code === 'ENOENT' ? 'the directory does not exist' : (e as Error).message;
};

const tempName = (path: string): string => join(dirname(path), `.${basename(path)}.fwtui-${randomBytes(6).toString('hex')}`);

export interface WriteOptions {
  /** Mode of a new file (an existing file keeps its own mode and owner). @default 0o600 */
  mode?: number;
  /** Suffix of the kept previous version. @default '.bak' */
  backupSuffix?: string;
}

/** Replaces `path` with `text` atomically; returns the backup's path when there was an old file. */
export async function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): Promise<string | null> {
  const dir = dirname(path);
  const old = await stat(path).catch(() => null);
  const temp = tempName(path);
  const backupTemp = tempName(path);
  let backup: string | null = null;
  try {
    if (old) {
      // Renamed into place, never written through: a planted FILE.bak symlink cannot redirect root's write.
      backup = `${path}${options.backupSuffix ?? '.bak'}`;
      await copyFile(path, backupTemp, constants.COPYFILE_EXCL);
      await chmod(backupTemp, old.mode & 0o7777);
      await rename(backupTemp, backup);
    }
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (old) {
      await chmod(temp, old.mode & 0o7777);
      if (process.getuid?.() === 0) await chown(temp, old.uid, old.gid);
    } else if (options.mode !== undefined) await chmod(temp, options.mode);
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
    throw new WriteError(`cannot write ${path}: ${why(e)}; the old file is unchanged`);
  }
}
