/** The bundle (scripts/bundle.mjs) puts the caches into Ink: checked on an esbuild bundle of Ink with the plugin. */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkSpeed } from '../../../../scripts/ink-speed.mjs';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

type Inputs = Record<string, { imports: { path: string }[] }>;

async function bundleInk(): Promise<{ inputs: string[]; imports: Inputs; text: string }> {
  const result = await build({
    stdin: { contents: "export { render, Text } from 'ink';", resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias: { 'react-devtools-core': `${root}scripts/devtools-stub.mjs` },
    plugins: [inkSpeed(root)],
  });
  const imports = result.metafile.inputs as Inputs;
  return { inputs: Object.keys(imports), imports, text: result.outputFiles[0]!.text };
}

describe('the bundle makes Ink frames cost what changed', () => {
  let bundled: Awaited<ReturnType<typeof bundleInk>>;
  beforeAll(async () => {
    bundled = await bundleInk();
  }, 30_000);

  it("builds Ink's output through the row cache and every copy of string-width through the width cache", () => {
    const { inputs, imports } = bundled;
    const output = inputs.filter((i) => i.startsWith('fwtui-row-cached-output:'));
    expect(output).toEqual([expect.stringMatching(/ink\/build\/output\.js$/)]);
    // Rows are built with Ink's own tokenizer.
    expect(imports[output[0]!]!.imports.map((i) => i.path)).toContainEqual(
      expect.stringMatching(/@alcalzone\/ansi-tokenize\/build\/index\.js$/),
    );
    const widths = inputs.filter((i) => /string-width\/index\.js$/.test(i) && !i.includes(':'));
    expect(widths.length).toBeGreaterThan(0);
    // Inputs are named relative to the working directory (node_modules may be a link), wrapped ones by full path.
    for (const real of widths) expect(inputs).toContain(`fwtui-cached-width:${resolve(real)}`);
  });

  it("loads yoga's embedded WebAssembly without fetch (no undici at start)", () => {
    const { text } = bundled;
    expect(text.split('"function" != typeof fetch || ua(H)').length - 1).toBe(2);
  });
});
