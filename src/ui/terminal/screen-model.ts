/**
 * What the terminal shows, cell by cell, as far as it is known, and what Ink's incremental renderer's bytes do to it.
 * Rows are counted from where the model started (Ink only moves relative to its own frame), columns from the left
 * edge. A cell that is not known (undefined) is whatever Ink last put there: the terminal has it right, we just
 * cannot repeat it. `apply` understands exactly the vocabulary of Ink's log-update (cursor up/down/next line, column,
 * erase to end of line / whole line, newline, SGR text, cursor show/hide); on anything else it answers false and
 * the caller must stop trusting the model.
 */
import stringWidth from 'string-width';
import { charCells } from './char-cells.js';
import { applySgr, PLAIN_PEN } from './sgr-pen.js';

/**
 * One cell: its character (a wide one's second column has text ''), its width, its pen; `erased` by EL/2K.
 * `wrapErased`: written in the last column and then erased to the end of the line while the cursor waited to wrap;
 * terminals differ there (xterm erases it, tmux keeps it), so it is only ever repeated as it came: the character,
 * then the erase.
 */
export interface Cell {
  readonly text: string;
  readonly width: 0 | 1 | 2;
  readonly pen: string;
  readonly erased: boolean;
  readonly wrapErased?: boolean;
}

/** An erased cell: what EL leaves (the pen is always the plain one: EL with a colored pen is not followed). */
export const ERASED: Cell = { text: ' ', width: 1, pen: PLAIN_PEN, erased: true };

/** True when the two cells look the same and are the same kind (written or erased). */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.text === b.text && a.pen === b.pen && a.erased === b.erased && !a.wrapErased === !b.wrapErased;
}

