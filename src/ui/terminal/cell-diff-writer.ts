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
import { type CursorPlace, cursorPlaceAfter } from './cursor-place.js';
import { ScreenModel } from './screen-model.js';
import { applySgr, PLAIN_PEN, sgrFor } from './sgr-pen.js';

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
  /** The cursor on the screen, while no model follows it. */
  private place: CursorPlace;
  private height = Number.POSITIVE_INFINITY;

  /** `place`: where the cursor is on the screen at the start (fwtui's full screen starts at the top left). */
  constructor(place: CursorPlace = { row: null, col: null }) {
    this.place = { ...place };
  }

  /** Forgets the screen (a resize): the next bytes go as they came; a shorter screen may have moved the cursor. */
  reset(rows?: number): void {
    if (this.model) this.place = { row: this.model.screenRow, col: this.model.col };
    if (rows === undefined || rows < this.height || (this.place.row ?? 0) >= rows) this.place.row = null;
    this.model = null;
  }

  /** The bytes to send for Ink's `chunk` on a terminal `columns` x `rows`. */
  translate(chunk: string, columns: number, rows = Number.POSITIVE_INFINITY): string {
    const model = this.model;
    if (model === null || columns !== model.columns || rows !== model.height)
      return this.asItCame(chunk, columns, rows);
    const next = model.clone();
    if (!next.apply(chunk)) return this.asItCame(chunk, columns, rows);
    // Nothing known yet (the frame after the first): the diff would be the whole frame; the model just learns it.
    const diff = model.rows.size === 0 ? null : cellDiff(model, next, this.pen);
    // Ink's bytes are right as they are; they assume the pen they left, which the model holds.
    const whole = (this.pen === null ? sgrFor(model.pen) : '') + chunk;
    this.model = next;
    this.pen = next.pen;
    return diff !== null && diff.length < whole.length ? diff : whole;
  }

  /**
   * `chunk` unchanged (the first frame, bytes not understood, after a resize); the model starts again after it, with
   * nothing known but the cursor's place. The first frame costs the same either way, and is not held up by the model.
   */
  private asItCame(chunk: string, columns: number, rows: number): string {
    const from = this.model ? { row: this.model.screenRow, col: this.model.col } : this.place;
    this.place = cursorPlaceAfter(chunk, from, rows, columns);
    this.height = rows;
    this.pen = penAfter(chunk, this.pen);
    this.model = new ScreenModel(columns, this.place.col, rows, this.place.row);
    this.model.pen = this.pen ?? PLAIN_PEN;
    return chunk;
  }
}

/**
 * `out` as Ink's stdout, with only changed cells written. Size, isTTY and resize events are the stream's own;
 * a resize makes the writer start over. `place`: where the cursor is on the screen now (not known: the writer
 * passes bytes as they came until an absolute move, such as Ink's clear, tells it).
 */
export function cellDiffOutput(out: NodeJS.WriteStream, place?: CursorPlace): NodeJS.WriteStream {
  const state = new CellDiffState(place);
  out.on('resize', () => state.reset(out.rows || undefined));
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
