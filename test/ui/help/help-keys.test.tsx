/** Help at 80x24 lists every key of every mode, from the key maps, page by page, with a mark while more follows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpColumnWidth, helpEntries, helpPages } from '../../../src/ui/format/help-pages.js';
import { MODES } from '../../../src/ui/keys/modes.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('help', () => {
  it('at 80x24 reaches every binding of every mode, grouped by mode, "more below" until the end', async () => {
    const { press, frame, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }));
    // The chain line under the help is one line once the shadow analysis (run after the first frame) has answered.
    await waitFor((f) => !f.includes('checking for'), 'the shadow analysis');
    const frames = [await press('?', (f) => f.includes('Keys (? or Esc closes'), 'help')];
    while (!frame().includes('(end of the keys)')) {
      const before = frame();
      expect(before).toContain('↓ more below: Space/PgDn');
      frames.push(await press(' ', (f) => f !== before, `page ${frames.length + 1}`));
      expect(frames.length).toBeLessThan(20);
    }
    for (const f of frames) expect(f.split('\n')).toHaveLength(24);
    // One page count for the whole help: the last page is the only "N of N", and nothing follows it.
    for (const [i, f] of frames.entries()) expect(f).toContain(`page ${i + 1} of ${frames.length}:`);
    // README's example title is one the screen shows at 80x24.
    const readme = /\(`(page \d+ of \d+: [a-z ]+)` at 80x24/.exec(readFileSync('README.md', 'utf8'))?.[1];
    expect(frames.filter((f) => f.includes(`${readme},`))).toHaveLength(1);
    // Each page read column by column (two of 40 characters at 80 columns), as an admin reads it.
    const columns = (f: string): string[] => {
      const rows = f
        .split('\n')
        .slice(2, 22)
        .map((l) => [...l]);
      return [0, 40].map((at) => rows.map((r) => r.slice(at, at + 40).join('')).join('\n'));
    };
    const all = frames.flatMap(columns).join('\n');
    for (const mode of MODES) {
      expect(all, mode.title).toContain(mode.title.slice(0, 30));
      for (const e of helpEntries(mode)) {
        const words = e.text.split(' ').slice(0, 2).map(literal).join('\\s+');
        expect(all, `${mode.title}: ${e.keys}`).toMatch(new RegExp(`(^|\\s)${literal(e.keys)}\\s+${words}`, 'm'));
      }
    }
    // Back to the first page with PgUp, closed with Esc.
    for (let i = frames.length; i > 1; i--) {
      const before = frame();
      await press('\x1b[5~', (f) => f !== before, 'the page before');
    }
    expect(frame()).toMatch(/page 1 of \d+: rule list/);
    await press('\x1b', (f) => !f.includes('Keys ('), 'help closed');
  });
});

describe('help pages', () => {
  it.each([
    [80, 16],
    [120, 40],
    [60, 10],
    [40, 6],
  ])('at %i columns, %i rows: nothing cut, nothing lost', (width, rows) => {
    const pages = helpPages(MODES, width, rows);
    const column = helpColumnWidth(width);
    const text = pages
      .flatMap((p) => p.columns.flat())
      .map((r) => `${r.keys} ${r.text}`)
      .join(' ')
      .replace(/\s+/g, ' ');
    for (const mode of MODES) {
      for (const e of helpEntries(mode)) expect(text).toContain(`${e.keys} ${e.text}`.replace(/\s+/g, ' '));
    }
    for (const p of pages) {
      for (const c of p.columns) {
        expect(c.length).toBeLessThanOrEqual(rows);
        for (const r of c) expect([...r.text].length).toBeLessThan(column);
      }
    }
  });
});
