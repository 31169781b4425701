/**
 * The IP sets in a save for boot: read from the namespace, the files their
 * loader reads, what the fresh-namespace check loads before the rules, why
 * a rule's set would be missing at boot, and running vs saved sets.
 */
import { createIpset } from '../../backend/ipset.js';
import { CommandError, CommandNotFoundError } from '../../backend/errors.js';
import type { CommandRunner } from '../../backend/runner.js';
import { NO_PRELUDE, preludeOf, type BootPrelude } from '../../domain/boot/boot-prelude.js';
import { setsDiff } from '../../domain/boot/set-diff.js';
import {
  bootSets,
  readSetFiles,
  setFilePaths,
  setFileTexts,
  unsavableName,
  type BootSets,
  type SetFile,
} from '../../domain/boot/set-files.js';
import { detectSetLoader, type SetLoader } from '../../domain/boot/set-loader.js';
import type { BootLoader } from '../../domain/boot/boot-loader.js';
import type { Ruleset } from '../../domain/model/ruleset.js';
import type { SavedFamilyDiff } from '../../domain/ports/firewall-source.js';
import type { IpSet } from '../../domain/sets/ip-set.js';
import { setOwner } from '../../domain/sets/set-owners.js';
import { ParseError } from '../../domain/text/parse-error.js';
import { WriteError } from '../../persist/atomic-write.js';
import { readBelowRoot } from '../../persist/below-root.js';
import { bootFacts, underRoot } from '../../persist/boot-facts.js';
import { WouldNotLoadError } from '../../persist/save-boot.js';
import type { SavedSets } from '../../persist/save-sets.js';

/** The sets' part of a save. */
export interface SetsToSave {
  readonly loader: SetLoader;
  /** The sets as saved (null: not read, nothing uses them and nothing would load them). */
  readonly boot: BootSets | null;
  /** The files to write; null: the sets' files are left as they are. */
  readonly files: readonly SetFile[] | null;
  /** What boot restores before the rules once these files are written. */
  readonly prelude: BootPrelude;
}

/** The sets that rules use (`--match-set NAME`), by name. */
export function setsUsedBy(rulesets: readonly Ruleset[]): string[] {
  const names = new Set<string>();
  for (const rs of rulesets)
    for (const t of rs.tables)
      for (const c of t.chains)
        for (const r of c.rules) for (const m of r.spec.matchAll(/--match-set\s+(\S+)/g)) names.add(m[1]!);
  return [...names];
}

/**
 * The namespace's sets, or null when ipset cannot read them and no rule needs them.
 * @throws WouldNotLoadError naming why, when rules use sets that cannot be read
 */
export async function runningSets(runner: CommandRunner, netns: string | undefined, needed: boolean) {
  try {
    return await createIpset({ runner, netns }).read();
  } catch (e) {
    if (!(e instanceof CommandNotFoundError || e instanceof CommandError || e instanceof ParseError)) throw e;
    if (!needed) return null;
    throw new WouldNotLoadError(`the rules use IP sets, but fwtui cannot read them to save them: ${e.message}`);
  }
}

/** What a save does with the sets: read, left out or not, the files for the set loader and what boot restores. */
export async function setsToSave(
  root: string,
  runner: CommandRunner,
  netns: string | undefined,
  loader: SetLoader,
  used: readonly string[],
  includeOwned: boolean,
  stamp: string,
): Promise<SetsToSave> {
  // Read even where nothing would save them: the message then says which sets are not saved.
  const read = await runningSets(runner, netns, used.length > 0);
  if (read === null) return { loader, boot: null, files: null, prelude: NO_PRELUDE };
  const boot = bootSets(read, includeOwned);
  if (!loader.installed) return { loader, boot, files: null, prelude: NO_PRELUDE };
  const unsavable = boot.sets.map((s) => unsavableName(loader.layout, s.name)).find((p) => p !== null);
  if (unsavable) throw new WouldNotLoadError(`${unsavable}; nothing was saved`);
  const files = setFileTexts(loader.layout, boot.sets, stamp);
  // An empty single file is written only where one is saved already: nothing to restore otherwise.
  const skip = loader.layout.kind === 'file' && boot.sets.length === 0 && !bootFacts(root).exists(loader.layout.path);
  return { loader, boot, files: skip ? null : files, prelude: preludeOf(loader, files) };
}

/**
 * The check's "Set S doesn't exist" said in an admin's terms: S is another program's and left out, or nothing
 * restores sets at boot here (and what to install).
 */
