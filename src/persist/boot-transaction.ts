/**
 * A save's files written as one transaction (issue #17): sets and rules that
 * disagree do not load at boot, so either every file is saved or the boot
 * files are exactly as before. Every target is checked first (boot-targets.ts).
 * Then, before each file is replaced or renamed onto, the file in its place
 * is kept under a hidden hard link in the same directory (the same inode:
 * content, mode, owner and label); when a step fails, every kept file is
 * renamed back, in reverse order, names that did not exist are removed, and
 * directories the save made are removed again. A failure to put back is
 * named with the file's state and where its old version is.
 */
import { randomBytes } from 'node:crypto';
import { link, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteError, writeFileAtomic } from './atomic-write.js';
import { dirBelowRoot } from './below-root.js';
import { checkRenameTarget, checkReplaceable, type CheckedTarget } from './boot-targets.js';

/** One change of a save; paths are inside the root. */
export type BootStep =
  | {
      readonly kind: 'write';
      readonly path: string;
      readonly text: string;
      /** Mode of a new file (an existing root-owned file keeps its own). */
      readonly mode: number;
      /** Where the previous version is kept; null keeps none. */
      readonly backupPath: string | null;
    }
  /** A file the loader would read renamed to a name it does not (moved as it is, a link as a link). */
  | { readonly kind: 'move'; readonly path: string; readonly to: string };

export interface StepHooks {
  /** Told of old files whose owner and mode were not kept. */
  onWarning(warning: string): void;
  /** Restores the SELinux label of a written file; a failure fails the save. */
  relabel?(path: string): Promise<void>;
}

/** One name the save changed: what was there is kept as `kept` (null: nothing was there). */
interface Kept {
  readonly host: string;
  readonly kept: string | null;
  /** How the name is left when it cannot be put back. */
  readonly ifLeft: string;
  /** A boot file the loader reads (named in the message), not a backup's name. */
  readonly bootFile: boolean;
}

const undoName = (host: string): string =>
  join(dirname(host), `.${basename(host)}.fwtui-undo-${randomBytes(6).toString('hex')}`);

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Checks every step's names before anything is written; returns the directories the save would make. */
async function checkAll(root: string, steps: readonly BootStep[]): Promise<string[]> {
  const checked: CheckedTarget[] = [];
  for (const s of steps) {
    if (s.kind === 'write') {
      checked.push(await checkReplaceable(root, s.path));
      if (s.backupPath !== null) checked.push(await checkRenameTarget(root, s.backupPath));
    } else checked.push(await checkRenameTarget(root, s.path), await checkRenameTarget(root, s.to));
  }
  return [...new Set(checked.flatMap((c) => c.missingDirs))];
}

/**
 * Runs `steps` below `root` as one transaction: all are done, or none (the files put back as they were).
 * @returns per step, whether a previous version was kept at its backupPath
 * @throws WriteError saying that nothing was saved and the files are as they were, or which file is in which state
 */
export async function runBootSteps(root: string, steps: readonly BootStep[], hooks: StepHooks): Promise<boolean[]> {
  const made = await checkAll(root, steps);
  const log: Kept[] = [];
  const keep = async (host: string, ifLeft: string, bootFile: boolean): Promise<boolean> => {
    const kept = undoName(host);
    try {
      await link(host, kept);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new WriteError(`cannot keep ${host} to put it back if the save fails: ${reason(e)}`);
      }
      log.push({ host, kept: null, ifLeft, bootFile });
      return false;
    }
    log.push({ host, kept, ifLeft, bootFile });
    return true;
  };
  const backups: boolean[] = [];
  try {
    for (const s of steps) backups.push(await runStep(root, s, hooks, keep));
  } catch (e) {
    // The tail says whether anything was saved; a file's own message may have said so for itself alone.
    const cause = reason(e).replace('; nothing was saved', '');
    throw new WriteError(`${cause}${await putBack(log, made)}`);
  }
  // Saved: the kept old files are no longer needed (a hidden leftover would only waste space).
  for (const k of log) if (k.kept) await unlink(k.kept).catch(() => {});
  return backups;
}

type Keep = (host: string, ifLeft: string, bootFile: boolean) => Promise<boolean>;

async function runStep(root: string, s: BootStep, hooks: StepHooks, keep: Keep): Promise<boolean> {
  const host = await dirBelowRoot(root, s.path);
  if (s.kind === 'move') {
    const to = await dirBelowRoot(root, s.to);
    await keep(host, `is moved aside to ${to}`, true);
    await keep(to, `holds the file moved from ${host}`, false);
    try {
      await rename(host, to);
    } catch (e) {
      throw new WriteError(`cannot move ${s.path} aside: ${reason(e)}`);
    }
    return false;
  }
  const hadOld = await keep(host, 'holds the new version', true);
  const backupHost = s.backupPath === null ? null : await dirBelowRoot(root, s.backupPath);
  if (backupHost !== null) await keep(backupHost, `holds the previous version of ${host}`, false);
  const backup = await writeFileAtomic(host, s.text, {
    mode: s.mode,
    backupPath: backupHost,
    onWarning: hooks.onWarning,
    ownLinks: hadOld ? 1 : 0,
  });
  await hooks.relabel?.(host);
  return backup !== null;
}

/** Puts every kept file back, newest first; the message's tail: as they were, or which file is in which state. */
async function putBack(log: readonly Kept[], made: readonly string[]): Promise<string> {
  const failed = new Map<string, string>();
  for (const k of [...log].reverse()) {
    try {
      if (k.kept) {
        await rename(k.kept, k.host);
        // A name still holding the same file (not replaced yet) is left by rename as it is: remove it.
        await unlink(k.kept).catch(() => {});
      } else
        await unlink(k.host).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
    } catch (e) {
      const old = k.kept ? `; it is kept as ${k.kept}` : '; nothing was there before';
      failed.set(k.host, `${k.host} ${k.ifLeft} (its old one could not be put back: ${reason(e)}${old})`);
    }
  }
  // Deepest first; one that is not empty (something else was put there) stays.
  for (const dir of [...made].reverse()) await rmdir(dir).catch(() => {});
  if (failed.size === 0) return '; nothing was saved; the files are as they were';
  const fine = [...new Set(log.filter((k) => k.bootFile && !failed.has(k.host)).map((k) => k.host))];
  const states = [...failed.values(), ...fine.map((h) => `${h} is as it was`)];
  return `; NOT everything could be put back: ${states.join('; ')}`;
}