const segmenter = new Intl.Segmenter();
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape and control bytes are what is tokenized
const TOKEN = /\u001b\[([?0-9;]*)([A-Za-z])|\n|\r|[\u0000-\u001f\u007f]|\u001b|[^\u0000-\u001f\u007f\u001b]+/gu;
const PLAIN_ASCII = /^[\u0020-\u007e]*$/u;

export class ScreenModel {
  /** Known cells per row (relative to the model's first row). */
  readonly rows = new Map<number, (Cell | undefined)[]>();
  row = 0;
  /** The cursor's column; null when not known (then text cannot be placed). */
  col: number | null;
  pen: string = PLAIN_PEN;
  /** The cursor sits after the last column: the next character would wrap. */
  pendingWrap = false;
  /** Cursor show/hide codes seen in the last `apply`, in order. */
  modes: string[] = [];

  /**
   * `col`: the cursor's column; `screenRow`: its row on the screen (0 at the top), which tells how far it can move
   * before the terminal stops it and when a newline would scroll; null when not known (then it may not move up or
   * down). `height`: the terminal's rows.
   */
  constructor(
    readonly columns: number,
    col: number | null,
    readonly height = Number.POSITIVE_INFINITY,
    public screenRow: number | null = 0,
  ) {
    this.col = col;
  }

  /** A copy to apply the next frame to. */
  clone(): ScreenModel {
    const copy = new ScreenModel(this.columns, this.col, this.height, this.screenRow);
    for (const [r, cells] of this.rows) copy.rows.set(r, cells.slice());
    copy.row = this.row;
    copy.pen = this.pen;
    copy.pendingWrap = this.pendingWrap;
    return copy;
  }

  /** The row's cells, made (all unknown) on first use. */
  cells(r: number): (Cell | undefined)[] {
    let cells = this.rows.get(r);
    if (!cells) {
      cells = new Array<Cell | undefined>(this.columns).fill(undefined);
      this.rows.set(r, cells);
    }
    return cells;
  }

  /** Applies Ink's bytes; false when one of them is outside the vocabulary or cannot be placed surely. */
  apply(chunk: string): boolean {
    this.modes = [];
    for (const match of chunk.matchAll(TOKEN)) {
      const [token, params, final] = match;
      const ok = final !== undefined ? this.csi(params ?? '', final) : this.plain(token);
      if (!ok) return false;
    }
    return true;
  }

  private csi(params: string, final: string): boolean {
    if (params.startsWith('?')) {
      if (params !== '?25' || (final !== 'h' && final !== 'l')) return false;
      this.modes.push(`\u001b[${params}${final}`);
      return true;
    }
    if (final === 'm') {
      const pen = applySgr(this.pen, params);
      if (pen === null) return false;
      this.pen = pen;
      return true;
    }
    if (params.includes(';')) return false;
    const n = params === '' ? 1 : Number(params);
    if (final === 'K' && this.pendingWrap) return this.eraseAtWrap(params);
    this.pendingWrap = false;
    switch (final) {
      case 'A':
        return this.moveRows(-Math.max(1, n));
      case 'B':
        return this.moveRows(Math.max(1, n));
      case 'E':
        this.col = 0;
        return this.moveRows(Math.max(1, n));
      case 'G':
        this.col = Math.min(Math.max(1, n), this.columns) - 1;
        return true;
      case 'K':
        return this.erase(params === '' || params === '0' ? 'end' : params === '2' ? 'line' : null);
      default:
        return false;
    }
  }

  private erase(what: 'end' | 'line' | null): boolean {
    // A colored pen would erase in color (and terminals differ): not followed.
    if (what === null || this.pen !== PLAIN_PEN) return false;
    if (what === 'end' && this.col === null) return false;
    const from = what === 'line' ? 0 : (this.col as number);
    const cells = this.cells(this.row);
    // Erasing half of a wide character: terminals differ on the other half.
    if (from > 0 && cells[from]?.width === 0) return false;
    for (let c = from; c < this.columns; c++) cells[c] = ERASED;
    return true;
  }

  /** EL right after the last column was written: the last cell becomes `wrapErased`, the cursor stays waiting. */
  private eraseAtWrap(params: string): boolean {
    const last = this.cells(this.row)[this.columns - 1];
    if ((params !== '' && params !== '0') || this.pen !== PLAIN_PEN || !last || last.width !== 1) return false;
    this.cells(this.row)[this.columns - 1] = { ...last, wrapErased: true };
    return true;
  }

  /** Moves the cursor down (up when negative), stopped at the screen's edge as terminals do. */
  private moveRows(delta: number): boolean {
    if (this.screenRow === null) return false;
    const to = Math.min(this.height - 1, Math.max(0, this.screenRow + delta));
    this.row += to - this.screenRow;
    this.screenRow = to;
    return true;
  }

  private plain(token: string): boolean {
    if (token === '\n') {
      // The tty turns \n into \r\n (ONLCR), which Ink relies on too. A scroll is not followed.
      if (this.screenRow === null || this.screenRow >= this.height - 1) return false;
      this.col = 0;
      this.pendingWrap = false;
      return this.moveRows(1);
    }
    if (token === '\r') {
      this.col = 0;
      this.pendingWrap = false;
      return true;
    }
    if (token.charCodeAt(0) < 0x20 || token === '\u007f') return false;
    return this.text(token);
  }

  private text(text: string): boolean {
    if (PLAIN_ASCII.test(text)) {
      for (const ch of text) if (!this.put(ch, 1)) return false;
      return true;
    }
    const cells = charCells(text);
    if (cells) {
      for (const [ch, width] of cells) if (!this.put(ch, width)) return false;
      return true;
    }
    for (const { segment } of segmenter.segment(text)) {
      const width = segment.length === 1 && segment < '\u007f' ? 1 : stringWidth(segment);
      if (width !== 1 && width !== 2) return false;
      if (!this.put(segment, width)) return false;
    }
    return true;
  }

  private put(text: string, width: 1 | 2): boolean {
    if (this.col === null || this.pendingWrap || this.col + width > this.columns) return false;
    const cells = this.cells(this.row);
    const col = this.col;
    // Overwriting part of a wide character leaves the other part to the terminal's taste: not followed.
    if (cells[col]?.width === 0 || (cells[col + width - 1]?.width === 2 && width === 1)) return false;
    if (width === 2 && cells[col + 1]?.width === 2) return false;
    cells[col] = { text, width, pen: this.pen, erased: false };
    if (width === 2) cells[col + 1] = { text: '', width: 0, pen: this.pen, erased: false };
    this.col = col + width;
    if (this.col === this.columns) {
      this.col = this.columns - 1;
      this.pendingWrap = true;
    }
    return true;
  }
}
