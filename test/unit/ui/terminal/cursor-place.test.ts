/** Where the cursor ends after bytes the cell model did not follow. */
import { describe, expect, it } from 'vitest';
import { cursorPlaceAfter } from '../../../../src/ui/terminal/cursor-place.js';

const TOP = { row: 0, col: 0 };

describe('cursorPlaceAfter', () => {
  it('lines and newlines: down one row each, column 0; the bottom row is as far as it goes (a scroll)', () => {
    expect(cursorPlaceAfter('ab\ncd\n', TOP, 10, 20)).toEqual({ row: 2, col: 0 });
    expect(cursorPlaceAfter('a\nb\nc\nd\n', TOP, 3, 20)).toEqual({ row: 2, col: 0 });
  });

  it('a move up stops at the top row; an absolute move makes an unknown place known', () => {
    expect(cursorPlaceAfter('\u001b[5A', { row: 2, col: 0 }, 10, 20)).toEqual({ row: 0, col: 0 });
    expect(cursorPlaceAfter('\u001b[2J\u001b[3J\u001b[Hab', { row: null, col: null }, 10, 20)).toEqual({
      row: 0,
      col: 2,
    });
  });

  it('text that reaches past the edge, or a code it does not know, makes the place unknown', () => {
    expect(cursorPlaceAfter('x'.repeat(21), TOP, 10, 20)).toEqual({ row: null, col: null });
    expect(cursorPlaceAfter('\u001b7ab', TOP, 10, 20)).toEqual({ row: null, col: null });
    // Exactly to the edge: the cursor waits to wrap, so its column is not known until it moves.
    expect(cursorPlaceAfter('x'.repeat(20), TOP, 10, 20)).toEqual({ row: 0, col: null });
    expect(cursorPlaceAfter(`${'x'.repeat(20)}\u001b[K\n`, TOP, 10, 20)).toEqual({ row: 1, col: 0 });
  });

  it('styles, erases and cursor show/hide do not move it', () => {
    expect(cursorPlaceAfter('\u001b[1mab\u001b[22m\u001b[K\u001b[?25l', TOP, 10, 20)).toEqual({ row: 0, col: 2 });
  });
});
