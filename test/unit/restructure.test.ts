/** scripts/restructure.mjs on a small repository of its own: moves, re-aimed specifiers, refusals, idempotence. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/restructure.mjs', import.meta.url));
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

let repo = '';
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: GIT_ENV });
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const read = (path: string): string => readFileSync(join(repo, path), 'utf8');
const run = () =>
  spawnSync(process.execPath, ['scripts/restructure.mjs'], { cwd: repo, encoding: 'utf8', env: GIT_ENV });

const MAP = {
  complete: ['src/domain', 'test/unit'],
  folders: { 'src/old': 'src/domain/model' },
  moves: {
    'src/old/c.ts': 'src/domain/model/c.ts',
    'src/domain/a.ts': 'src/domain/model/a.ts',
    'src/domain/b.tsx': 'src/domain/text/b.tsx',
    'src/cli/main.ts': 'src/cli/main.ts',
    'test/unit/a.test.ts': 'test/unit/domain/model/a.test.ts',
  },
};

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'fwtui-restructure-'));
  git('init', '-q');
  mkdirSync(join(repo, 'scripts'));
  copyFileSync(SCRIPT, join(repo, 'scripts/restructure.mjs'));
  write('scripts/restructure-map.json', JSON.stringify(MAP));
  write('src/domain/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
  write('src/domain/b.tsx', 'export const b = 1;\n');
  write(
    'src/cli/main.ts',
    [
      "import { a } from '../domain/a.js';",
      "vi.mock('../domain/b.js');",
      "const readme = new URL('../../README.md', import.meta.url);",
      "const notAPath = '../nowhere/x.js';",
      '',
    ].join('\n'),
  );
  write('test/unit/a.test.ts', "import { a } from '../../src/domain/a.js';\nconst src = '../../src';\n");
  const other = 'node src/domain/bb.tsx vendor/src/domain/b.tsx';
  write('package.json', `{"scripts":{"b":"node src/domain/b.tsx","other":"${other}"}}\n`);
  write('src/old/c.ts', 'export const c = 3;\n');
  write('README.md', 'see src/domain/a.ts, src/old/c.ts and the rest of src/old.\n');
  git('add', '-A');
  git('commit', '-qm', 'old layout');
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('scripts/restructure.mjs', () => {
  it('moves with git mv and re-aims every relative and root-relative path', () => {
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(repo, 'src/domain/a.ts'))).toBe(false);
    expect(read('src/domain/model/a.ts')).toBe("import { b } from '../text/b.js';\nexport const a = b;\n");
    expect(read('src/cli/main.ts')).toBe(
      [
        "import { a } from '../domain/model/a.js';",
        "vi.mock('../domain/text/b.js');",
        "const readme = new URL('../../README.md', import.meta.url);",
        "const notAPath = '../nowhere/x.js';",
        '',
      ].join('\n'),
    );
    expect(read('test/unit/domain/model/a.test.ts')).toBe(
      "import { a } from '../../../../src/domain/model/a.js';\nconst src = '../../../../src';\n",
    );
    const other = 'node src/domain/bb.tsx vendor/src/domain/b.tsx';
    expect(read('package.json')).toBe(`{"scripts":{"b":"node src/domain/text/b.tsx","other":"${other}"}}\n`);
    expect(read('README.md')).toBe(
      'see src/domain/model/a.ts, src/domain/model/c.ts and the rest of src/domain/model.\n',
    );
    expect(existsSync(join(repo, 'src/old'))).toBe(false);
    // Staged as renames, history kept.
    expect(git('status', '--porcelain')).toContain('R  src/domain/b.tsx -> src/domain/text/b.tsx');
  });

  it('does nothing on a tree that already has the new layout', () => {
    expect(run().status).toBe(0);
    git('commit', '-qm', 'moved');
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('nothing to do');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('refuses a dirty tree and changes nothing', () => {
    write('src/domain/a.ts', 'export const a = 2;\n');
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not clean');
    expect(existsSync(join(repo, 'src/domain/model'))).toBe(false);
  });

  it('stops, naming them, at files under a complete folder that the map does not place', () => {
    write('src/domain/c.ts', "import { a } from './a.js';\nexport const c = a;\n");
    write('test/unit/c.test.ts', "import { c } from '../../src/domain/c.js';\n");
    git('add', '-A');
    git('commit', '-qm', 'a new file by another engineer');
    const r = run();
    expect(r.status).toBe(1);
    // Each with a guess from what it imports, ready to paste into the map.
    expect(r.stderr).toContain('  "src/domain/c.ts": "src/domain/model/c.ts",');
    expect(r.stderr).toContain('  "test/unit/c.test.ts": "test/unit/domain/c.test.ts",');
    expect(existsSync(join(repo, 'src/domain/a.ts'))).toBe(true);
    expect(git('status', '--porcelain')).toBe('');
  });
});