export function explainMissingSet(problem: string, sets: SetsToSave): string {
  const name = /Set (\S+) doesn't exist/.exec(problem)?.[1];
  if (name === undefined) return problem;
  if (sets.boot?.left.has(name)) {
    return (
      `${problem} (set ${name} is ${setOwner(name)}'s, left out of the saved sets: its owner recreates it ` +
      'when it starts, after boot loaded these rules; --include-owned saves it too)'
    );
  }
  if (!sets.loader.enabled) return `${problem}; nothing restores IP sets at boot here: ${sets.loader.todo}`;
  return problem;
}

/** Running vs saved sets, when a set loader is installed and the sets can be read; null when they agree. */
export async function savedSetsDiff(
  root: string,
  loader: SetLoader,
  running: readonly IpSet[] | null,
  includeOwned: boolean,
): Promise<SavedFamilyDiff | null> {
  if (!loader.installed || running === null) return null;
  const facts = bootFacts(root);
  const at = (p: string): string => (root === '/' ? p : underRoot(root, p));
  const where = loader.layout.kind === 'file' ? loader.layout.path : `${loader.layout.dir}/`;
  const base = { family: 'sets' as const, path: at(where), lines: [], problem: null };
  const files: SetFile[] = [];
  try {
    for (const path of setFilePaths(loader.layout, facts.exists, facts.list)) {
      const text = await readBelowRoot(root, path);
      if (text !== null) files.push({ path, text });
    }
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    return { ...base, refused: e.message };
  }
  const sets = bootSets(running, includeOwned).sets;
  let saved: IpSet[];
  try {
    saved = readSetFiles(loader.layout, files);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { ...base, problem: `the saved sets cannot be read: ${e.message}` };
  }
  const lines = setsDiff(sets, saved);
  if (files.length === 0) return sets.length > 0 ? { ...base, missing: true } : null;
  return lines.length > 0 ? { ...base, lines } : null;
}

/** The sets' lines of a save's message (written where, previous kept, moved aside, not saved and why). */
export function describeSets(saved: SavedSets | null, sets: SetsToSave, at: (path: string) => string): string[] {
  const names = sets.boot?.sets.map((s) => s.name) ?? [];
  if (saved === null) {
    if (names.length === 0 || sets.loader.installed) return [];
    return [
      `Warning: IP sets ${names.join(', ')} are not saved: nothing restores IP sets at boot here: ${sets.loader.todo}.`,
    ];
  }
  const layout = sets.loader.layout;
  const where = layout.kind === 'file' ? at(layout.path) : `${at(layout.dir)}/ (one file per set)`;
  const kept = saved.backups.length > 0 ? ` (previous kept as ${saved.backups.map(at).join(', ')})` : '';
  const what = names.length > 0 ? `IP sets ${names.join(', ')}` : 'no IP sets (none running)';
  const lines = [`Saved ${what} to ${where}${kept}; restored at boot by ${sets.loader.name} before the rules.`];
  if (saved.movedAside.length > 0) lines.push(`Moved aside, no longer saved: ${saved.movedAside.join('; ')}.`);
  if (!sets.loader.enabled) lines.push(`Warning: ${sets.loader.name} is not enabled: ${sets.loader.todo}.`);
  return lines;
}

/** `fwtui saved-diff` and the view's D: running vs saved sets where a set loader is installed (null: agree). */
export async function runningVsSavedSets(
  opts: { readonly root: string | undefined; readonly netns: string | undefined; readonly includeOwned: boolean },
  runner: CommandRunner,
  loader: BootLoader,
): Promise<SavedFamilyDiff | null> {
  const root = opts.root ?? '/';
  const setLoader = detectSetLoader(bootFacts(root), loader);
  if (!setLoader.installed) return null;
  return savedSetsDiff(root, setLoader, await runningSets(runner, opts.netns, false), opts.includeOwned);
}

/** " and the IP sets in /etc/iptables/ipsets" where a set loader is installed, for "The running rules match…". */
export function setsMatch(root: string, loader: BootLoader): string {
  const setLoader = detectSetLoader(bootFacts(root), loader);
  if (!setLoader.installed) return '';
  const layout = setLoader.layout;
  const where = layout.kind === 'file' ? layout.path : `${layout.dir}/`;
  return ` and the IP sets in ${root === '/' ? where : underRoot(root, where)}`;
}
