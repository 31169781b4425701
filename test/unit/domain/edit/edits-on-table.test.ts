import { describe, expect, it } from 'vitest';
import {
  applyEdit,
  chainInUse,
  chainNameProblem,
  describeEdit,
  EditError,
  locateRule,
  newRule,
  type Edit,
} from '../../../../src/domain/edit/edits.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';

/** filter with INPUT (DROP policy) of rules a b c, and the user chains ZED and ALPHA (ALPHA jumped to twice). */
const table = (): Table =>
  parseSave(
    [
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':ALPHA - [0:0]',
      ':ZED - [0:0]',
      '-A INPUT -s 10.0.0.1/32 -j ACCEPT',
      '-A INPUT -s 10.0.0.2/32 -j ALPHA',
      '-A INPUT -s 10.0.0.3/32 -j ACCEPT',
      '-A ZED -g ALPHA',
      '-A ALPHA -j RETURN',
      'COMMIT',
      '',
    ].join('\n'),
  ).tables[0]!;
const A = '-s 10.0.0.1/32 -j ACCEPT';
const B = '-s 10.0.0.2/32 -j ALPHA';
const C = '-s 10.0.0.3/32 -j ACCEPT';
const specs = (t: Table, chain = 'INPUT'): string[] => t.chains.find((c) => c.name === chain)!.rules.map((r) => r.spec);
const names = (t: Table): string[] => t.chains.map((c) => c.name);

describe('chain names iptables accepts', () => {
  it('explains each refusal', () => {
    expect(chainNameProblem('')).toBe('a chain needs a name');
    expect(chainNameProblem('x'.repeat(28))).toBeNull();
    expect(chainNameProblem('x'.repeat(29))).toBe('chain names are at most 28 characters');
    expect(chainNameProblem('é'.repeat(28))).toBeNull();
    expect(chainNameProblem('-x')).toBe('a chain name cannot start with "-" or "!"');
    expect(chainNameProblem('!x')).toBe('a chain name cannot start with "-" or "!"');
    expect(chainNameProblem('a-!')).toBeNull();
    for (const bad of ['a b', 'a"b', "a'b", 'a\\b', 'a\tb']) {
      expect(chainNameProblem(bad)).toBe('a chain name cannot contain spaces, quotes or backslashes');
    }
    expect(chainNameProblem('DROP')).toBe('DROP is a built-in target, not a chain name');
    expect(chainNameProblem('CONNMARK')).toBe('CONNMARK is a built-in target, not a chain name');
    expect(chainNameProblem('drop')).toBeNull();
  });
});

describe('finding the rule an edit names', () => {
  const rules = ['a', 'b', 'c', 'b', 'e'].map(newRule);

  it('takes its own place when unchanged, else the nearest with that text, above first on a tie', () => {
    expect(locateRule(rules, 1, 'b')).toBe(1);
    expect(locateRule(rules, 2, 'b')).toBe(1);
    expect(locateRule(rules, 4, 'b')).toBe(3);
    expect(locateRule(rules, 0, 'e')).toBe(4);
    expect(locateRule(rules, 4, 'a')).toBe(0);
    expect(locateRule(rules, 0, 'zz')).toBe(-1);
    expect(locateRule([], 0, 'a')).toBe(-1);
  });

  it('keeps a typed rule without counters, split into arguments', () => {
    expect(newRule('-m comment --comment "a b" -j ACCEPT')).toEqual({
      spec: '-m comment --comment "a b" -j ACCEPT',
      args: ['-m', 'comment', '--comment', 'a b', '-j', 'ACCEPT'],
      counters: null,
    });
  });
});

describe('a chain still in use', () => {
  it('names each rule that jumps or goes to it', () => {
    expect(chainInUse(table(), 'ALPHA')).toBe(
      'ALPHA is still used by INPUT rule 2, ZED rule 1: delete those rules first',
    );
    expect(chainInUse(table(), 'ZED')).toBeNull();
  });

  it('names five and counts the rest', () => {
    let five = table();
    for (let i = 0; i < 3; i++) five = applyEdit(five, { kind: 'insert', chain: 'OUTPUT', at: i, spec: '-j ALPHA' });
    expect(chainInUse(five, 'ALPHA')).toBe(
      'ALPHA is still used by INPUT rule 2, OUTPUT rule 1, OUTPUT rule 2, OUTPUT rule 3, ZED rule 1: ' +
        'delete those rules first',
    );
    let t = table();
    for (let i = 0; i < 6; i++) t = applyEdit(t, { kind: 'insert', chain: 'OUTPUT', at: i, spec: '-j ALPHA' });
    expect(chainInUse(t, 'ALPHA')).toBe(
      'ALPHA is still used by INPUT rule 2, OUTPUT rule 1, OUTPUT rule 2, OUTPUT rule 3, OUTPUT rule 4 and 3 more: ' +
        'delete those rules first',
    );
  });
});

