import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../../src/domain/commit/commit-plan.js';
import { applyEdit, type Edit } from '../../../../src/domain/edit/edits.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { mergeRevert } from '../../../../src/domain/commit/revert-merge.js';
import { revertPlan, savedCopyText, savedTable } from '../../../../src/domain/commit/revert-plan.js';
import type { Rule, Table } from '../../../../src/domain/model/ruleset.js';
import { renamesOf } from '../../../../src/domain/diff/table-diff.js';

const rules = (...specs: string[]): Rule[] => specs.map((spec) => ({ spec, args: spec.split(' '), counters: null }));
const merged = (before: Rule[], written: Rule[], now: Rule[]): string[] =>
  mergeRevert(before, written, now).map((r) => r.spec);

describe('merging a reverted chain with what other programs wrote', () => {
  it('removes a duplicate the commit added, keeping the saved copy', () => {
    expect(merged(rules('X'), rules('X', 'X'), rules('X', 'X'))).toEqual(['X']);
  });

  it('removes each copy the commit wrote, once, and keeps a further copy another program added', () => {
    expect(merged(rules('A'), rules('A', 'N'), rules('A', 'N', 'N'))).toEqual(['A', 'N']);
    expect(merged(rules('A'), rules('A', 'N', 'N'), rules('N', 'A', 'N', 'N'))).toEqual(['A', 'N']);
  });

  it('keeps a copy of a saved rule another program added', () => {
    expect(merged(rules('X'), rules('X'), rules('X', 'X'))).toEqual(['X', 'X']);
  });

  it('keeps repeated saved rules in their places and a later rule after the last', () => {
    expect(merged(rules('X', 'Y', 'X'), rules('X', 'Y', 'X'), rules('X', 'Y', 'X', 'Z'))).toEqual(['X', 'Y', 'X', 'Z']);
    expect(merged(rules('X', 'Y', 'X'), rules('X', 'Y', 'X'), rules('X', 'Z', 'Y', 'X'))).toEqual(['X', 'Z', 'Y', 'X']);
  });

  it('brings back a saved rule the commit deleted even when the commit wrote it nowhere', () => {
    expect(merged(rules('A', 'B'), rules('A'), rules('A', 'O'))).toEqual(['A', 'O', 'B']);
  });
});

const table = (lines: string[]): Table =>
  parseSave(
    ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join(
      '\n',
    ),
  ).tables[0]!;
const LIVE = [':KEEP - [0:0]', ':OLD - [0:0]', ':WEB - [0:0]', '-A INPUT -j WEB', '-A WEB -j ACCEPT', '-A OLD -j DROP'];
const names = (t: Table): string[] => t.chains.map((c) => c.name);
const specs = (t: Table, chain: string): string[] => t.chains.find((c) => c.name === chain)!.rules.map((r) => r.spec);

/** The commit of `edits` on LIVE: the saved share and the tables before and after. */
function commit(edits: Edit[]) {
  const live = table(LIVE);
  const staged = edits.reduce(applyEdit, live);
  const plan = makePlan('ipv4', live, staged, renamesOf(edits, live));
  return { live, staged, saved: savedTable(plan, live) };
}

describe('what a pending commit saves', () => {
  it('keeps the touched chains as they were, the chains it creates and renames', () => {
    const { saved } = commit([
      { kind: 'renameChain', chain: 'WEB', to: 'HTTP' },
      { kind: 'newChain', chain: 'NEW' },
      { kind: 'deleteChain', chain: 'OLD' },
    ]);
    expect(saved.family).toBe('ipv4');
    expect(saved.table).toBe('filter');
    expect(names({ name: 'filter', chains: saved.chains })).toEqual(['OLD', 'WEB']);
    expect(saved.created).toEqual(['NEW']);
    expect(saved.renamed).toEqual([['WEB', 'HTTP']]);
    expect(saved.written).toBeUndefined();
  });
});

describe('the plan that takes a commit back', () => {
  it('renames back, removes the chain it created, restores the one it deleted, leaves the rest', () => {
    const { staged, saved } = commit([
      { kind: 'renameChain', chain: 'WEB', to: 'HTTP' },
      { kind: 'newChain', chain: 'NEW' },
      { kind: 'deleteChain', chain: 'OLD' },
      { kind: 'insert', chain: 'KEEP', at: 0, spec: '-j LOG' },
    ]);
    const back = revertPlan(saved, staged);
    expect([...back.renames]).toEqual([['WEB', 'HTTP']]);
    expect(names(back.staged).sort()).toEqual(['FORWARD', 'INPUT', 'KEEP', 'OLD', 'OUTPUT', 'WEB']);
    expect(specs(back.staged, 'OLD')).toEqual(['-j DROP']);
    // KEEP was touched by the commit: back to empty.
    expect(specs(back.staged, 'KEEP')).toEqual([]);
    expect(back.family).toBe('ipv4');
  });

  it('keeps a chain of the same name another program made after the commit removed it', () => {
    const { saved, staged } = commit([{ kind: 'newChain', chain: 'NEW' }]);
    const now = { ...staged, chains: staged.chains.filter((c) => c.name !== 'NEW') };
    expect(names(revertPlan(saved, now).staged)).not.toContain('NEW');
    const back = revertPlan({ ...saved, chains: [...saved.chains] }, staged);
    expect(names(back.staged)).not.toContain('NEW');
  });

  it('does not rename back when the old name is taken again, or the renamed chain is gone', () => {
    const { saved, staged } = commit([{ kind: 'renameChain', chain: 'WEB', to: 'HTTP' }]);
    const taken = table([...LIVE.map((l) => l.replace('-j WEB', '-j HTTP').replace(/WEB/g, 'HTTP')), ':WEB - [0:0]']);
    expect([...revertPlan(saved, taken).renames]).toEqual([]);
    const gone = { ...staged, chains: staged.chains.filter((c) => c.name !== 'HTTP') };
    const back = revertPlan(saved, gone);
    expect([...back.renames]).toEqual([]);
    expect(specs(back.staged, 'WEB')).toEqual(['-j ACCEPT']);
  });

  it("with the copy of what was written, keeps another program's rule in a touched chain", () => {
    const { staged, saved } = commit([{ kind: 'insert', chain: 'WEB', at: 0, spec: '-j LOG' }]);
    const written = { ...saved, written: staged.chains };
    const now = applyEdit(staged, { kind: 'insert', chain: 'WEB', at: 2, spec: '-s 192.0.2.9/32 -j DROP' });
    expect(specs(revertPlan(written, now).staged, 'WEB')).toEqual(['-j ACCEPT', '-s 192.0.2.9/32 -j DROP']);
    expect(specs(revertPlan(saved, now).staged, 'WEB')).toEqual(['-j ACCEPT']);
  });
});

describe('the saved copy an admin can load by hand', () => {
  it('flushes built-in chains with -F before the first rule, user chains by their declaration', () => {
    const { saved } = commit([
      { kind: 'insert', chain: 'INPUT', at: 0, spec: '-j LOG' },
      { kind: 'insert', chain: 'WEB', at: 0, spec: '-j LOG' },
    ]);
    expect(savedCopyText(saved)).toBe(
      [
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ':WEB - [0:0]',
        '-F INPUT',
        '-A INPUT -j WEB',
        '-A WEB -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('is the plain table when only user chains were touched', () => {
    const { saved } = commit([{ kind: 'insert', chain: 'WEB', at: 0, spec: '-j LOG' }]);
    expect(savedCopyText(saved)).toBe(['*filter', ':WEB - [0:0]', '-A WEB -j ACCEPT', 'COMMIT', ''].join('\n'));
  });
});
