/** Help reads true: one page count for the whole help, a mode kept on one page when it fits, R's two meanings. */
import { describe, expect, it } from 'vitest';
import { helpEntries, helpPages } from '../../../../src/ui/format/help-pages.js';
import { LIST_KEYS } from '../../../../src/ui/keys/keymap.js';
import { MODES } from '../../../../src/ui/keys/modes.js';

const SIZES = [
  [80, 22],
  [120, 38],
  [100, 30],
] as const;

describe('help pages', () => {
  for (const [width, rows] of SIZES) {
    it(`at ${width}x${rows + 2}: pages are numbered once for the whole help`, () => {
      const pages = helpPages(MODES, width, rows);
      pages.forEach((p, i) => {
        expect(p.number).toBe(i + 1);
        expect(p.of).toBe(pages.length);
      });
    });

    it(`at ${width}x${rows + 2}: a mode that fits one column is on one page`, () => {
      const pages = helpPages(MODES, width, rows);
      const pagesOf = new Map<string, Set<number>>();
      let mode = '';
      pages.forEach((p, i) => {
        for (const column of p.columns) {
          let last = '';
          for (const row of column) {
            // A heading wrapped over two rows is one title.
            if (row.kind === 'heading') mode = last === 'heading' ? `${mode} ${row.text}` : row.text;
            last = row.kind;
            if (row.kind === 'heading') continue;
            pagesOf.set(mode, (pagesOf.get(mode) ?? new Set()).add(i));
          }
        }
      });
      for (const m of MODES) {
        const size = helpEntries(m).length + 1;
        if (size * 2 > rows) continue; // wrapped descriptions may make it longer than a column
        const title = m.title;
        const on = [...pagesOf.entries()].find(([heading]) => title.startsWith(heading))?.[1];
        expect(on?.size, title).toBe(1);
      }
    });
  }

  it('a key with two meanings is one entry that says when each applies, in the order keys are tried (#17)', () => {
    const r = helpEntries(LIST_KEYS).filter((e) => e.keys === 'R');
    expect(r).toEqual([
      { keys: 'R', text: 'while a commit is pending: revert it now; else rename chain and its jumps' },
    ]);
    for (const mode of MODES) {
      const keys = helpEntries(mode).map((e) => e.keys);
      expect(new Set(keys).size, mode.title).toBe(keys.length);
    }
  });
});
