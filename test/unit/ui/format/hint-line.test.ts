import { describe, expect, it } from 'vitest';
import { hintLine } from '../../../../src/ui/format/hint-line.js';

const HINTS = ['c commit', 'u undo', 'i new', 'e edit', 'd del', 'K/J move', 't table', '/ search', '? help', 'q quit'];

describe('the key hints row', () => {
  it('shows every hint where they fit', () => {
    expect(hintLine(HINTS, 200)).toBe(HINTS.join('  '));
  });

  it('at 80 columns leaves hints out whole and keeps help and quit, never a cut one', () => {
    const line = hintLine(['x extra-long-hint', ...HINTS], 80);
    expect(line).toBe('x extra-long-hint  c commit  u undo  i new  e edit  d del  ? help  q quit');
    expect([...line].length).toBeLessThanOrEqual(80);
    expect(hintLine(HINTS, 20)).toBe('? help  q quit');
  });
});
