/**
 * The cell diff writer against Ink's own incremental log-update (the real one from node_modules): whatever frames Ink
 * renders, the screen the writer's bytes make equals the screen Ink's bytes make, on an independent tiny terminal
 * (test/helpers/vt-screen.ts); and a counter that moves costs a few bytes, not a line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Ink's log-update is not exported: the file itself, pinned with Ink 6.6.0.
import logUpdate from '../../../../node_modules/ink/build/log-update.js';
import { CellDiffState } from '../../../../src/ui/terminal/cell-diff-writer.js';
import { VtScreen } from '../../../helpers/vt-screen.js';

const COLS = 40;
const ROWS = 12;

/** Ink's renderer writing to two terminals: one gets Ink's bytes, the other the writer's. */
function pair(cols = COLS, rows = ROWS, eraseAtWrap: 'xterm' | 'tmux' = 'tmux') {
  const ink = new VtScreen(cols, rows, eraseAtWrap);
  const ours = new VtScreen(cols, rows, eraseAtWrap);
  const state = new CellDiffState({ row: 0, col: 0 });
  const bytes = { ink: 0, ours: 0 };
  const stream = {
    columns: cols,
    write(chunk: string) {
      ink.write(chunk);
      const out = state.translate(chunk, stream.columns, rows);
      ours.write(out);
      bytes.ink += Buffer.byteLength(chunk);
      bytes.ours += Buffer.byteLength(out);
      return true;
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: a Writable-like stream is all log-update uses
  const log = logUpdate.create(stream as any, { incremental: true, showCursor: true });
  return { ink, ours, state, bytes, log, stream };
}

const STYLES = [
  ['', ''],
  ['\u001b[1m', '\u001b[22m'],
  ['\u001b[2m', '\u001b[22m'],
  ['\u001b[31m', '\u001b[39m'],
  ['\u001b[38;5;33m', '\u001b[39m'],
  ['\u001b[38;2;10;20;30m', '\u001b[39m'],
  ['\u001b[7m', '\u001b[27m'],
  ['\u001b[42m', '\u001b[49m'],
  ['\u001b[1m\u001b[36m', '\u001b[39m\u001b[22m'],
] as const;
const CHARS = ['a', 'b', '1', '2', '9', ' ', '│', '…', 'é', '界', 'e\u0301', '🙂', '─'];

const segment = fc.record({
  style: fc.integer({ min: 0, max: STYLES.length - 1 }),
  text: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 }),
});
const line = fc.array(segment, { maxLength: 5 });
// Up to taller than the terminal: Ink's own frames then scroll, and the writer must follow or step aside.
const frame = fc.array(line, { minLength: 1, maxLength: ROWS + 2 });

/** A frame's text as Ink would hand it to log-update: styled segments, no line wider than the terminal. */
function render(lines: { style: number; text: string[] }[][], cols = COLS): string {
  return lines
    .map((segments) => {
      let width = 0;
      let out = '';
      for (const { style, text } of segments) {
        const [open, close] = STYLES[style]!;
        let part = '';
        for (const ch of text) {
          const w = ch === '界' || ch === '🙂' ? 2 : 1;
          if (width + w > cols) break;
          part += ch;
          width += w;
        }
        if (part) out += open + part + close;
      }
      return out;
    })
    .join('\n');
}

