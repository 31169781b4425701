/**
 * A save's files written as one transaction (issue #17): sets and rules that
 * disagree do not load at boot, so either every file is saved or the boot
 * files are exactly as before. Every target is checked first (boot-targets.ts),
 * then each change is logged before it is made (undo-log.ts); when a step
 * fails, every change is put back and the message says so, or names which
 * file is in which state when putting back failed.
 */
import { WriteError, writeFileAtomic } from './atomic-write.js';
import { dirBelowRoot } from './below-root.js';
import { checkBelowRoot, checkRenameTarget, checkReplaceable, type CheckedTarget } from './boot-targets.js';
import { UndoLog } from './undo-log.js';

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

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Checks every step's names before anything is written; returns the directories the save would make. */
async function checkAll(root: string, steps: readonly BootStep[]): Promise<string[]> {
  const checked: CheckedTarget[] = [];
  for (const s of steps) {
    if (s.kind === 'write') {
      checked.push(await checkReplaceable(root, s.path));
      if (s.backupPath !== null) checked.push(await checkRenameTarget(root, s.backupPath));
    } else checked.push(await checkBelowRoot(root, s.path), await checkRenameTarget(root, s.to));
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
  const log = new UndoLog();
  const backups: boolean[] = [];
  try {
    for (const s of steps) backups.push(await runStep(root, s, hooks, log));
  } catch (e) {
    // Nothing touched yet: the failing file's own message says it all.
    if (log.empty && made.length === 0) throw e;
    const tail = await log.putBack(made);
    // The tail says whether anything was saved; a file's own message may have said so for itself alone.
    throw new WriteError(`${reason(e).replace('; nothing was saved', '')}${tail}`);
  }
  await log.drop();
  return backups;
}

async function runStep(root: string, s: BootStep, hooks: StepHooks, log: UndoLog): Promise<boolean> {
  const host = await dirBelowRoot(root, s.path);
  if (s.kind === 'move') {
    await log.moveAside(host, await dirBelowRoot(root, s.to), s.path);
    return false;
  }
  const hadOld = await log.keep(host, 'holds the new version', true);
  const backupHost = s.backupPath === null ? null : await dirBelowRoot(root, s.backupPath);
  if (backupHost !== null) await log.keep(backupHost, `holds the previous version of ${host}`, false);
  const backup = await writeFileAtomic(host, s.text, {
    mode: s.mode,
    backupPath: backupHost,
    onWarning: hooks.onWarning,
    ownLinks: hadOld ? 1 : 0,
  });
  await hooks.relabel?.(host);
  return backup !== null;
}
