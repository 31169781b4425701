import { type AnsiTools, type StyledChar, styledChars, styledRow } from './styled-row.js';
import { TwoGenerationCache } from './two-generation-cache.js';

/** A text transformer of Ink's (`<Text transform>`): called per line with its index. */
type Transformer = (line: string, index: number) => string;

/** The shape of Ink's `Output` (ink/build/output.js): where the tree's texts are put before the frame is written. */
export interface InkOutput {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}
export type InkOutputClass = new (options: { width: number; height: number }) => InkOutput;

type Clip = { x1?: number; x2?: number; y1?: number; y2?: number };
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/**
 * Ink's Output, one row at a time, each row's text remembered: Ink builds every frame cell by cell (a styled object
 * per character of the 200x50 screen, ANSI codes tokenized again) though a keypress changes two rows. A row whose
 * writes (column and text) are the same as in a recent frame gives the same line, so it is taken from the cache.
 * Any other row is built with Ink's own functions (`tools`: styled-row.ts), or without them by Ink's Output, so
 * each line is exactly what Ink would write. Frames with clipping (overflow="hidden", which fwtui does not use) are
 * left to Ink whole.
 */
export function rowCachedOutput(Original: InkOutputClass, tools?: AnsiTools): InkOutputClass {
  const rows = new TwoGenerationCache<string>(2_000);
  const chars = new TwoGenerationCache<StyledChar[]>(2_000);
  const charsOf = (line: string): StyledChar[] => chars.get(line, () => styledChars(tools!, line));
  /** Builds one row: a blank row of `width`, the writes applied in order. */
  const buildRow = (width: number, writes: readonly (number | string)[]): string => {
    if (tools) return styledRow(tools, width, writes, charsOf);
    const row = new Original({ width, height: 1 });
    for (let w = 0; w < writes.length; w += 2) row.write(writes[w] as number, 0, writes[w + 1] as string, NONE);
    return row.get().output;
  };

  return class RowCachedOutput implements InkOutput {
    readonly #width: number;
    readonly #height: number;
    readonly #operations: Operation[] = [];

    constructor(options: { width: number; height: number }) {
      this.#width = options.width;
      this.#height = options.height;
    }

    write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
      if (text) this.#operations.push({ type: 'write', x, y, text, transformers: options.transformers });
    }

    clip(clip: Clip): void {
      this.#operations.push({ type: 'clip', clip });
    }

    unclip(): void {
      this.#operations.push({ type: 'unclip' });
    }

    get(): { output: string; height: number } {
      if (this.#operations.some((o) => o.type !== 'write')) return this.#whole();
      // Per row: the column and (transformed) text of each write, in Ink's order.
      const writes: (number | string)[][] = Array.from({ length: this.#height }, () => []);
      for (const op of this.#operations) {
        if (op.type !== 'write') continue;
        let offsetY = 0;
        for (const [index, text] of op.text.split('\n').entries()) {
          const row = writes[op.y + offsetY];
          // As Ink: a line outside the frame is skipped without moving on (so are the lines after it).
          if (!row) continue;
          let line = text;
          for (const transformer of op.transformers) line = transformer(line, index);
          row.push(op.x, line);
          offsetY++;
        }
      }
      const width = this.#width;
      const lines = writes.map((w) => rows.get(`${width}\0${w.join('\0')}`, () => buildRow(width, w)));
      return { output: lines.join('\n'), height: this.#height };
    }

    /** The frame built by Ink's Output from the same operations (clipping included). */
    #whole(): { output: string; height: number } {
      const output = new Original({ width: this.#width, height: this.#height });
      for (const op of this.#operations) {
        if (op.type === 'write') output.write(op.x, op.y, op.text, { transformers: op.transformers });
        else if (op.type === 'clip') output.clip(op.clip);
        else output.unclip();
      }
      return output.get();
    }
  };
}

const NONE = { transformers: [] };
