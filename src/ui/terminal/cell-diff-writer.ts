/**
 * Bytes on the wire like curses: stands between Ink and the terminal, keeps the screen's cells, and writes only the
 * cells a frame changes. Ink rewrites a changed line whole (~400 B for one counter at 200x50) and sends `ESC[E` for
 * every unchanged one; this sends the digits that moved and a few bytes of cursor motion.
 *
 * Trust: whatever it does not understand (or cannot place surely) goes to the terminal byte for byte as Ink wrote
 * it, and the model starts again from nothing, so the screen is never other than Ink's own. A resize starts over.
 * Not one escape code of its own styles anything: where Ink writes none (TERM=dumb, NO_COLOR), neither does this.
 */
import { cellDiff } from './cell-diff.js';
import { ScreenModel } from './screen-model.js';
import { applySgr, PLAIN_PEN, sgrFor } from './sgr-pen.js';

/** The model's row span against the terminal's height: taller means scrolling, which is not followed. */
function fits(model: ScreenModel, rows: number | undefined): boolean {
  const keys = [...model.rows.keys(), model.row];
  return rows === undefined || Math.max(...keys) - Math.min(...keys) < rows;
}

/** The pen after `chunk`'s SGR codes from `pen` (other bytes ignored); null when one is not known. */
function penAfter(chunk: string, pen: string | null): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR codes
  for (const [, params] of chunk.matchAll(/\u001b\[([0-9;]*)m/gu))
    pen = pen === null ? null : applySgr(pen, params ?? '');
  return pen;
}

/** The writer's state and its one step: Ink's chunk in, the bytes for the terminal out. */
export class CellDiffState {
  /** The screen as known; null: the next bytes go as they came, and the model starts after them. */
  private model: ScreenModel | null = null;
  /**
   * The terminal's pen; null when not known. Plain at the start, as Ink assumes: its text carries no reset, chalk
   * closes every style it opens.
   */
  private pen: string | null = PLAIN_PEN;

  /** Forgets the screen (resize, clear): the next bytes go as they came. */
  reset(): void {
    this.model = null;
  }

  /** The bytes to send for Ink's `chunk` on a terminal `columns` x `rows`. */
  translate(chunk: string, columns: number, rows?: number): string {
    if (this.model === null || columns !== this.model.columns) return this.asItCame(chunk, columns);
    const next = this.model.clone();
    if (!next.apply(chunk) || !fits(next, rows)) return this.asItCame(chunk, columns);
    const diff = cellDiff(this.model, next, this.pen);
    // Ink's bytes are right as they are; they assume the pen they left, which the model holds.
    const whole = (this.pen === null ? sgrFor(this.model.pen) : '') + chunk;
    this.model = next;
    this.pen = next.pen;
    return diff !== null && diff.length < whole.length ? diff : whole;
  }

  /**
   * `chunk` unchanged (the first frame, bytes not understood, after a resize); the model starts again after it, with
   * nothing known but the cursor: rows counted from where it is, column 0 after a newline (Ink ends every write so).
   * The first frame costs the same either way, and is not held up by the model.
   */
  private asItCame(chunk: string, columns: number): string {
    this.pen = penAfter(chunk, this.pen);
    this.model = new ScreenModel(columns, chunk.endsWith('\n') ? 0 : null);
    this.model.pen = this.pen ?? PLAIN_PEN;
    return chunk;
  }
}

/**
 * `out` as Ink's stdout, with only changed cells written. Size, isTTY and resize events are the stream's own;
 * a resize makes the writer start over.
 */
export function cellDiffOutput(out: NodeJS.WriteStream): NodeJS.WriteStream {
  const state = new CellDiffState();
  out.on('resize', () => state.reset());
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    const bytes = state.translate(text, out.columns || 80, out.rows || undefined);
    return (out.write as (c: string, ...r: unknown[]) => boolean)(bytes, ...rest);
  };
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