describe('cell diff writer', () => {
  // Terminals differ on an erase right after the last column: the writer must match Ink on both kinds.
  it.each(['xterm', 'tmux'] as const)(
    'makes the same screen as Ink for any sequence of frames (%s, property)',
    (kind) => {
      fc.assert(
        fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), (frames) => {
          const { ink, ours, log } = pair(COLS, ROWS, kind);
          for (const f of frames) {
            log(render(f));
            expect(ours.screen()).toBe(ink.screen());
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(['xterm', 'tmux'] as const)(
    'makes the same screen as Ink when frames differ in a few cells (%s, property)',
    (kind) => {
      const edit = fc.record({
        line: fc.nat(ROWS - 2),
        at: fc.nat(COLS - 1),
        text: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 4 }),
      });
      fc.assert(
        fc.property(frame, fc.array(fc.array(edit, { maxLength: 3 }), { maxLength: 8 }), (first, edits) => {
          const { ink, ours, log } = pair(COLS, ROWS, kind);
          const lines = render(first).split('\n');
          log(lines.join('\n'));
          for (const step of edits) {
            for (const e of step) {
              // biome-ignore lint/suspicious/noControlCharactersInRegex: the SGR codes are taken off
              const plain = (lines[e.line % lines.length] ?? '').replace(/\u001b\[[0-9;]*m/g, '');
              const chars = [...new Intl.Segmenter().segment(plain)].map((s) => s.segment);
              chars.splice(Math.min(e.at, chars.length), e.text.length, ...e.text);
              lines[e.line % lines.length] = render([[{ style: e.at % STYLES.length, text: chars }]]);
            }
            log(lines.join('\n'));
            expect(ours.screen()).toBe(ink.screen());
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('a counter whose digits change costs the digits and the moves, not the line', () => {
    const { ink, ours, log, bytes } = pair(200, 50);
    const row = (n: number) =>
      `\u001b[1m${String(n).padStart(6)}\u001b[22m  ACCEPT  tcp  --  lo  *  0.0.0.0/0  ${'x'.repeat(120)}`;
    const frameWith = (n: number) => ['header', ...Array.from({ length: 48 }, (_, i) => (i === 30 ? row(n) : `r${i}`))];
    log(frameWith(100).join('\n'));
    // Ink's first frame leaves each line's end unknown (no erase): its first rewrite erases it once.
    log(frameWith(101).join('\n'));
    const before = { ...bytes };
    log(frameWith(102).join('\n'));
    expect(ours.screen()).toBe(ink.screen());
    const inkCost = bytes.ink - before.ink;
    const ourCost = bytes.ours - before.ours;
    expect(inkCost).toBeGreaterThan(200);
    // Up 18 rows, to column 6, bold on, '1', back down, bold off.
    expect(ourCost).toBeLessThanOrEqual(24);
  });

  it('a color change alone rewrites those cells with their new look', () => {
    const { ink, ours, log, bytes } = pair();
    log('status: \u001b[32mok\u001b[39m done\nnext');
    log('status: \u001b[33mok\u001b[39m done\nnext');
    const before = { ...bytes };
    log('status: \u001b[31mok\u001b[39m done\nnext');
    expect(ours.screen()).toBe(ink.screen());
    // Up 2, to column 9, red, 'ok', down 2, plain: Ink rewrites both lines.
    expect(bytes.ours - before.ours).toBeLessThanOrEqual(22);
    expect(bytes.ink - before.ink).toBeGreaterThan(30);
  });

  it('a line that gets shorter is erased to its end, not padded with spaces', () => {
    const { ink, ours, log } = pair();
    log('a long line of text here\nsecond');
    log('a long\nsecond');
    expect(ours.screen()).toBe(ink.screen());
    log('x\n');
    expect(ours.screen()).toBe(ink.screen());
  });

  it('a line with a wide character is written whole when it changes', () => {
    const { ink, ours, log, state } = pair();
    log('名前 12\nplain 12');
    log('名前 13\nplain 13');
    expect(ours.screen()).toBe(ink.screen());
    // Only the last digit of the first line changes: still the whole line goes, as the terminal places wide ones.
    expect(state.translate('\u001b[2A\u001b[1G名前 14\u001b[K\n\u001b[E', COLS, ROWS)).toContain('名前 14');
  });

  it('fewer lines than before: the lines below are erased as Ink erases them', () => {
    const { ink, ours, log } = pair();
    log('1\n2\n3\n4\n5');
    log('1\n2');
    expect(ours.screen()).toBe(ink.screen());
    log('1\n2\n3');
    expect(ours.screen()).toBe(ink.screen());
  });

  it('bytes it does not know pass unchanged, and it starts over from nothing', () => {
    const { ink, ours, log, state, stream } = pair();
    log('a 1\nb 1');
    const clear = '\u001b[2J\u001b[3J\u001b[H';
    expect(state.translate(`${clear}a 2\nb 2\n`, COLS, ROWS)).toBe(`${clear}a 2\nb 2\n`);
    ink.write(`${clear}a 2\nb 2\n`);
    ours.write(`${clear}a 2\nb 2\n`);
    log.sync('a 2\nb 2');
    log('a 3\nb 2');
    expect(ours.screen()).toBe(ink.screen());
    log('a 4\nb 2');
    expect(ours.screen()).toBe(ink.screen());
    expect(stream.columns).toBe(COLS);
  });

  it('a resize starts over: narrower, Ink clears and writes the frame again, and the screens agree', () => {
    const { ink, ours, log, stream } = pair();
    log('wide line 1 ........\nsecond 1');
    stream.columns = 30;
    log.clear();
    log('narrow 1\nsecond 1');
    expect(ours.screen()).toBe(ink.screen());
    log('narrow 2\nsecond 1');
    expect(ours.screen()).toBe(ink.screen());
  });

  it('where Ink writes no style code (TERM=dumb, NO_COLOR), neither does the writer, even after starting over', () => {
    const state = new CellDiffState({ row: 0, col: 0 });
    let written = '';
    const stream = {
      write(c: string) {
        written += state.translate(c, COLS, ROWS);
        return true;
      },
    };
    // biome-ignore lint/suspicious/noExplicitAny: a Writable-like stream is all log-update uses
    const log = logUpdate.create(stream as any, { incremental: true, showCursor: true });
    log('a 1\nb 1');
    log('a 2\nb 1');
    stream.write('\u001b[2J\u001b[3J\u001b[Ha 2\nb 1\n');
    log.sync('a 2\nb 1');
    log('a 3\nb 1');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR codes
    expect(written).not.toMatch(/\u001b\[[0-9;]*m/);
  });
});
