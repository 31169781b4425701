#!/usr/bin/env node
/**
 * The issue #16 layout as one scripted move, run once by the integrator on the merged main:
 *   node scripts/restructure.mjs [--dry-run] [--map FILE]
 * Refuses a dirty tree; stops, listing them, when a file under a folder the map is complete for
 * (scripts/restructure-map.json "complete") is not placed; `git mv`s every file the map moves; rewrites every
 * relative specifier (import, export, import(), vi.mock(), new URL()) in the repository's code to the new
 * locations, and root-relative paths (src/…/x.ts) in configs, scripts, .ci/ and docs; stages it all; prints a
 * summary. Idempotent: on a tree already moved it changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';

const git = (args) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const fail = (lines) => {
  console.error(lines.join('\n'));
  process.exit(1);
};

const argv = process.argv.slice(2);
const dryRun = argv.includes('--dry-run');
const mapArg = argv.indexOf('--map');
process.chdir(git(['rev-parse', '--show-toplevel']).trim());
const mapFile = mapArg >= 0 ? argv[mapArg + 1] : 'scripts/restructure-map.json';
const SELF = ['scripts/restructure.mjs', mapFile];

// 1. A clean tree only: the move must be one reviewable commit of its own.
const dirty = git(['status', '--porcelain', '--untracked-files=no']).trim();
const untracked = git(['ls-files', '--others', '--exclude-standard', '--', 'src', 'test', 'scripts', 'themes']).trim();
if (dirty || untracked) {
  fail(['restructure: refused, the tree is not clean (commit or stash first):', dirty, untracked].filter(Boolean));
}

// 2. The map: unique destinations, no chains (a -> b while b -> c).
const { complete = [], folders = {}, moves } = JSON.parse(readFileSync(mapFile, 'utf8'));
const entries = Object.entries(moves);
const seen = new Map();
for (const [from, to] of entries) {
  if (seen.has(to)) fail([`restructure: ${from} and ${seen.get(to)} both go to ${to}`]);
  seen.set(to, from);
  if (from !== to && moves[to] !== undefined && moves[to] !== to) fail([`restructure: ${to} is moved and a target`]);
}

/**
 * A guess at an unplaced file's place: where most of what it imports goes (a domain file beside the domain files
 * it uses, a test mirroring the code it imports); it stays where it is when nothing tells.
 */
