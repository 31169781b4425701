import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

function errorOf(text: string): ParseError {
  try {
    parseSave(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('bad ruleset text gets an error naming the line and the problem', () => {
  const cases: [string, string, number, RegExp][] = [
    [
      'truncated file (no COMMIT)',
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n',
      3,
      /table filter \(line 1\) has no COMMIT: the input is truncated/,
    ],
    [
      'table starts before COMMIT',
      '*filter\n:INPUT ACCEPT [0:0]\n*nat\nCOMMIT\n',
      3,
      /table "nat" starts before table filter \(line 1\) has its COMMIT/,
    ],
    ['rule before any table', '-A INPUT -j ACCEPT\n', 1, /appears before any table/],
    ['unknown table', '*filtre\nCOMMIT\n', 1, /unknown table "filtre"/],
    ['CRLF line ends', '*filter\r\n:INPUT ACCEPT [0:0]\r\nCOMMIT\r\n', 1, /carriage return.*dos2unix/],
    [
      'rule for an undeclared user chain',
      '*filter\n:INPUT ACCEPT [0:0]\n-A MYCHAIN -j ACCEPT\nCOMMIT\n',
      3,
      /chain MYCHAIN is not declared in table filter/,
    ],
    [
      'jump-free user chain with policy',
      '*filter\n:MINE ACCEPT [0:0]\nCOMMIT\n',
      2,
      /MINE is not a built-in chain of table filter/,
    ],
    ['built-in chain without policy', '*filter\n:INPUT - [0:0]\nCOMMIT\n', 2, /built-in chain INPUT needs a policy/],
    ['bad policy', '*filter\n:INPUT REJECT [0:0]\nCOMMIT\n', 2, /policy of INPUT must be ACCEPT or DROP/],
    ['bad counters', '*filter\n:INPUT ACCEPT [x:0]\nCOMMIT\n', 2, /bad counters "\[x:0\]"/],
    ['counters over 64 bits', '*filter\n:INPUT ACCEPT [18446744073709551616:0]\nCOMMIT\n', 2, /exceed 64 bits/],
    [
      'unterminated quote',
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment "oops -j ACCEPT\nCOMMIT\n',
      3,
      /double quote is never closed/,
    ],
    ['COMMIT without table', 'COMMIT\n', 1, /COMMIT without a table/],
    ['chain declared twice', '*filter\n:X - [0:0]\n:X - [0:0]\nCOMMIT\n', 3, /declared twice/],
    ['unknown command', '*filter\n:INPUT ACCEPT [0:0]\n-Q INPUT\nCOMMIT\n', 3, /"-Q" is not a rule command/],
    [
      'rule number out of range',
      '*filter\n:INPUT ACCEPT [0:0]\n-I INPUT 5 -j ACCEPT\nCOMMIT\n',
      3,
      /rule number 5 is out of range/,
    ],
  ];
  for (const [name, text, line, message] of cases) {
    it(name, () => {
      const e = errorOf(text);
      expect(e.line).toBe(line);
      expect(e.message).toMatch(message);
      expect(e.message.startsWith(`line ${line}: `)).toBe(true);
    });
  }

  it('accepts an empty input (a host with no tables loaded)', () => {
    expect(parseSave('').tables).toEqual([]);
  });
});
