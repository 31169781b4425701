/** The `last minute` column: added only where every rule text on screen stays whole and the rows keep their mode. */
import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { paneWidths } from '../../../../src/ui/format/pane-widths.js';
import { rowLayout, rowText, ruleCells, withSparkColumn } from '../../../../src/ui/format/rule-row.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const ids = (cols: readonly { id: string }[]): string => cols.map((c) => c.id).join(' ');

describe('the last minute column', () => {
  it('over every fixture chain and width: never cuts a text, never changes the mode, sits after the rates', () => {
    let added = 0;
    let refused = 0;
    for (const fixture of loadFixtures()) {
      const ruleset = parseSave(fixture.save, { family: fixture.family });
      for (const chain of ruleset.tables.flatMap((t) => t.chains)) {
        const cells = chain.rules.slice(0, 40).map((r, i) => ({
          ...ruleCells(r, i + 1, fixture.family, false, 3.5, 1200),
          spark: '     ▁▂▅█ _█',
        }));
        if (cells.length === 0) continue;
        for (const columns of [80, 100, 120, 160, 200, 240]) {
          for (const choice of ['auto', 'wide', 'compact'] as const) {
            const width = paneWidths(columns, 24).rules - 1;
            const plain = rowLayout(width, cells, choice);
            const withSpark = withSparkColumn(plain, cells);
            if (withSpark === plain) {
              refused++;
              continue;
            }
            added++;
            expect(withSpark.mode).toBe(plain.mode);
            expect(ids(withSpark.columns)).toMatch(/rate (byteRate )?spark target/);
            const used = withSpark.columns.reduce((n, c) => n + c.width + 1, 0) - 1;
            expect(used).toBe(plain.columns.reduce((n, c) => n + c.width + 1, 0) - 1);
            for (const c of cells) {
              const row = rowText(c, withSpark.columns);
              const text = plain.mode === 'wide' ? c.extra : c.rule;
              expect(row, `${fixture.name} ${chain.name} at ${columns}`).toContain(text);
              expect(row).toContain(c.spark);
            }
          }
        }
      }
    }
    expect(added).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
