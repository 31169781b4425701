/**
 * A tiny terminal for tests, written apart from src/ui/terminal/screen-model.ts so one can check the other: a grid
 * with autowrap, scrolling, ONLCR newlines, the cursor moves (CUU CUD CUF CUB CNL CPL CHA CUP), erases (ED EL) and
 * SGR looks. `screen()` prints each cell with its look, erased cells as '.', so two screens compare as strings.
 */
import stringWidth from 'string-width';

interface VtCell {
  ch: string;
  look: string;
  erased: boolean;
}

const SIMPLE: Record<number, [string, boolean]> = {
  1: ['bold', true],
  2: ['dim', true],
  3: ['italic', true],
  4: ['under', true],
  5: ['blink', true],
  7: ['inverse', true],
  8: ['hidden', true],
  9: ['strike', true],
  23: ['italic', false],
  24: ['under', false],
  25: ['blink', false],
  27: ['inverse', false],
  28: ['hidden', false],
  29: ['strike', false],
};

export class VtScreen {
  grid: VtCell[][];
  row = 0;
  col = 0;
  wrapNext = false;
  look = new Map<string, string>();

  /**
   * `eraseAtWrap`: what EL does right after the last column was written (the cursor waiting to wrap): 'xterm' erases
   * that last cell, 'tmux' erases nothing (its cursor is past the edge).
   */
  constructor(
    readonly cols: number,
    readonly rows: number,
    readonly eraseAtWrap: 'xterm' | 'tmux' = 'xterm',
  ) {
    this.grid = Array.from({ length: rows }, () => this.blankRow());
  }

  private blankRow(): VtCell[] {
    return Array.from({ length: this.cols }, () => ({ ch: ' ', look: '', erased: true }));
  }

  private lookText(): string {
    return [...this.look.entries()]
      .sort()
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
  }

  private lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.grid.shift();
      this.grid.push(this.blankRow());
    } else this.row++;
  }

  private sgr(params: number[]): void {
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p === 0) this.look.clear();
      else if (SIMPLE[p]) {
        const [k, on] = SIMPLE[p];
        if (on) this.look.set(k, '1');
        else this.look.delete(k);
      } else if (p === 22) {
        this.look.delete('bold');
        this.look.delete('dim');
      } else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) this.look.set('fg', String(p));
      else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) this.look.set('bg', String(p));
      else if (p === 39) this.look.delete('fg');
      else if (p === 49) this.look.delete('bg');
      else if (p === 38 || p === 48) {
        const n = params[i + 1] === 5 ? 2 : 4;
        this.look.set(p === 38 ? 'fg' : 'bg', params.slice(i + 1, i + 1 + n).join(';'));
        i += n;
      } else throw new Error(`vt: SGR ${p}`);
    }
  }

  private put(ch: string): void {
    const w = stringWidth(ch);
    if (w === 0) throw new Error(`vt: zero-width ${JSON.stringify(ch)}`);
    if (this.wrapNext || this.col + w > this.cols) {
      this.col = 0;
      this.lineFeed();
      this.wrapNext = false;
    }
    const line = this.grid[this.row]!;
    line[this.col] = { ch, look: this.lookText(), erased: false };
    if (w === 2) line[this.col + 1] = { ch: '', look: this.lookText(), erased: false };
    this.col += w;
    if (this.col >= this.cols) {
      this.col = this.cols - 1;
      this.wrapNext = true;
    }
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?')) return; // cursor show/hide, alternate screen: no cell changes
    const nums = params === '' ? [] : params.split(';').map(Number);
    const n = Math.max(1, nums[0] ?? 1);
    if (final === 'K' && this.wrapNext && this.eraseAtWrap === 'tmux' && (nums[0] ?? 0) === 0) return;
    if (final !== 'm') this.wrapNext = false;
    const line = this.grid[this.row]!;
    const clampRow = (r: number) => Math.min(this.rows - 1, Math.max(0, r));
    switch (final) {
      case 'A':
        this.row = clampRow(this.row - n);
        break;
      case 'B':
        this.row = clampRow(this.row + n);
        break;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'E':
        this.row = clampRow(this.row + n);
        this.col = 0;
        break;
      case 'F':
        this.row = clampRow(this.row - n);
        this.col = 0;
        break;
      case 'G':
        this.col = Math.min(this.cols, n) - 1;
        break;
      case 'H':
        this.row = clampRow((nums[0] ?? 1) - 1);
        this.col = Math.min(this.cols, Math.max(1, nums[1] ?? 1)) - 1;
        break;
      case 'J':
        if (nums[0] === 2 || nums[0] === 3) this.grid = Array.from({ length: this.rows }, () => this.blankRow());
        else throw new Error(`vt: ED ${params}`);
        break;
      case 'K': {
        const from = nums[0] === 2 ? 0 : nums[0] === 1 ? -1 : this.col;
        if (from < 0) throw new Error('vt: EL 1');
        for (let c = from; c < this.cols; c++) line[c] = { ch: ' ', look: this.lookText(), erased: true };
        break;
      }
      case 'm':
        this.sgr(nums.length === 0 ? [0] : nums);
        break;
      default:
        throw new Error(`vt: CSI ${params}${final}`);
    }
  }

  /** Feeds bytes as a tty (with ONLCR) would pass them to the terminal. */
  write(text: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal bytes
    const token = /\u001b\[([?0-9;]*)([A-Za-z])|\n|\r|[^\u001b\n\r]+/gu;
    let seen = 0;
    for (const m of text.matchAll(token)) {
      if (m.index !== seen)
        throw new Error(`vt: unknown bytes at ${seen}: ${JSON.stringify(text.slice(seen, seen + 8))}`);
      seen = m.index + m[0].length;
      if (m[2] !== undefined) this.csi(m[1] ?? '', m[2]);
      else if (m[0] === '\n') {
        this.col = 0;
        this.wrapNext = false;
        this.lineFeed();
      } else if (m[0] === '\r') {
        this.col = 0;
        this.wrapNext = false;
      } else for (const { segment } of new Intl.Segmenter().segment(m[0])) this.put(segment);
    }
    if (seen !== text.length) throw new Error('vt: trailing bytes');
  }

  /** Each cell as its character and look; erased cells as '.'; then the cursor and the current look. */
  screen(): string {
    const lines = this.grid.map((line) =>
      line
        .map((c) => (c.erased ? `.${c.look ? `{${c.look}}` : ''}` : `${c.ch}${c.look ? `{${c.look}}` : ''}`))
        .join(''),
    );
    return `${lines.join('\n')}\n@${this.row},${this.col}${this.wrapNext ? '+' : ''} ${this.lookText()}`;
  }
}
