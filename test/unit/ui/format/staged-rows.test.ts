/**
 * The marks on staged rows are the edits that were staged, rule by rule: a
 * delete is shown on the rule deleted, a change on the rule changed, whatever
 * the order of the edits.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeTable } from '../../../../src/domain/commit/change-summary.js';
import { applyEdit, type Edit } from '../../../../src/domain/edit/edits.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { diffTable, movedOf, renamesOf } from '../../../../src/domain/diff/table-diff.js';
import { stagedRows, type StagedMark } from '../../../../src/ui/format/staged-rows.js';
import { editPicks, editsFrom } from '../../../helpers/edit-gen.js';
import { RULES_V4 } from '../../../helpers/fake-source.js';

const webserver = (): Table => parseSave(readFileSync('test/fixtures/tutorial-webserver.v4.save', 'utf8')).tables[0]!;

/** What the view shows for a chain: each row as `mark spec` or `- spec` for a deleted rule. */
function shown(basis: Table, edits: Edit[], chain: string): string[] {
  const staged = edits.reduce(applyEdit, basis);
  const diff = diffTable(basis, staged, renamesOf(edits, basis), movedOf(edits));
  const c = diff.chains.find((d) => d.name === chain);
  if (!c) return staged.chains.find((x) => x.name === chain)!.rules.map((r) => `  ${r.spec}`);
  const glyph: Record<StagedMark, string> = { added: '+', changed: '~', moved: '^' };
  return stagedRows(c).rows.map((r) =>
    'ghost' in r ? `- ${r.ghost.spec}` : `${r.mark ? glyph[r.mark] : ' '} ${c.after[r.index]!.spec}`,
  );
}

