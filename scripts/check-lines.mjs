// Fails, listing file:line, when a source line is wider than 120 columns (issue #16): the formatter wraps code,
// but long strings, comments, template literals and regexes it cannot wrap must be cut by hand.
// Fixture data under test/fixtures is what real tools printed and stays as it is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT = 120;
// The project root, or the folder given (its tests run it on a scratch tree).
const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['src', 'test', 'scripts'];
const SKIP = new Set(['test/fixtures', 'node_modules']);
const SOURCE = /\.(?:ts|tsx|js|mjs|cjs)$/;

/** Every source file below `dir`, as paths relative to the project root. */
function sources(dir) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (SKIP.has(path) || SKIP.has(entry.name)) continue;
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.isFile() && SOURCE.test(entry.name)) out.push(path);
  }
  return out;
}

const wide = [];
for (const file of FOLDERS.flatMap(sources)) {
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      // Columns as a reader counts them: one per character, not per UTF-16 unit.
      const columns = [...line].length;
      if (columns > LIMIT) wide.push(`${file}:${i + 1}: ${columns} columns`);
    });
}
if (wide.length > 0) {
  console.error(`${wide.join('\n')}\ncheck-lines: ${wide.length} line(s) over ${LIMIT} columns`);
  process.exit(1);
}
console.log(`check-lines: no line over ${LIMIT} columns in ${FOLDERS.join(', ')}`);
