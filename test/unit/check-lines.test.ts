/** scripts/check-lines.mjs: the 120-column check of `npm run lint`. */
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/check-lines.mjs');

describe('the 120-column check', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fwtui-lines-'));
    await mkdir(join(root, 'src/domain'), { recursive: true });
    await mkdir(join(root, 'test/fixtures'), { recursive: true });
    await writeFile(join(root, 'src/domain/ok.ts'), `// ${'x'.repeat(117)}\n`);
    // Fixture data is what real tools printed: never cut.
    await writeFile(join(root, 'test/fixtures/dump.ts'), `${'y'.repeat(300)}\n`);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('passes lines of 120 columns (characters, not UTF-16 units: 𝐱 is two) and fixture data', async () => {
    await writeFile(join(root, 'src/wide.tsx'), `const s = '${'𝐱'.repeat(107)}';\n`);
    const r = await execa('node', [SCRIPT, root], { reject: false });
    expect(r.stdout).toContain('no line over 120 columns');
    expect(r.exitCode).toBe(0);
  });

  it('fails listing file:line of each longer line in src, test and scripts', async () => {
    await writeFile(join(root, 'src/domain/wide.ts'), `const a = 1;\nconst s = '${'x'.repeat(108)}';\n`);
    await mkdir(join(root, 'scripts'));
    await writeFile(join(root, 'scripts/tool.mjs'), `${'z'.repeat(121)}\n`);
    const r = await execa('node', [SCRIPT, root], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n').filter((l) => /^\S+:\d+: /.test(l))).toEqual([
      'src/domain/wide.ts:2: 121 columns',
      'scripts/tool.mjs:1: 121 columns',
    ]);
  });
});
