/**
 * Saving the running rules for boot, shared by `fwtui save` / `saved-diff` and the
 * view (boot-port.ts): what the boot loader of this machine (or of --root DIR)
 * loads, how it differs from the running rules, and the save itself. Saving is
 * refused while a commit is pending: unconfirmed rules must never reach a boot file.
 */
import { existsSync } from 'node:fs';
import { bootLoadCheck, type BootLoadCheck } from '../../backend/boot-check.js';
import type { Iptables, Variant } from '../../backend/iptables.js';
import type { CommandRunner } from '../../backend/runner.js';
import { bootRuleset, savedDiff } from '../../domain/boot/boot-file.js';
import type { BootLoader } from '../../domain/boot/boot-loader.js';
import { bootPrelude, type BootPrelude } from '../../domain/boot/boot-prelude.js';
import { detectSetLoader } from '../../domain/boot/set-loader.js';
import { describeSets, explainMissingSet, setsToSave, setsUsedBy, type SetsToSave } from './set-saving.js';
import { parseSave } from '../../domain/text/parse-save.js';
import { ParseError } from '../../domain/text/parse-error.js';
import type { Ruleset } from '../../domain/model/ruleset.js';
import { familyLabel } from '../../domain/model/family-label.js';
import { bootFacts, underRoot } from '../../persist/boot-facts.js';
import { saveBoot, type SaveResult } from '../../persist/save-boot.js';
import { readBelowRoot } from '../../persist/below-root.js';
import { WriteError } from '../../persist/atomic-write.js';
import { assertNothingPending } from '../safety/safety-net.js';
import { stateRoot } from '../state/state-dir.js';
import type { SavedFamilyDiff } from '../../domain/ports/firewall-source.js';

/** What saving needs to know of the invocation (--root, --netns, --include-owned, --backend). */
export interface SaveOptions {
  readonly root: string | undefined;
  readonly netns: string | undefined;
  readonly includeOwned: boolean;
  readonly backend: Variant | undefined;
}

/**
 * The running rules of every family this firewall has; families in `known` are taken from there instead of read
 * again.
 */
export async function running(iptables: Iptables, known: readonly Ruleset[] = []): Promise<Ruleset[]> {
  const out: Ruleset[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const have = known.find((r) => r.family === family);
    if (have) out.push(have);
    else if (await iptables.hasFamily(family)) out.push((await iptables.save(family)).ruleset);
  }
  return out;
}

/** The path a file inside `root` really has: `/etc/iptables/rules.v4`, or `DIR/etc/iptables/rules.v4` under --root. */
export const realPath = (root: string, path: string): string => (root === '/' ? path : underRoot(root, path));

/** "/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)": where a save really goes (header, messages). */
export function saveTarget(loader: BootLoader, root = '/'): string {
  const v6 = loader.files.ipv6 ? ` + ${loader.files.ipv6.split('/').pop()}` : '';
  return `${realPath(root, loader.files.ipv4)}${v6} (${loader.name})`;
}

/**
 * The namespace whose rules a save would put into this host's own boot files
 * (--netns without --root), or null: then the save must say so and ask.
 */
export const hostFilesFromNetns = (opts: Pick<SaveOptions, 'root' | 'netns'>): string | null =>
  opts.netns !== undefined && (opts.root ?? '/') === '/' ? opts.netns : null;

/** Whether a family's file would load at boot: null when it does, else the refused rule and why. */
export type Check = BootLoadCheck;

/**
 * The check boot's own loader would pass: a fresh namespace with only what boot restores before the rules.
 * @param prelude what boot restores first (the sets a save is about to write); default: the set files saved now
 */
export const checker =
  (
    opts: Pick<SaveOptions, 'root' | 'backend'>,
    runner: CommandRunner,
    loader: BootLoader,
    prelude?: BootPrelude,
  ): Check =>
  (family, text) =>
    bootLoadCheck(runner, opts.backend, prelude ?? bootPrelude(bootFacts(opts.root ?? '/'), loader))(family, text);

/** restorecon for files on this machine's own root (an image under --root keeps its labels). */
export function relabeller(root: string, runner: CommandRunner) {
  if (root !== '/' || !['/sbin/restorecon', '/usr/sbin/restorecon'].some((p) => existsSync(p))) return undefined;
  return async (path: string): Promise<void> => {
    await runner.run({ file: 'restorecon', args: [path] });
  };
}

