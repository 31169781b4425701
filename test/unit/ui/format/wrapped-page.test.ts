import { describe, expect, it } from 'vitest';
import { wrappedPage } from '../../../../src/ui/format/wrapped-page.js';

describe('wrappedPage', () => {
  const rows = [['a1', 'a2'], ['b1'], ['c1', 'c2', 'c3'], ['d1']];
  it('shows the page holding the cursor row and marks all of its lines', () => {
    const p = wrappedPage(rows, 2, 3, null, 80);
    expect(p.lines).toEqual(['c1', 'c2', 'c3']);
    expect([...p.cursorLines]).toEqual([0, 1, 2]);
  });
  it('marks the cursor row where it stands on the first page', () => {
    const p = wrappedPage(rows, 1, 4, null, 80);
    expect(p.lines).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect([...p.cursorLines]).toEqual([2]);
  });
  it('shows the words for an empty list, with no cursor', () => {
    const p = wrappedPage([], 0, 3, 'nothing here', 80);
    expect(p.lines).toEqual(['nothing here']);
    expect(p.cursorLines.size).toBe(0);
  });
});