describe('staged rows show each edit on its own rule', () => {
  it(
    'edit rule 8 (LOG), then delete rule 7: rule 7 is shown ' +
      'deleted and rule 8 changed, in the list and the review',
    () => {
      const t = webserver();
      const input = t.chains[0]!.rules;
      const edits: Edit[] = [
        { kind: 'replace', chain: 'INPUT', at: 7, spec: input[7]!.spec, with: '-p tcp -m tcp --dport 8080 -j ACCEPT' },
        { kind: 'delete', chain: 'INPUT', at: 6, spec: input[6]!.spec },
      ];
      const rows = shown(t, edits, 'INPUT');
      expect(rows.slice(6)).toEqual([
        `- ${input[6]!.spec}`,
        '~ -p tcp -m tcp --dport 8080 -j ACCEPT',
        `  ${input[8]!.spec}`,
      ]);
      const staged = edits.reduce(applyEdit, t);
      const summary = summarizeTable(diffTable(t, staged, renamesOf(edits, t), movedOf(edits))).join('\n');
      expect(summary).toContain('rule 8 changed (now 7): -p tcp -m tcp --dport 8080 -j ACCEPT');
      expect(summary).toContain('rule 7 deleted: -m state --state RELATED,ESTABLISHED -j ACCEPT');
    },
  );

  it('a changed rule moved elsewhere stays the changed one, and the rule it passed is not marked', () => {
    const t = webserver();
    const input = t.chains[0]!.rules;
    const edits: Edit[] = [
      { kind: 'replace', chain: 'INPUT', at: 4, spec: input[4]!.spec, with: '-p tcp -m tcp --dport 8080 -j ACCEPT' },
      { kind: 'move', chain: 'INPUT', from: 4, to: 1, spec: '-p tcp -m tcp --dport 8080 -j ACCEPT' },
      { kind: 'delete', chain: 'INPUT', at: 5, spec: input[5]!.spec },
    ];
    const rows = shown(t, edits, 'INPUT');
    expect(rows.filter((r) => !r.startsWith(' '))).toEqual([
      '~ -p tcp -m tcp --dport 8080 -j ACCEPT',
      `- ${input[5]!.spec}`,
    ]);
  });

  it('a deleted last rule stays above a rule appended after it (the order the kernel will have)', () => {
    const t = webserver();
    const input = t.chains[0]!.rules;
    const last = input.length - 1;
    const edits: Edit[] = [
      { kind: 'delete', chain: 'INPUT', at: last, spec: input[last]!.spec },
      { kind: 'insert', chain: 'INPUT', at: last, spec: '-p tcp -m tcp --dport 8080 -j ACCEPT' },
    ];
    expect(shown(t, edits, 'INPUT').slice(last - 1)).toEqual([
      `  ${input[last - 1]!.spec}`,
      `- ${input[last]!.spec}`,
      '+ -p tcp -m tcp --dport 8080 -j ACCEPT',
    ]);
  });

  it('any sequence of inserts, deletes, changes, moves, flushes and renames: marks = edits, rule by rule', () => {
    const base = parseSave(RULES_V4()).tables[0]!;
    fc.assert(
      fc.property(editPicks, (picks) => {
        const { edits, staged } = editsFrom(base, picks);
        const expected = model(base, edits);
        const diff = diffTable(base, staged, renamesOf(edits, base), movedOf(edits));
        for (const chain of staged.chains) {
          const want = expected.get(chain.name)!;
          const c = diff.chains.find((d) => d.name === chain.name);
          const marks = new Map<number, StagedMark | null>();
          const ghosts: number[] = [];
          const order: ({ ghost: number } | { live: number | null })[] = [];
          if (c) {
            for (const r of stagedRows(c).rows) {
              if ('ghost' in r) {
                ghosts.push(r.was);
                order.push({ ghost: r.was });
              } else {
                marks.set(r.index, r.mark);
                order.push({ live: want.rules[r.index]!.live });
              }
            }
          }
          want.rules.forEach((tag, j) => {
            const mark = marks.get(j) ?? null;
            if (tag.live === null) expect(mark, `${chain.name} rule ${j + 1} was added`).toBe('added');
            else if (tag.changed) expect(mark, `${chain.name} rule ${j + 1} was changed`).toBe('changed');
            else if (mark === 'moved') expect(tag.moved, `${chain.name} rule ${j + 1} marked moved`).toBe(true);
            else expect(mark, `${chain.name} rule ${j + 1} was kept`).toBe(null);
          });
          // Every live rule that no edit kept is shown deleted, and only those.
          expect(
            ghosts.sort((a, b) => a - b),
            `${chain.name} deleted rules`,
          ).toEqual(want.deleted);
          // The staged rules are shown in the order of the staged table (the order the kernel will have).
          if (c) {
            const inOrder = stagedRows(c).rows.flatMap((r) => ('ghost' in r ? [] : [r.index]));
            expect(inOrder, `${chain.name}: staged rows out of the staged order`).toEqual(want.rules.map((_, j) => j));
          }
          // A deleted rule stays where it was: right after the row of the live rule before it (when that one is shown
          // in place, kept or deleted), and the first live rule, deleted, is the first row.
          const rowOfLive = new Map<number, number>();
          order.forEach((o, k) => {
            const i = 'ghost' in o ? o.ghost : o.live;
            const kept = 'ghost' in o || marks.get(order.slice(0, k).filter((x) => 'live' in x).length) === null;
            if (i !== null && kept) rowOfLive.set(i, k);
          });
          order.forEach((o, k) => {
            if (!('ghost' in o)) return;
            if (o.ghost === 0) expect(k, `${chain.name}: deleted rule 1 not the first row`).toBe(0);
            const before = rowOfLive.get(o.ghost - 1);
            if (before !== undefined) {
              expect(k, `${chain.name}: deleted rule ${o.ghost + 1} not right after rule ${o.ghost}`).toBe(before + 1);
            }
          });
          // Unmarked rules keep their live order, and each deleted rule sits between its live neighbours.
          let last = -1;
          for (const o of order) {
            const i = 'ghost' in o ? o.ghost : o.live;
            if (i === null) continue;
            const j = order.indexOf(o);
            const marked = 'live' in o && marks.get(order.slice(0, j).filter((x) => 'live' in x).length) !== null;
            if (marked) continue;
            expect(i, `${chain.name}: row ${j + 1} out of its live order`).toBeGreaterThan(last);
            last = i;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

interface Tag {
  /** Index of the live rule this staged rule is (or replaced), null for a new one. */
  live: number | null;
  changed: boolean;
  moved: boolean;
}

/** The edits replayed on tags instead of rules: what each staged rule is, by construction. */
function model(base: Table, edits: readonly Edit[]): Map<string, { rules: Tag[]; deleted: number[] }> {
  const chains = new Map<string, { live: string | null; rules: Tag[] }>();
  for (const c of base.chains)
    chains.set(c.name, { live: c.name, rules: c.rules.map((_, i) => ({ live: i, changed: false, moved: false })) });
  for (const e of edits) {
    const c = chains.get(e.chain);
    switch (e.kind) {
      case 'insert':
        c!.rules.splice(e.at, 0, { live: null, changed: false, moved: false });
        break;
      case 'delete':
        c!.rules.splice(e.at, 1);
        break;
      case 'replace':
        c!.rules[e.at] = { ...c!.rules[e.at]!, changed: c!.rules[e.at]!.live !== null };
        break;
      case 'move': {
        const [tag] = c!.rules.splice(e.from, 1);
        c!.rules.splice(e.to, 0, { ...tag!, moved: true });
        break;
      }
      case 'flushChain':
        c!.rules = [];
        break;
      case 'newChain':
        chains.set(e.chain, { live: null, rules: [] });
        break;
      case 'renameChain':
        chains.delete(e.chain);
        chains.set(e.to, c!);
        break;
      case 'deleteChain':
        chains.delete(e.chain);
        break;
      case 'policy':
        break;
    }
  }
  const out = new Map<string, { rules: Tag[]; deleted: number[] }>();
  for (const [name, c] of chains) {
    const live = c.live === null ? [] : base.chains.find((x) => x.name === c.live)!.rules;
    const kept = new Set(c.rules.map((t) => t.live));
    out.set(name, { rules: c.rules, deleted: live.map((_, i) => i).filter((i) => !kept.has(i)) });
  }
  return out;
}
