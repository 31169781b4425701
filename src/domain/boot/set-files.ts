/**
 * The IP sets as they go into the boot files, in each loader's format, and
 * read back: other programs' sets left out (their owners recreate them),
 * members without their counter values (counting starts again at boot, as
 * for rules), with their remaining timeout (a ban does not outlive the time
 * it had left), list:set after the sets it lists. Pure.
 */
import type { IpSet, SetMember } from '../sets/ip-set.js';
import { parseIpsetSave } from '../sets/parse-ipset.js';
import { createLine, ipsetSaveText, memberText } from '../sets/print-ipset.js';
import { setOwner } from '../sets/set-owners.js';
import type { SetLayout } from './set-loader.js';

export interface BootSets {
  readonly sets: readonly IpSet[];
  /** Names of the sets left out. */
  readonly left: ReadonlySet<string>;
  /** "f2b-sshd, f2b-web (fail2ban)" per owner. */
  readonly leftOut: readonly string[];
}

/** Option words of a member that are runtime state, not what the admin put there. */
const COUNTER_VALUES = new Set(['packets', 'bytes']);

/**
 * The sets for the boot files: without counter values, and unless `includeOwned`, without other programs' sets
 * (nor their place in a list:set).
 */
export function bootSets(sets: readonly IpSet[], includeOwned = false): BootSets {
  const byOwner = new Map<string, string[]>();
  for (const s of sets) {
    const owner = includeOwned ? null : setOwner(s.name);
    if (owner) byOwner.set(owner, [...(byOwner.get(owner) ?? []), s.name]);
  }
  const left = new Set([...byOwner.values()].flat());
  const kept = sets
    .filter((s) => !left.has(s.name))
    .map((s) => ({
      ...s,
      members: s.members
        .filter((m) => !(s.type === 'list:set' && left.has(m.elem)))
        .map((m): SetMember => ({ ...m, options: m.options.filter((o) => !COUNTER_VALUES.has(o.name)) })),
    }));
  // A list:set's members must exist before it is filled.
  const ordered = [...kept.filter((s) => s.type !== 'list:set'), ...kept.filter((s) => s.type === 'list:set')];
  const leftOut = [...byOwner].map(([owner, names]) => `${names.join(', ')} (${owner})`);
  return { sets: ordered, left, leftOut };
}

/** One file of the set loader, with its path inside the root. */
export interface SetFile {
  readonly path: string;
  readonly text: string;
}

/** The file holding `name` in a per-set directory. */
export const setFilePath = (layout: Extract<SetLayout, { kind: 'dir' }>, name: string): string =>
  `${layout.dir}/${name}${layout.suffix}`;

/**
 * Why a set cannot be a file of its own that the loader reads back (a hidden name is skipped, a slash is a
 * directory), or null.
 */
export function unsavableName(layout: SetLayout, name: string): string | null {
  if (layout.kind === 'file') return null;
  if (name.startsWith('.')) return `set ${name} cannot be saved in ${layout.dir}: the loader skips hidden file names`;
  if (name.includes('/')) return `set ${name} cannot be saved in ${layout.dir}: a file name cannot hold "/"`;
  return null;
}

/** The files the loader reads, in its format (a comment line where its format allows one). */
export function setFileTexts(layout: SetLayout, sets: readonly IpSet[], stamp: string): SetFile[] {
  const header = `# Saved by fwtui on ${stamp}\n`;
  if (layout.kind === 'file') return [{ path: layout.path, text: header + ipsetSaveText(sets) }];
  return sets.map((s) => {
    const path = setFilePath(layout, s.name);
    // RHEL's loader takes each file's first line as its create line: no comment there.
    if (!layout.bare) return { path, text: ipsetSaveText([s]) };
    const create = createLine(s).slice(`create ${s.name} `.length);
    return { path, text: `${header}${[create, ...s.members.map(memberText)].join('\n')}\n` };
  });
}

/** The loader's files: `paths` read from the target, in the order the loader reads them. */
export function setFilePaths(
  layout: SetLayout,
  exists: (p: string) => boolean,
  list: (d: string) => string[],
): string[] {
  if (layout.kind === 'file') return exists(layout.path) ? [layout.path] : [];
  // Both per-set loaders read every file of the directory but hidden ones (`ls`, a `*` glob), in name order.
  const names = list(layout.dir)
    .filter((n) => !n.startsWith('.'))
    .sort();
  const also = layout.alsoFile && exists(layout.alsoFile) ? [layout.alsoFile] : [];
  return [...names.map((n) => `${layout.dir}/${n}`), ...also];
}

/**
 * What the loader pipes into `ipset restore` from these files: for the per-set loaders every file's create line
 * first, then the members (so a list:set finds its sets), Alpine's bare lines with `create NAME`/`add NAME` put
 * back.
 */
export function restoreText(layout: SetLayout, files: readonly SetFile[]): string {
  if (layout.kind === 'file') return files.map((f) => (f.text.endsWith('\n') ? f.text : `${f.text}\n`)).join('');
  const heads: string[] = [];
  const tails: string[] = [];
  for (const f of files) {
    if (f.path === layout.alsoFile) {
      tails.push(...f.text.split('\n').filter((l) => l !== ''));
      continue;
    }
    const lines = f.text.split('\n').filter((l) => l !== '');
    if (layout.bare) {
      const name = f.path.slice(layout.dir.length + 1);
      const [first, ...rest] = lines.filter((l) => !l.startsWith('#'));
      heads.push(`create ${name} ${first ?? ''}`);
      tails.push(...rest.map((l) => `add ${name} ${l}`));
    } else {
      heads.push(...lines.slice(0, 1));
      tails.push(...lines.slice(1));
    }
  }
  return [...heads, ...tails].map((l) => `${l}\n`).join('');
}

/** The sets the loader would restore from these files. @throws ParseError */
export const readSetFiles = (layout: SetLayout, files: readonly SetFile[]): IpSet[] =>
  parseIpsetSave(restoreText(layout, files));
