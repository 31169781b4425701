/**
 * The review's words for moved rules say only true things: "rule X moved to Y"
 * with X its number in the running rules and Y in the staged ones, never X = Y;
 * a rule that moved but keeps its number says where it went instead.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeTable } from '../../../../src/domain/commit/change-summary.js';
import { applyEdit, type Edit } from '../../../../src/domain/edit/edits.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { diffTable, movedOf, renamesOf, type ChainDiff } from '../../../../src/domain/diff/table-diff.js';
import { editPicks, editsFrom } from '../../../helpers/edit-gen.js';
import { RULES_V4 } from '../../../helpers/fake-source.js';

const base = (): Table => parseSave(RULES_V4()).tables[0]!;

/** Every claim about a moved rule in the chain's summary line, checked against the diff. */
function checkMoves(c: ChainDiff, line: string): void {
  for (const m of line.matchAll(/rule (\d+) moved to (\d+)/g)) {
    const [x, y] = [Number(m[1]), Number(m[2])];
    expect(x, line).not.toBe(y);
    expect(c.before[x - 1]?.spec, `${line}: running rule ${x}`).toBe(c.after[y - 1]?.spec);
    expect(c.moved, line).toContainEqual([x - 1, y - 1]);
  }
  for (const m of line.matchAll(/rule (\d+) moved (above|below) rule (\d+) \(it keeps number (\d+)\)/g)) {
    const [x, where, k, n] = [Number(m[1]), m[2], Number(m[3]), Number(m[4])];
    expect(n, line).toBe(x);
    expect(c.moved, line).toContainEqual([x - 1, x - 1]);
    // Rule k (running number) is still there, now on the other side.
    const pair = [...c.common.before.keys()].find((at) => c.common.before[at] === k - 1);
    const other = pair === undefined ? c.moved.find(([i]) => i === k - 1)?.[1] : c.common.after[pair];
    expect(other, `${line}: rule ${k} kept`).toBeDefined();
    if (where === 'above') expect(k < x && other! > x - 1, line).toBe(true);
    else expect(k > x && other! < x - 1, line).toBe(true);
  }
}

describe('moved rules in the review summary', () => {
  it('an insert above a rule moved back to its number: no "moved to N from N"', () => {
    const t = base();
    const input = t.chains[0]!.rules;
    const edits: Edit[] = [
      { kind: 'move', chain: 'INPUT', from: 1, to: 0, spec: input[1]!.spec },
      { kind: 'insert', chain: 'INPUT', at: 0, spec: '-s 192.0.2.1/32 -j ACCEPT' },
    ];
    const staged = edits.reduce(applyEdit, t);
    const diff = diffTable(t, staged, renamesOf(edits, t), movedOf(edits));
    const [line] = summarizeTable(diff).filter((l) => l.startsWith('filter INPUT'));
    expect(line).toBe(
      'filter INPUT: rule 2 moved above rule 1 (it keeps number 2); new rule 1: -s 192.0.2.1/32 -j ACCEPT',
    );
    checkMoves(diff.chains.find((c) => c.name === 'INPUT')!, line!);
  });

  it('any sequence of edits: "moved from X to Y" has X != Y, the positions before and after', () => {
    const t = base();
    fc.assert(
      fc.property(editPicks, (picks) => {
        const { edits, staged } = editsFrom(t, picks);
        const diff = diffTable(t, staged, renamesOf(edits, t), movedOf(edits));
        const lines = summarizeTable(diff);
        for (const c of diff.chains) {
          const line = lines.find((l) => l.startsWith(`filter ${c.name}: `));
          if (line) checkMoves(c, line);
        }
        expect(lines.join('\n')).not.toMatch(/rule (\d+) moved to \1\b/);
      }),
      { numRuns: 400 },
    );
  });
});
