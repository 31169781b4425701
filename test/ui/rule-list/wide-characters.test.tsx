/**
 * A rule whose comment is in Japanese (two columns a character): its row, selected or not, takes exactly the rules
 * pane's columns, and no cut mark shows where nothing was cut (a second tryout saw a stray `…` at the selected
 * row's end at 200 columns: its padding counted characters, not columns).
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const COMMENT = 'ウェブ管理画面 テスト用のルールです 長いコメント';
const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 8443 -m comment --comment "${COMMENT}" -j ACCEPT
COMMIT
`;

describe('a rule with wide characters', () => {
  for (const columns of [120, 185, 200, 230]) {
    it(`at ${columns} columns, selected: the whole comment, no stray cut mark, no line too wide`, async () => {
      const { waitFor, press } = await renderApp(new FakeSource(true, { ipv4: RULES }), { columns, rows: 20 });
      await waitFor((f) => f.includes('8443'), 'the rules');
      const frame = await press('j', (f) => f.includes('rule 2/2'), 'rule 2 selected');
      const lines = frame.split('\n');
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      const row = lines.find((l) => l.includes('8443'))!;
      if (row.includes(COMMENT)) expect(row.trimEnd().endsWith('…'), row).toBe(false);
    });
  }
});
