/**
 * What the boot loader restores before the rules files: the IP sets its set
 * loader reads (a rule `-m set --match-set S` loads only when S exists). A
 * saved file is checked in a fresh namespace holding exactly this, nothing
 * more. Pure.
 */
import type { BootFacts, BootLoader } from './boot-loader.js';
import { restoreText, setFilePaths, type SetFile } from './set-files.js';
import { detectSetLoader, type SetLoader } from './set-loader.js';

export interface BootPrelude {
  /** `ipset restore` text restored before the rules, or null when boot restores no sets. */
  readonly ipsets: string | null;
  /** Where those sets come from (for messages). */
  readonly ipsetsFrom: string | null;
}

export const NO_PRELUDE: BootPrelude = { ipsets: null, ipsetsFrom: null };

/** The prelude of these set files (already read), when the set loader runs at boot. */
export function preludeOf(setLoader: SetLoader, files: readonly SetFile[]): BootPrelude {
  if (!setLoader.enabled || files.length === 0) return NO_PRELUDE;
  return { ipsets: restoreText(setLoader.layout, files), ipsetsFrom: files.map((f) => f.path).join(', ') };
}

/** What boot has loaded when it reaches this loader's rules files (the set files as they are on disk now). */
export function bootPrelude(facts: BootFacts, loader: BootLoader): BootPrelude {
  const setLoader = detectSetLoader(facts, loader);
  const files = setFilePaths(setLoader.layout, facts.exists, facts.list).flatMap((path) => {
    const text = facts.read(path);
    return text === null ? [] : [{ path, text }];
  });
  return preludeOf(setLoader, files);
}
