/**
 * Saving the running rules where the boot loader reads them: both families
 * checked first the way boot loads them (nothing is written when one would
 * not load), then the sets' and rules' files written as one transaction
 * (boot-transaction.ts: every target checked first, all saved or the files
 * put back as they were), each atomically with the loader's mode (an
 * existing root-owned file keeps its own mode and owner) and its previous
 * version kept, SELinux label restored where restorecon exists. No symbolic
 * link below the root is followed, and nothing is written outside it.
 */
import { bootFileText, bootRuleset } from '../domain/boot/boot-file.js';
import type { BootLoader } from '../domain/boot/boot-loader.js';
import type { Family, Ruleset } from '../domain/model/ruleset.js';
import { type BootStep, runBootSteps } from './boot-transaction.js';
import { familyLabel } from '../domain/model/family-label.js';
import type { SetFile } from '../domain/boot/set-files.js';
import type { SetLoader } from '../domain/boot/set-loader.js';
import { setFileSteps, type SavedSets } from './save-sets.js';

/** Nothing (or not everything) could be saved; the message says what was and what was not. */
export class SaveError extends Error {}

/** A file boot would reject: nothing was saved. */
export class WouldNotLoadError extends SaveError {}

export interface SaveRequest {
  /** The filesystem root (`/`, or --root DIR). */
  readonly root: string;
  readonly loader: BootLoader;
  /** The running rules, one ruleset per family. */
  readonly rulesets: readonly Ruleset[];
  /** Keep Docker's, kube-proxy's, fail2ban's… chains in the file. */
  readonly includeOwned: boolean;
  /** Whether one family's file text would load at boot: null when it does, else the refused rule and why. */
  check(family: Family, text: string): Promise<string | null>;
  /** Restores the SELinux label of a written file (when restorecon exists). */
  relabel?(path: string): Promise<void>;
  /** Written into the file's first line. */
  readonly stamp: string;
  /** The IP sets' files, saved with the rules (`check` already loads them first); absent: sets untouched. */
  readonly sets?: { readonly loader: SetLoader; readonly files: readonly SetFile[] };
}

export interface SavedFile {
  readonly family: Family;
  /** The path inside the root. */
  readonly path: string;
  readonly backup: string | null;
}

export interface SaveResult {
  readonly written: readonly SavedFile[];
  /** Other programs' chains left out, per owner. */
  readonly leftOut: readonly string[];
  /** Old files whose owner and mode were not kept (not root's). */
  readonly warnings: readonly string[];
  /** The IP sets' files written, when sets were saved. */
  readonly sets: SavedSets | null;
}

/**
 * Saves the running rules (and the sets they use) for boot: all files, or none.
 * @throws WouldNotLoadError when a file would not load at boot; SaveError when a file is refused or cannot be written
 */
export async function saveBoot(req: SaveRequest): Promise<SaveResult> {
  const jobs: { family: Family; path: string; text: string }[] = [];
  const leftOut = new Set<string>();
  for (const ruleset of req.rulesets) {
    const path = req.loader.files[ruleset.family];
    if (path === null) continue;
    const boot = bootRuleset(ruleset, req.includeOwned);
    for (const l of boot.leftOut) leftOut.add(l);
    const text = bootFileText(boot.ruleset, req.loader.counters, req.stamp);
    const problem = await req.check(ruleset.family, text);
    if (problem) {
      throw new WouldNotLoadError(
        `the ${familyLabel(ruleset.family)} rules would not load at boot: ${problem}; nothing was saved`,
      );
    }
    jobs.push({ family: ruleset.family, path, text });
  }
  const warnings: string[] = [];
  // Sets first, then the rules (`check` loaded them in that order); one transaction: all saved, or none.
  const setSteps = req.sets ? await planned(() => setFileSteps(req.root, req.sets!.loader, req.sets!.files)) : null;
  const rules: BootStep[] = jobs.map((j) => ({
    kind: 'write',
    path: j.path,
    text: j.text,
    mode: req.loader.mode,
    backupPath: `${j.path}${req.loader.backup}`,
  }));
  const first = setSteps?.steps ?? [];
  const kept = await planned(() =>
    runBootSteps(req.root, [...first, ...rules], { onWarning: (w) => warnings.push(w), relabel: req.relabel }),
  );
  const written = jobs.map((j, i) => ({
    family: j.family,
    path: j.path,
    backup: kept[first.length + i] ? `${j.path}${req.loader.backup}` : null,
  }));
  const sets = setSteps?.saved(kept.slice(0, first.length)) ?? null;
  return { written, leftOut: [...leftOut], warnings, sets };
}

/** Runs one part of a save; its failure (a file refused, or written and put back) as a SaveError. */
async function planned<T>(part: () => Promise<T>): Promise<T> {
  try {
    return await part();
  } catch (e) {
    throw new SaveError(e instanceof Error ? e.message : String(e));
  }
}
