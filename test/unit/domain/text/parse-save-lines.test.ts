/**
 * iptables-save text line by line: blanks around lines, comments inside a table, pieces cut at a line end,
 * and what a round trip (parse -> render) gives back.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { SaveParser, parseSave } from '../../../../src/domain/text/parse-save.js';
import { renderSave } from '../../../../src/domain/text/render-save.js';

function errorOf(text: string): ParseError {
  try {
    parseSave(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('lines with blanks around them', () => {
  it('reads table, declaration, rule and COMMIT lines with blanks before and after', () => {
    const r = parseSave(
      '  *filter \t\n\t:INPUT DROP [1:2]  \n  -A INPUT -j ACCEPT  \n [3:4] -A INPUT -j DROP\n COMMIT \n',
    );
    expect(renderSave(r)).toBe('*filter\n:INPUT DROP [1:2]\n-A INPUT -j ACCEPT\n[3:4] -A INPUT -j DROP\nCOMMIT\n');
  });

  it('skips comments inside a table, and collects warnings there too', () => {
    const r = parseSave('*filter\n# a note\n  # Warning: x\n:INPUT ACCEPT [0:0]\nCOMMIT\n');
    expect(r.warnings).toEqual(['x']);
    expect(r.tables[0]!.chains.map((c) => c.name)).toEqual(['INPUT']);
  });

  it('names the table that starts too early and the stray line as written, without blanks', () => {
    expect(errorOf('*filter\n  *nat  \nCOMMIT\n')).toEqual(
      new ParseError(2, 'table "nat" starts before table filter (line 1) has its COMMIT'),
    );
    expect(errorOf('\n\n  -A INPUT -j DROP  \n')).toEqual(
      new ParseError(3, '"-A INPUT -j DROP" appears before any table (expected a line like "*filter")'),
    );
    expect(errorOf('*filter\n: INPUT ACCEPT\nCOMMIT\n')).toEqual(new ParseError(2, 'chain declaration without a name'));
    expect(errorOf('*filter\n[1:2]x-A INPUT -j DROP\nCOMMIT\n')).toEqual(
      new ParseError(2, '"x-A" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)'),
    );
  });
});

describe('text that arrives in pieces', () => {
  it('reads a line whose newline starts the next piece', () => {
    const p = new SaveParser();
    for (const piece of ['*filter', '\n:INPUT DROP', '\n', 'COMMIT', '\n']) p.push(piece);
    expect(renderSave(p.end())).toBe('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
  });

  it('counts a line that is only the newline starting a piece', () => {
    const p = new SaveParser();
    p.push('*filter\n');
    expect(() => p.push('\n-Q INPUT\n')).toThrow(
      new ParseError(3, '"-Q" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)'),
    );
  });

  it('counts lines across pieces in its errors', () => {
    const p = new SaveParser();
    p.push('*filter\n:INPUT ACCEPT [0:0]\n-A IN');
    expect(() => p.push('PUT -j DROP\n-Q INPUT\n')).toThrow(
      new ParseError(4, '"-Q" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)'),
    );
  });

  it('says the table has no COMMIT at the last line read, counting a last line without newline', () => {
    expect(errorOf('*filter\n:INPUT ACCEPT [0:0]')).toEqual(
      new ParseError(2, 'table filter (line 1) has no COMMIT: the input is truncated'),
    );
    expect(errorOf('\n*nat\n')).toEqual(new ParseError(2, 'table nat (line 2) has no COMMIT: the input is truncated'));
  });
});
