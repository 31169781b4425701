import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ansi from '../../../../node_modules/@alcalzone/ansi-tokenize/build/index.js';
import InkOutput from '../../../../node_modules/ink/build/output.js';
import stringWidth from 'string-width';
import { type InkOutputClass, rowCachedOutput } from '../../../../src/ui/render-cache/row-cached-output.js';
import type { AnsiTools } from '../../../../src/ui/render-cache/styled-row.js';

/** Ink's own tokenizer and string-width, as the bundle hands them in (scripts/ink-speed.mjs). */
const tools = { ...ansi, stringWidth } as unknown as AnsiTools;

type Write = { x: number; y: number; text: string; upper: boolean };

/** Ink's Output and a counting subclass: how many times a row was built by Ink. */
function counting(): { Original: InkOutputClass; built: () => number } {
  let built = 0;
  class Counted extends InkOutput {
    constructor(options: { width: number; height: number }) {
      super(options);
      built++;
    }
  }
  return { Original: Counted, built: () => built };
}

const frame = (Output: InkOutputClass, width: number, height: number, writes: readonly Write[]): string => {
  const out = new Output({ width, height });
  for (const w of writes) {
    const transformers = w.upper ? [(line: string) => line.toUpperCase()] : [];
    out.write(w.x, w.y, w.text, { transformers });
  }
  return out.get().output;
};

// Plain and wide characters, colour codes, line breaks: what Ink's Text nodes write.
const piece = fc.constantFrom(
  'a',
  'rule ',
  '10.0.0.1',
  '\u001b[31m',
  '\u001b[39m',
  '\u001b[1m',
  '\u001b[2m',
  '\u001b[22m',
  '\u001b[7m',
  '\u001b[27m',
  '\u001b[44m',
  '\u001b[49m',
  '\u001b[9m',
  '\u001b[0m',
  '\u001b[38;5;208m',
  '界',
  '\n',
  ' ',
);
const write = fc.record({
  x: fc.integer({ min: 0, max: 30 }),
  y: fc.integer({ min: -2, max: 12 }),
  text: fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
  upper: fc.boolean(),
});

describe('rowCachedOutput', () => {
  it.each([
    ["by Ink's Output", undefined],
    ["with Ink's tokenizer", tools],
  ])(
    'gives the frame Ink gives, for any writes (styles, wide characters, lines past either edge), rows built %s',
    (_, withTools) => {
      const Cached = rowCachedOutput(InkOutput, withTools);
      fc.assert(
        fc.property(fc.array(write, { maxLength: 14 }), fc.integer({ min: 1, max: 40 }), (writes, width) => {
          // Twice: the second frame comes from the cache.
          expect(frame(Cached, width, 10, writes)).toBe(frame(InkOutput, width, 10, writes));
          expect(frame(Cached, width, 10, writes)).toBe(frame(InkOutput, width, 10, writes));
        }),
        { numRuns: 300 },
      );
    },
  );

  it('builds again only the rows a frame changed (a keypress moves the cursor: two rows of fifty)', () => {
    const { Original, built } = counting();
    const Cached = rowCachedOutput(Original);
    const rows = (cursor: number): Write[] =>
      Array.from({ length: 50 }, (_, y) => ({
        x: 0,
        y,
        text: y === cursor ? `\u001b[7m rule ${y}\u001b[27m` : ` rule ${y}`,
        upper: false,
      }));
    frame(Cached, 200, 50, rows(3));
    const first = built();
    frame(Cached, 200, 50, rows(4));
    expect(first).toBe(50);
    expect(built() - first).toBe(2);
  });

  it('leaves a frame with clipping to Ink whole', () => {
    const Cached = rowCachedOutput(InkOutput);
    for (const O of [Cached, InkOutput]) {
      const out = new O({ width: 10, height: 2 });
      out.clip({ x1: 0, x2: 3, y1: 0, y2: 1 });
      out.write(0, 0, 'abcdefgh', { transformers: [] });
      out.unclip();
      out.write(0, 1, 'xyz', { transformers: [] });
      expect(out.get()).toEqual({ output: 'abc\nxyz', height: 2 });
    }
  });
});
