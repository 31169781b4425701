/**
 * What a save changed, so it can be undone exactly (issue #17). Before a
 * name is replaced or renamed onto, the file in its place is kept under a
 * hidden hard link in the same directory: the same inode, so its content,
 * mode, owner and SELinux label come back with one rename. A file moved
 * aside is moved back. Putting back goes newest first; names that did not
 * exist are removed again, and so are directories the save made.
 */
import { randomBytes } from 'node:crypto';
import { link, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteError, why } from './atomic-write.js';

/** One name the save changes: what was there is at `kept` (null: nothing was there). */
interface Entry {
  readonly host: string;
  readonly kept: string | null;
  /** `kept` is fwtui's own hidden link, removed once the save succeeded (not a file moved aside). */
  readonly ownLink: boolean;
  /** How the name is left when it cannot be put back. */
  readonly ifLeft: string;
  /** A file the loader reads (named in the message), not a backup's name. */
  readonly bootFile: boolean;
}

const undoName = (host: string): string =>
  join(dirname(host), `.${basename(host)}.fwtui-undo-${randomBytes(6).toString('hex')}`);

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const unlinkIfThere = (path: string): Promise<void> =>
  unlink(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));

/** The names a save changed, in order, and how to put each back. */
export class UndoLog {
  private readonly entries: Entry[] = [];

  /**
   * Keeps the file at `host` (a hidden hard link) before it is replaced; `ifLeft` says how it is left if it
   * cannot be put back. @returns whether there was a file
   * @throws WriteError when it cannot be kept (it is unchanged then)
   */
  async keep(host: string, ifLeft: string, bootFile: boolean): Promise<boolean> {
    const kept = undoName(host);
    try {
      await link(host, kept);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new WriteError(`cannot write ${host}: ${why(e)}; the old file is unchanged`);
      }
      this.entries.push({ host, kept: null, ownLink: false, ifLeft, bootFile });
      return false;
    }
    this.entries.push({ host, kept, ownLink: true, ifLeft, bootFile });
    return true;
  }

  /** Moves `host` aside to `to` (kept first when something is there), undone by moving it back. */
  async moveAside(host: string, to: string, shown: string): Promise<void> {
    await this.keep(to, `holds the file moved from ${host}`, false);
    try {
      await rename(host, to);
    } catch (e) {
      throw new WriteError(`cannot move ${shown} aside: ${why(e)}`);
    }
    this.entries.push({ host, kept: to, ownLink: false, ifLeft: `is moved aside to ${to}`, bootFile: true });
  }

  /** Whether nothing has been kept or changed yet. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** The save succeeded: fwtui's hidden links go (a leftover would only hold an old copy). */
  async drop(): Promise<void> {
    for (const e of this.entries) if (e.ownLink && e.kept) await unlink(e.kept).catch(() => {});
  }

  /**
   * Puts every name back, newest first, then removes the directories in `made` (top first) that are empty.
   * @returns the message's tail: nothing was saved and the files are as they were, or which file is in which state
   */
  async putBack(made: readonly string[]): Promise<string> {
    const failed = new Map<string, string>();
    for (const e of [...this.entries].reverse()) {
      try {
        if (e.kept) {
          await rename(e.kept, e.host);
          // rename leaves both names when they already hold the same file (not replaced yet): drop the extra one.
          if (e.ownLink) await unlink(e.kept).catch(() => {});
        } else await unlinkIfThere(e.host);
      } catch (err) {
        const old = e.kept ? `; it is kept as ${e.kept}` : '; nothing was there before';
        failed.set(e.host, `${e.host} ${e.ifLeft} (its old one could not be put back: ${reason(err)}${old})`);
      }
    }
    // Deepest first; one that is not empty (something else was put there) stays.
    for (const dir of [...made].reverse()) await rmdir(dir).catch(() => {});
    if (failed.size === 0) return '; nothing was saved; the files are as they were';
    const fine = [...new Set(this.entries.filter((e) => e.bootFile && !failed.has(e.host)).map((e) => e.host))];
    const states = [...failed.values(), ...fine.map((h) => `${h} is as it was`)];
    return `; NOT everything could be put back: ${states.join('; ')}`;
  }
}
