// The esbuild plugin that makes Ink's frames cost what changed, not the whole screen (issue #20 item 3): measured
// on a 100k-rule view, a keypress spent most of its time measuring every text again and building every cell.
// - string-width (as each package resolves it: Ink, widest-line, wrap-ansi have their own copies): remembered per
//   text (src/ui/render-cache/cached-width.ts).
// - ink/build/output.js, as Ink's renderer imports it: rows unchanged since a recent frame are taken from a cache
//   (src/ui/render-cache/row-cached-output.ts); any other row is built with Ink's own functions, a style difference
//   computed only where the style changes (styled-row.ts).
// - yoga-layout's loader fetches its own embedded data: URL when fetch exists, which loads Node's undici (~30 ms of
//   every start): it decodes the embedded copy directly instead, as it does where there is no fetch.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A module that hands `path`'s default export to `wrapper` (exported by src/ui/render-cache/ink-caches.ts). */
const wrapping = (path, wrapper, caches) =>
  [
    `import original from ${JSON.stringify(path)};`,
    `import { ${wrapper} } from ${caches};`,
    `export default ${wrapper}(original);`,
  ].join('\n');

/** The plugin; `root` is the repository's folder (with a trailing slash). */
export function inkSpeed(root) {
  const caches = JSON.stringify(`${root}src/ui/render-cache/ink-caches.ts`);
  return {
    name: 'fwtui-ink-speed',
    setup(build) {
      build.onResolve({ filter: /^string-width$/ }, async (args) => {
        if (args.pluginData?.real) return undefined;
        const real = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { real: true },
        });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: real.path, namespace: 'fwtui-cached-width' };
      });
      build.onLoad({ filter: /.*/, namespace: 'fwtui-cached-width' }, (args) => ({
        contents: wrapping(args.path, 'cachedWidth', caches),
        resolveDir: root,
        loader: 'js',
      }));
      build.onResolve({ filter: /^\.\/output\.js$/ }, (args) =>
        /[\\/]ink[\\/]build[\\/]renderer\.js$/.test(args.importer)
          ? { path: join(dirname(args.importer), 'output.js'), namespace: 'fwtui-row-cached-output' }
          : undefined,
      );
      // Ink's own copies of the ANSI tokenizer and string-width (resolved from ink/build, as output.js imports them).
      build.onLoad({ filter: /.*/, namespace: 'fwtui-row-cached-output' }, (args) => ({
        contents: [
          `import original from ${JSON.stringify(args.path)};`,
          "import * as ansi from '@alcalzone/ansi-tokenize';",
          "import stringWidth from 'string-width';",
          `import { rowCachedOutput } from ${caches};`,
          'export default rowCachedOutput(original, { ...ansi, stringWidth });',
        ].join('\n'),
        resolveDir: dirname(args.path),
        loader: 'js',
      }));
      build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const fetchTest = '"function"!=typeof fetch';
        const patched = text.replaceAll(fetchTest, `${fetchTest}||ua(H)`);
        const warnings =
          text.split(fetchTest).length === 3 && /function ua\(a\)\{return a\.startsWith\("data:/.test(text)
            ? []
            : [{ text: "yoga-layout's loader changed: it is bundled as is (it may fetch its data: URL at start)" }];
        return { contents: warnings.length > 0 ? text : patched, loader: 'js', warnings };
      });
    },
  };
}
