/** Issue #14 item 10: a rule's text is never cut where that changes its meaning; the detail breaks at spaces. */
import { describe, expect, it } from 'vitest';
import { summarizeTable } from '../../../../src/domain/commit/change-summary.js';
import { applyEdit } from '../../../../src/domain/edit/edits.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { diffTable } from '../../../../src/domain/diff/table-diff.js';
import { detailLines } from '../../../../src/ui/format/detail-lines.js';

const LONG = '-s 203.0.113.0/24 -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 8443 -j ACCEPT';

describe('the change summary (review and status)', () => {
  it('names a deleted rule whole, --dport and its port included', () => {
    const text = `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ${LONG}\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n`;
    const filter = parseSave(text).tables[0]!;
    const staged = applyEdit(filter, { kind: 'delete', chain: 'INPUT', at: 0, spec: LONG });
    const lines = summarizeTable(diffTable(filter, staged, new Map()));
    expect(lines).toEqual([`filter INPUT: rule 1 deleted: ${LONG}`]);
  });
});

describe('the detail line', () => {
  it('breaks at a space, not inside a word, and gives the text back whole', () => {
    const text = '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT';
    const lines = detailLines(text, 80);
    expect(lines).toEqual([
      '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j',
      ' ACCEPT',
    ]);
    expect(lines.join('')).toBe(text);
  });

  it('cuts hard only a word longer than the width', () => {
    const lines = detailLines('-m comment --comment abcdefghij', 8);
    expect(lines).toEqual(['-m', ' comment', ' --comme', 'nt', ' abcdefg', 'hij']);
  });
});
