/**
 * iptables-restore commands at their edges: a chain deleted and made again, counters spaced apart from the
 * command, rule lines kept as printed or rebuilt. What an admin reads back: the rules per chain, their counters,
 * and the text fwtui would write.
 */
import { describe, expect, it } from 'vitest';
import { SavedRule } from '../../../../src/domain/model/saved-rule.js';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { renderSave } from '../../../../src/domain/text/render-save.js';

const text = (...lines: string[]) => ['*filter', ...lines, 'COMMIT', ''].join('\n');
/** The filter table of `lines` (after `*filter`, before `COMMIT`). */
const filter = (...lines: string[]) => parseSave(text(...lines)).tables[0]!;
const rulesOf = (chain: string, ...lines: string[]) => filter(...lines).chains.find((c) => c.name === chain)!.rules;
/** The error `lines` raise, with its line (`*filter` is line 1). */
function errorOf(...lines: string[]): ParseError {
  try {
    filter(...lines);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}
const DECL = ':INPUT ACCEPT [0:0]';

describe('a chain deleted and made again in the same text', () => {
  it('gets the rules written after it is made again, not the deleted chain', () => {
    const t = filter(DECL, '-N X', '-A X -j A', '-F X', '-X X', '-N X', '-A X -j B');
    expect(t.chains.map((c) => [c.name, c.rules.map((r) => r.spec)])).toEqual([
      ['INPUT', []],
      ['X', ['-j B']],
    ]);
  });

  it('gets them also after a rename took its old name', () => {
    const t = filter(DECL, '-N X', '-A X -j A', '-E X Y', '-N X', '-A X -j B');
    expect(t.chains.map((c) => [c.name, c.rules.map((r) => r.spec)])).toEqual([
      ['INPUT', []],
      ['Y', ['-j A']],
      ['X', ['-j B']],
    ]);
  });
});

describe('counters before a command', () => {
  it('reads them with any run of blanks before -A, keeping the counters', () => {
    const [rule] = rulesOf('INPUT', DECL, '[3:4]   -A INPUT -j DROP');
    expect([rule!.spec, rule!.counters]).toEqual(['-j DROP', { packets: 3n, bytes: 4n }]);
    const [tabbed] = rulesOf('INPUT', DECL, '[5:6]\t-I INPUT -j DROP');
    expect([tabbed!.spec, tabbed!.counters]).toEqual(['-j DROP', { packets: 5n, bytes: 6n }]);
  });

  it('reads them glued to the command, and prints them back the way iptables-save does', () => {
    const t = parseSave(text(DECL, '[7:8]-A INPUT -j DROP'));
    expect(t.tables[0]!.chains[0]!.rules[0]!.counters).toEqual({ packets: 7n, bytes: 8n });
    expect(renderSave(t)).toBe(text(DECL, '[7:8] -A INPUT -j DROP'));
  });

  it('refuses bad counters before a command other than -A, naming the line', () => {
    expect(errorOf(DECL, '[1:x]  -I INPUT -j DROP')).toEqual(
      new ParseError(3, 'bad counters "[1:x]" (expected [packets:bytes])'),
    );
  });
});

describe('rules read the general way keep their line only when it is exactly as printed', () => {
  it('keeps the line of a printed rule with a list of addresses out of each rule it makes', () => {
    const rules = rulesOf('INPUT', DECL, '[1:2] -A INPUT -s 10.0.0.1,10.0.0.2 -j DROP');
    expect(rules.map((r) => [r.spec, r.counters])).toEqual([
      ['-s 10.0.0.1 -j DROP', { packets: 1n, bytes: 2n }],
      ['-s 10.0.0.2 -j DROP', { packets: 1n, bytes: 2n }],
    ]);
  });

  it('keeps the line of a printed rule whose chain name holds no tab, and rebuilds others', () => {
    const [printed] = rulesOf('INPUT', DECL, '-A INPUT -j DROP -c 1 2');
    expect(printed!.counters).toEqual({ packets: 1n, bytes: 2n });
    expect(printed!.spec).toBe('-j DROP');
    const [spaced] = rulesOf('INPUT', DECL, '[1:2]  -A INPUT -j DROP');
    expect(spaced instanceof SavedRule ? spaced.lineIn('INPUT') : 'not a saved rule').toBeNull();
    expect(renderSave(parseSave(text(DECL, '[1:2]  -A INPUT -j DROP')))).toBe(text(DECL, '[1:2] -A INPUT -j DROP'));
  });

  it('reads -A with a tab after the chain name, and -A with only a chain', () => {
    expect(rulesOf('INPUT', DECL, '-A INPUT\t-j DROP').map((r) => r.spec)).toEqual(['-j DROP']);
    expect(rulesOf('INPUT', DECL, '[1:1] -A INPUT\t-j DROP').map((r) => r.counters)).toEqual([
      { packets: 1n, bytes: 1n },
    ]);
    expect(rulesOf('INPUT', DECL, '[1:1]  -A INPUT').map((r) => [r.spec, r.counters])).toEqual([
      ['', { packets: 1n, bytes: 1n }],
    ]);
  });
});

describe('a rule that only looks like it has -c counters', () => {
  const line = '-A INPUT -m comment --comment "a -c b" -j ACCEPT';

  it('keeps its line as printed, with or without counters, so it is written back unchanged', () => {
    for (const printed of [line, `[5:6] ${line}`]) {
      const t = parseSave(text(DECL, printed));
      const rule = t.tables[0]!.chains[0]!.rules[0]!;
      expect(rule instanceof SavedRule && rule.lineIn('INPUT')).toBe(printed);
      expect(rule.args).toEqual(['-m', 'comment', '--comment', 'a -c b', '-j', 'ACCEPT']);
      expect(renderSave(t)).toBe(text(DECL, printed));
    }
  });
});

describe('commands read word by word', () => {
  it('says a line of counters alone is not a command', () => {
    expect(errorOf(DECL, '[1:2]')).toEqual(
      new ParseError(3, '"" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)'),
    );
  });

  it('reads rule numbers of two digits, and any blanks around them', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `-A INPUT -j A${i + 1}`);
    expect(rulesOf('INPUT', DECL, ...ten, '-I INPUT 11 -j X').map((r) => r.spec)[10]).toBe('-j X');
    expect(rulesOf('INPUT', DECL, ...ten, '-R INPUT 10 -j X').map((r) => r.spec)[9]).toBe('-j X');
    expect(rulesOf('INPUT', DECL, ...ten, '-D INPUT 10').map((r) => r.spec)).toEqual(
      ten.slice(0, 9).map((l) => l.slice(9)),
    );
    expect(rulesOf('INPUT', DECL, '-A INPUT -j A', '-I INPUT  2  -j X').map((r) => r.spec)).toEqual(['-j A', '-j X']);
    expect(rulesOf('INPUT', DECL, '-A INPUT -j A', '-I\tINPUT\t2\t-j X').map((r) => r.spec)).toEqual(['-j A', '-j X']);
  });

  it('keeps a number after the chain of an append as part of the rule, for iptables-restore to judge', () => {
    expect(rulesOf('INPUT', DECL, '--append INPUT 2 -j X').map((r) => r.spec)).toEqual(['2 -j X']);
  });

  it('cuts blanks at the end of a rule it rebuilds', () => {
    const t = parseSave(text(DECL, '-I INPUT -j DROP  '));
    expect(t.tables[0]!.chains[0]!.rules.map((r) => r.spec)).toEqual(['-j DROP']);
    expect(renderSave(t)).toBe(text(DECL, '-A INPUT -j DROP'));
  });

  it('replaces a rule whose comment holds a comma: a comment is not a list of addresses', () => {
    expect(
      rulesOf('INPUT', DECL, '-A INPUT -j A', '-R INPUT 1 -m comment --comment "a,b" -j X').map((r) => r.args),
    ).toEqual([['-m', 'comment', '--comment', 'a,b', '-j', 'X']]);
  });

  it('deletes by a rule whose only word is a number-like text, not by position', () => {
    expect(errorOf(DECL, '-A INPUT -j A', '-D INPUT 1x')).toEqual(
      new ParseError(4, 'no rule in chain INPUT matches "1x"'),
    );
    expect(errorOf(DECL, '-A INPUT -j A', '-D INPUT 12')).toEqual(new ParseError(4, 'chain INPUT has no rule 12'));
  });
});

describe('quotes in rules read the general way', () => {
  it('are checked when the rule is read, naming its line', () => {
    expect(errorOf(DECL, '-I INPUT -m comment --comment "open -j ACCEPT')).toEqual(
      new ParseError(3, 'a double quote is never closed'),
    );
    expect(errorOf(DECL, '-I INPUT -j LOG --log-prefix x\\')).toEqual(
      new ParseError(3, 'line ends with a lone backslash'),
    );
    expect(errorOf(DECL, '-I INPUT -j LOG --log-prefix "x y')).toEqual(
      new ParseError(3, 'a double quote is never closed'),
    );
  });

  it('give their words unquoted, and rules without counters have none', () => {
    const [rule] = rulesOf('INPUT', DECL, '-I INPUT -j LOG --log-prefix a\\ b');
    expect(rule!.args).toEqual(['-j', 'LOG', '--log-prefix', 'a b']);
    expect(rule!.counters).toBeNull();
    expect(rule instanceof SavedRule && rule.countersText).toBeNull();
  });
});