describe('inserting', () => {
  it('puts the rule at its index, at the end with a null anchor', () => {
    expect(specs(applyEdit(table(), { kind: 'insert', chain: 'INPUT', at: 1, spec: 'X' }))).toEqual([A, 'X', B, C]);
    expect(specs(applyEdit(table(), { kind: 'insert', chain: 'INPUT', at: 3, spec: 'X' }))).toEqual([A, B, C, 'X']);
    expect(specs(applyEdit(table(), { kind: 'insert', chain: 'INPUT', at: 0, spec: 'X', anchor: null }))).toEqual([
      A,
      B,
      C,
      'X',
    ]);
  });

  it('stays above the same neighbour when the rules moved under it', () => {
    const at = (n: number, anchor: string) =>
      specs(applyEdit(table(), { kind: 'insert', chain: 'INPUT', at: n, spec: 'X', anchor }));
    expect(at(0, C)).toEqual([A, B, 'X', C]);
    expect(at(1, B)).toEqual([A, 'X', B, C]);
    // Past the end: the search starts at the last rule.
    expect(at(7, A)).toEqual(['X', A, B, C]);
    expect(at(7, B)).toEqual([A, 'X', B, C]);
    // The neighbour is gone: the top.
    expect(at(2, 'gone')).toEqual(['X', A, B, C]);
  });

  it('refuses a position past the end, and a chain that is not there', () => {
    expect(() => applyEdit(table(), { kind: 'insert', chain: 'INPUT', at: 4, spec: 'X' })).toThrow(
      new EditError('INPUT has 3 rules: cannot insert at 5'),
    );
    expect(() => applyEdit(table(), { kind: 'insert', chain: 'INPUT', at: -1, spec: 'X' })).toThrow(
      'INPUT has 3 rules: cannot insert at 0',
    );
    expect(() => applyEdit(table(), { kind: 'insert', chain: 'NOPE', at: 0, spec: 'X' })).toThrow(
      'filter has no chain NOPE',
    );
  });

  it('changes no other chain', () => {
    const before = table();
    const after = applyEdit(before, { kind: 'insert', chain: 'ZED', at: 0, spec: 'X' });
    expect(after.chains[0]).toBe(before.chains[0]);
    expect(specs(before, 'ZED')).toEqual(['-g ALPHA']);
  });
});

describe('deleting, replacing and moving a rule', () => {
  it('deletes the rule named, found by its text', () => {
    expect(specs(applyEdit(table(), { kind: 'delete', chain: 'INPUT', at: 1, spec: B }))).toEqual([A, C]);
    expect(specs(applyEdit(table(), { kind: 'delete', chain: 'INPUT', at: 0, spec: C }))).toEqual([A, B]);
    expect(() => applyEdit(table(), { kind: 'delete', chain: 'INPUT', at: 1, spec: 'gone' })).toThrow(
      'INPUT rule 2 is no longer there: gone',
    );
  });

  it('replaces the rule, remembering the first rule it came from', () => {
    const once = applyEdit(table(), { kind: 'replace', chain: 'INPUT', at: 1, spec: B, with: 'Y' });
    expect(specs(once)).toEqual([A, 'Y', C]);
    const original = table().chains[0]!.rules[1]!;
    expect(once.chains[0]!.rules[1]!.origin).toEqual(original);
    const twice = applyEdit(once, { kind: 'replace', chain: 'INPUT', at: 1, spec: 'Y', with: 'Z' });
    expect(twice.chains[0]!.rules[1]!.origin).toEqual(original);
    expect(twice.chains[0]!.rules[1]!.args).toEqual(['Z']);
  });

  it('moves a rule down and up, by the same distance when it was found elsewhere', () => {
    expect(specs(applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 0, to: 2, spec: A }))).toEqual([B, C, A]);
    expect(specs(applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 2, to: 1, spec: C }))).toEqual([A, C, B]);
    // Asked to move C from 1 to 0, but C is at 2: it goes one up.
    expect(specs(applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 1, to: 0, spec: C }))).toEqual([A, C, B]);
    // Found one below: moving to the last place stays the last place.
    expect(specs(applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 1, to: 2, spec: C }))).toEqual([A, B, C]);
    // Found one above: moving to the top stays the top.
    expect(specs(applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 1, to: 0, spec: A }))).toEqual([A, B, C]);
    expect(() => applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 0, to: 3, spec: A })).toThrow(
      'INPUT has 3 rules: there is no position 4',
    );
    expect(() => applyEdit(table(), { kind: 'move', chain: 'INPUT', from: 0, to: -1, spec: A })).toThrow(
      'INPUT has 3 rules: there is no position 0',
    );
  });
});