function suggest(file) {
  const votes = new Map();
  for (const [, , spec] of readFileSync(file, 'utf8').matchAll(RELATIVE)) {
    const t = target(file, spec);
    if (!t || t.dir) continue;
    const dir = posix.dirname(moves[t.path] ?? t.path);
    const area = file.startsWith('test/unit/') ? dir.replace(/^src\//, 'test/unit/') : dir;
    const folder = file.split('/').slice(0, 2).join('/');
    const layer = { 'src/safety': 'src/app', 'src/demo': 'src/backend' }[folder] ?? folder;
    if (file.startsWith('test/unit/') ? dir.startsWith('src/') : area.startsWith(layer)) {
      votes.set(area, (votes.get(area) ?? 0) + 1);
    }
  }
  const best = [...votes].sort((x, y) => y[1] - x[1])[0];
  return best ? `${best[0]}/${posix.basename(file)}` : file;
}

// The tracked files, and how a relative specifier finds the one it names (`./x.js` names x.ts or x.tsx).
const tracked = new Set(git(['ls-files', '-z']).split('\0').filter(Boolean));
const RELATIVE = /(['"`])(\.\.?\/[^'"`\s$]*)\1/g;
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
const dirs = new Set();
for (const f of tracked) for (let d = posix.dirname(f); d !== '.'; d = posix.dirname(d)) dirs.add(d);
const SOURCE_OF = [
  ['.js', ['.js', '.ts', '.tsx']],
  ['.mjs', ['.mjs', '.mts']],
  ['.cjs', ['.cjs', '.cts']],
  ['.jsx', ['.jsx', '.tsx']],
];

/** The tracked file (or folder) a specifier in `file` names, or null. */
function target(file, spec) {
  const path = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\/$/, '');
  if (tracked.has(path)) return { path, ext: '' };
  for (const [ext, sources] of SOURCE_OF) {
    if (!path.endsWith(ext)) continue;
    for (const src of sources) {
      const candidate = path.slice(0, -ext.length) + src;
      if (tracked.has(candidate)) return { path: candidate, written: ext };
    }
  }
  return dirs.has(path) ? { path, dir: true } : null;
}

// 3. Every file under a complete folder is placed (files added since the map was written are caught here).
const placed = new Set([...entries.flat()]);
const unplaced = [...tracked].filter((f) => complete.some((dir) => f.startsWith(`${dir}/`)) && !placed.has(f));
if (unplaced.length > 0) {
  fail([
    `restructure: ${unplaced.length} file(s) under ${complete.join(', ')} have no place in ${mapFile}:`,
    ...unplaced.sort().map((f) => `  ${JSON.stringify(f)}: ${JSON.stringify(suggest(f))},`),
    'Add each one to "moves" (old path -> new path; a file that stays maps to itself; the places above are only',
    'guesses from what each file imports: check them), then run again.',
  ]);
}

// 4. The plan: what still has to move; what has moved already is left alone (idempotence).
const pending = new Map();
const problems = [];
for (const [from, to] of entries) {
  if (from === to) continue;
  const hasFrom = tracked.has(from);
  const hasTo = tracked.has(to);
  if (hasFrom && hasTo) problems.push(`  both ${from} and ${to} exist`);
  else if (hasFrom) pending.set(from, to);
  else if (!hasTo) console.warn(`restructure: note: ${from} is in the map, not in the tree (not merged, or deleted)`);
}
if (problems.length > 0) fail(['restructure: the map does not fit this tree:', ...problems]);
if (pending.size === 0) {
  console.log('restructure: the tree already has the new layout: nothing to do');
  process.exit(0);
}
const dest = (path) => pending.get(path) ?? path;

// 5. Relative specifiers: resolved against the file's place today, re-aimed from its new place.
/** `spec` as written in `file` once both it and what it names have moved. */
function reaim(file, spec) {
  const t = target(file, spec);
  if (!t) return spec;
  let out = posix.relative(posix.dirname(dest(file)), t.dir ? t.path : dest(t.path));
  if (t.written) out = out.replace(/\.[cm]?tsx?$/, t.written);
  if (!out.startsWith('.')) out = `./${out}`;
  return spec.endsWith('/') && !out.endsWith('/') ? `${out}/` : out;
}

// Root-relative spellings (package.json, .ci/run, stryker, README, comments): whole paths only.
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rooted = [...pending].map(([from, to]) => [new RegExp(`(?<![\\w./-])${escapeRegExp(from)}(?![\\w-])`, 'g'), to]);
// Then folders the move empties, named as a whole ("see src/safety", a glob "src/safety/**").
for (const [from, to] of Object.entries(folders)) {
  if (![...tracked].some((f) => f.startsWith(`${from}/`))) continue;
  rooted.push([new RegExp(`(?<![\\w./-])${escapeRegExp(from)}(?![\\w-]|\\.\\w)`, 'g'), to]);
}
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx|json|jsonc|md|yml|yaml|toml)$|^\.ci\/|(^|\/)[^./]+$/;

const rewritten = new Map();
let specifiers = 0;
let rootedHits = 0;
for (const file of tracked) {
  if (SELF.includes(file) || file.startsWith('dist/') || !TEXT.test(file)) continue;
  if (/\.(save|list|txt)$/.test(file) || file.startsWith('test/fixtures/') || file === 'package-lock.json') continue;
  const before = readFileSync(file, 'utf8');
  if (before.includes('\0')) continue;
  let text = before;
  if (CODE.test(file)) {
    text = text.replace(RELATIVE, (whole, quote, spec) => {
      const next = reaim(file, spec);
      if (next === spec) return whole;
      specifiers++;
      return `${quote}${next}${quote}`;
    });
  }
  for (const [pattern, to] of rooted) {
    text = text.replace(pattern, () => {
      rootedHits++;
      return to;
    });
  }
  if (text !== before || pending.has(file)) rewritten.set(file, text === before ? null : text);
}

// 6. Summary (and, unless --dry-run, the move itself).
const byFolder = new Map();
for (const to of pending.values()) byFolder.set(posix.dirname(to), (byFolder.get(posix.dirname(to)) ?? 0) + 1);
const changed = [...rewritten.values()].filter((t) => t !== null).length;
console.log(`restructure: ${pending.size} files move${dryRun ? ' (dry run: nothing changed)' : ''}:`);
for (const [folder, n] of [...byFolder].sort()) console.log(`  ${String(n).padStart(3)} -> ${folder}/`);
console.log(
  `restructure: ${specifiers} relative specifiers and ${rootedHits} root-relative paths` +
    ` rewritten in ${changed} files`,
);
if (dryRun) {
  for (const [file, text] of rewritten) {
    if (text !== null) console.log(`  rewrites ${file}${pending.has(file) ? ` (-> ${dest(file)})` : ''}`);
  }
  process.exit(0);
}
for (const [from, to] of pending) {
  mkdirSync(posix.dirname(to), { recursive: true });
  git(['mv', '--', from, to]);
}
for (const [file, text] of rewritten) if (text !== null) writeFileSync(dest(file), text);
git(['add', '--', ...[...rewritten.keys()].map(dest)]);
// Folders the move emptied (src/safety, src/demo, …) go too.
const emptied = new Set([...pending.keys()].map((f) => posix.dirname(f)));
for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
  for (let d = dir; d !== '.' && existsSync(d) && readdirSync(d).length === 0; d = posix.dirname(d)) rmdirSync(d);
}
console.log('restructure: done and staged. Next: npx tsc --noEmit && npm run build &&');
console.log('  npx vitest run test/unit test/ui && npx depcruise --config .dependency-cruiser.cjs src; then commit.');