/** Who loads the saved files at boot: the loader, or plainly that none was found and what to install. */
function bootWords(loader: BootLoader, root: string, count: number): string {
  if (loader.install === undefined) return `loaded at boot by ${loader.name}`;
  const where = root === '/' ? '' : ` under ${root}`;
  const what = count === 1 ? 'this file' : 'these files';
  return (
    `no boot loader for iptables was found${where}, so nothing loads ${what} at boot until one is installed: ` +
    loader.install
  );
}

export function describeSave(result: SaveResult, loader: BootLoader, root = '/', sets?: SetsToSave): string {
  const at = (path: string): string => realPath(root, path);
  const files = result.written.map((w) => {
    const kept = w.backup ? ` (previous kept as ${at(w.backup)})` : '';
    return `${familyLabel(w.family)} to ${at(w.path)}${kept}`;
  });
  const lines = [
    ...(sets ? describeSets(result.sets, sets, at) : []),
    `Saved ${files.join(' and ')}; ${bootWords(loader, root, files.length)}.`,
  ];
  for (const w of result.warnings) lines.push(`Warning: ${w}.`);
  const leftOut = [...result.leftOut, ...(sets?.boot?.leftOut ?? []).map((l) => `sets ${l}`)];
  if (leftOut.length > 0)
    lines.push(`Left out, their owners rebuild them at start: ${leftOut.join('; ')} (--include-owned keeps them).`);
  return `${lines.join('\n')}\n`;
}

/**
 * Running vs saved, per family that differs (counters ignored; other
 * programs' chains as a save would treat them), and saved files that would
 * no longer load at boot.
 */
export async function savedDiffs(
  root: string,
  loader: BootLoader,
  rulesets: readonly Ruleset[],
  includeOwned: boolean,
  check: Check,
): Promise<SavedFamilyDiff[]> {
  const out: SavedFamilyDiff[] = [];
  for (const rs of rulesets) {
    const path = loader.files[rs.family];
    if (!path) continue;
    let saved: Ruleset | null = null;
    let problem: string | null = null;
    let text: string | null = null;
    try {
      // Read as a save treats it: a link in its place is named, never followed.
      text = await readBelowRoot(root, path);
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      out.push({ family: rs.family, path: realPath(root, path), lines: [], problem: null, refused: e.message });
      continue;
    }
    try {
      saved = text === null ? null : parseSave(text, { family: rs.family });
      problem = text === null ? null : await check(rs.family, text);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problem = `it cannot be read: ${e.message}`;
    }
    const lines = savedDiff(bootRuleset(rs, includeOwned).ruleset, saved);
    // No saved file while there are rules to save: said in words, not as a diff against nothing.
    const at = realPath(root, path);
    if (text === null && lines.length > 0) out.push({ family: rs.family, path: at, lines: [], problem, missing: true });
    else if (lines.length > 0 || problem) out.push({ family: rs.family, path: at, lines, problem });
  }
  return out;
}

/** Saves the running rules for boot (refused while a commit is pending); returns what was written, in words. */
export async function saveRunning(
  opts: SaveOptions,
  iptables: Iptables,
  runner: CommandRunner,
  loader: BootLoader,
): Promise<string> {
  // Unconfirmed rules must never reach a boot file.
  await assertNothingPending(stateRoot(opts.netns), 'saved');
  const root = opts.root ?? '/';
  const rulesets = await running(iptables);
  const stamp = new Date().toString().replace(/ GMT.*$/, '');
  const setLoader = detectSetLoader(bootFacts(root), loader);
  const usedBy = new Map(rulesets.map((rs) => [rs.family, setsUsedBy([bootRuleset(rs, opts.includeOwned).ruleset])]));
  const used = [...new Set([...usedBy.values()].flat())];
  const sets = await setsToSave(root, runner, opts.netns, setLoader, used, opts.includeOwned, stamp);
  const fresh = checker(opts, runner, loader, sets.prelude);
  const check: Check = async (family, text) => {
    const problem = await fresh(family, text);
    if (problem) return explainMissingSet(problem, sets);
    const uses = usedBy.get(family) ?? [];
    // Boot would not have them, whatever the fresh namespace said.
    if (uses.length > 0 && !setLoader.enabled)
      return `the rules use IP sets (${uses.join(', ')}) and nothing restores IP sets at boot here: ${setLoader.todo}`;
    return null;
  };
  const files = sets.files;
  const result = await saveBoot({
    root,
    loader,
    rulesets,
    includeOwned: opts.includeOwned,
    check,
    relabel: relabeller(root, runner),
    stamp,
    sets: files ? { loader: setLoader, files } : undefined,
  });
  return describeSave(result, loader, root, sets);
}