describe('chains', () => {
  it('sets the policy of a built-in chain only', () => {
    const t = applyEdit(table(), { kind: 'policy', chain: 'INPUT', policy: 'ACCEPT' });
    expect(t.chains.find((c) => c.name === 'INPUT')!.policy).toBe('ACCEPT');
    expect(() => applyEdit(table(), { kind: 'policy', chain: 'ZED', policy: 'DROP' })).toThrow(
      'ZED is a user chain: it has no policy; packets that reach its end return to the chain that jumped here',
    );
  });

  it('adds a new chain empty, in the order iptables-save prints', () => {
    const t = applyEdit(table(), { kind: 'newChain', chain: 'MID' });
    expect(names(t)).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'ALPHA', 'MID', 'ZED']);
    expect(t.chains[4]).toEqual({ name: 'MID', policy: null, counters: { packets: 0n, bytes: 0n }, rules: [] });
    expect(names(applyEdit(table(), { kind: 'newChain', chain: 'AAA' }))).toEqual([
      'INPUT',
      'FORWARD',
      'OUTPUT',
      'AAA',
      'ALPHA',
      'ZED',
    ]);
    expect(() => applyEdit(table(), { kind: 'newChain', chain: 'ZED' })).toThrow('filter already has a chain ZED');
    expect(() => applyEdit(table(), { kind: 'newChain', chain: '' })).toThrow('a chain needs a name');
  });

  it('renames a user chain, its jumps following, and keeps the print order', () => {
    const t = applyEdit(table(), { kind: 'renameChain', chain: 'ALPHA', to: 'ZZZ' });
    expect(names(t)).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'ZED', 'ZZZ']);
    expect(specs(t)).toEqual([A, '-s 10.0.0.2/32 -j ZZZ', C]);
    expect(specs(t, 'ZED')).toEqual(['-g ZZZ']);
    expect(() => applyEdit(table(), { kind: 'renameChain', chain: 'ZED', to: 'a b' })).toThrow(
      'a chain name cannot contain spaces, quotes or backslashes',
    );
    expect(() => applyEdit(table(), { kind: 'renameChain', chain: 'ZED', to: 'ALPHA' })).toThrow(
      'filter already has a chain ALPHA',
    );
    expect(() => applyEdit(table(), { kind: 'renameChain', chain: 'OUTPUT', to: 'OUT' })).toThrow(
      'OUTPUT is a built-in chain: it cannot be renamed',
    );
  });

  it('sorts user chains by name after a rename, whatever their order was', () => {
    let t = table();
    for (const name of ['C', 'D', 'E']) t = applyEdit(t, { kind: 'newChain', chain: name });
    const renamed = applyEdit(applyEdit(t, { kind: 'renameChain', chain: 'ZED', to: 'B' }), {
      kind: 'renameChain',
      chain: 'E',
      to: 'AA',
    });
    expect(names(renamed)).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'AA', 'ALPHA', 'B', 'C', 'D']);
  });

  it('renaming leaves chains without jumps to it as they were', () => {
    const before = table();
    const after = applyEdit(before, { kind: 'renameChain', chain: 'ZED', to: 'ZED2' });
    expect(after.chains.find((c) => c.name === 'INPUT')).toBe(before.chains.find((c) => c.name === 'INPUT'));
    expect(after.chains.find((c) => c.name === 'ZED2')!.rules).toBe(before.chains.find((c) => c.name === 'ZED')!.rules);
  });

  it('deletes an unused user chain, never a built-in or a used one', () => {
    expect(names(applyEdit(table(), { kind: 'deleteChain', chain: 'ZED' }))).toEqual([
      'INPUT',
      'FORWARD',
      'OUTPUT',
      'ALPHA',
    ]);
    expect(() => applyEdit(table(), { kind: 'deleteChain', chain: 'INPUT' })).toThrow(
      'INPUT is a built-in chain: it cannot be deleted (flush it instead)',
    );
    expect(() => applyEdit(table(), { kind: 'deleteChain', chain: 'ALPHA' })).toThrow(
      /ALPHA is still used by INPUT rule 2/,
    );
  });

  it('flushes a chain to no rules', () => {
    const t = applyEdit(table(), { kind: 'flushChain', chain: 'INPUT' });
    expect(specs(t)).toEqual([]);
    expect(t.chains.find((c) => c.name === 'INPUT')!.policy).toBe('DROP');
  });
});

describe('each edit in words', () => {
  it('numbers rules from 1', () => {
    const words = (e: Edit) => describeEdit(e);
    expect(words({ kind: 'insert', chain: 'INPUT', at: 2, spec: 'X' })).toBe('insert rule 3 in INPUT');
    expect(words({ kind: 'delete', chain: 'INPUT', at: 0, spec: 'X' })).toBe('delete rule 1 of INPUT');
    expect(words({ kind: 'replace', chain: 'INPUT', at: 1, spec: 'X', with: 'Y' })).toBe('change rule 2 of INPUT');
    expect(words({ kind: 'move', chain: 'INPUT', from: 0, to: 4, spec: 'X' })).toBe('move rule 1 of INPUT to 5');
    expect(words({ kind: 'policy', chain: 'INPUT', policy: 'DROP' })).toBe('policy of INPUT → DROP');
    expect(words({ kind: 'newChain', chain: 'WEB' })).toBe('new chain WEB');
    expect(words({ kind: 'renameChain', chain: 'WEB', to: 'HTTP' })).toBe('rename WEB → HTTP');
    expect(words({ kind: 'deleteChain', chain: 'WEB' })).toBe('delete chain WEB');
    expect(words({ kind: 'flushChain', chain: 'WEB' })).toBe('flush WEB');
  });
});
