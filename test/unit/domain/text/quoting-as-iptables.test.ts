import { describe, expect, it } from 'vitest';
import {
  argQuote,
  joinArgs,
  QuotingError,
  quotingProblem,
  saveQuote,
  splitArgs,
} from '../../../../src/domain/text/quoting.js';

describe('iptables-save quoting of a value', () => {
  it('leaves letters, digits, _ and - bare, quotes anything else', () => {
    expect(saveQuote('ssh_from-office9')).toBe('ssh_from-office9');
    expect(saveQuote('a b')).toBe('"a b"');
    expect(saveQuote('a.b')).toBe('"a.b"');
    expect(saveQuote('')).toBe('""');
    expect(saveQuote('x:')).toBe('"x:"');
  });

  it('escapes double quote, backslash and single quote inside the quotes', () => {
    expect(saveQuote('say "hi"')).toBe('"say \\"hi\\""');
    expect(saveQuote('a\\b')).toBe('"a\\\\b"');
    expect(saveQuote("it's")).toBe('"it\\\'s"');
  });
});

describe('quoting an argument for iptables-restore', () => {
  it('quotes only what restore would split or alter', () => {
    expect(argQuote('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(argQuote('a.b:c')).toBe('a.b:c');
    expect(argQuote('')).toBe('""');
    expect(argQuote('a b')).toBe('"a b"');
    expect(argQuote('a\tb')).toBe('"a\tb"');
    expect(argQuote('a"b')).toBe('"a\\"b"');
    expect(argQuote("a'b")).toBe('"a\\\'b"');
    expect(argQuote('a\\b')).toBe('"a\\\\b"');
    expect(joinArgs(['-m', 'comment', '--comment', 'web server', '-j', 'ACCEPT'])).toBe(
      '-m comment --comment "web server" -j ACCEPT',
    );
    expect(joinArgs([])).toBe('');
  });
});

describe('splitting a rule line as iptables-restore does', () => {
  it('splits on runs of spaces and tabs, ignoring them at the ends', () => {
    expect(splitArgs('-A  INPUT\t-j ACCEPT')).toEqual(['-A', 'INPUT', '-j', 'ACCEPT']);
    expect(splitArgs('  -j ACCEPT  ')).toEqual(['-j', 'ACCEPT']);
    expect(splitArgs('')).toEqual([]);
  });

  it('groups quoted text, keeps an empty quoted argument, joins quotes inside a word', () => {
    expect(splitArgs('--comment "a  b" -j ACCEPT')).toEqual(['--comment', 'a  b', '-j', 'ACCEPT']);
    expect(splitArgs('--comment "a\tb"')).toEqual(['--comment', 'a\tb']);
    expect(splitArgs('--comment "" -j ACCEPT')).toEqual(['--comment', '', '-j', 'ACCEPT']);
    expect(splitArgs('ab"c d"e f')).toEqual(['abc de', 'f']);
    expect(splitArgs('"x"  "y"')).toEqual(['x', 'y']);
    expect(splitArgs(' "a" b')).toEqual(['a', 'b']);
    expect(splitArgs('a\tb "c" ')).toEqual(['a', 'b', 'c']);
  });

  it('takes the character after a backslash as it is, a space too', () => {
    expect(splitArgs('a\\ b c')).toEqual(['a b', 'c']);
    expect(splitArgs('\\"x')).toEqual(['"x']);
    expect(splitArgs('"a\\"b"')).toEqual(['a"b']);
    expect(splitArgs('\\  x')).toEqual([' ', 'x']);
  });

  it('refuses an unclosed quote or a trailing backslash, and says which', () => {
    expect(() => splitArgs('--comment "open')).toThrow(QuotingError);
    expect(() => splitArgs('--comment "open')).toThrow('a double quote is never closed');
    expect(() => splitArgs('x \\')).toThrow('line ends with a lone backslash');
    expect(() => splitArgs('"x" \\')).toThrow(QuotingError);
  });
});

describe('the cheap check for what splitting would refuse', () => {
  it('agrees with splitArgs, from the index given', () => {
    expect(quotingProblem('-j ACCEPT')).toBeNull();
    expect(quotingProblem('--comment "a b"')).toBeNull();
    expect(quotingProblem('--comment "a')).toBe('a double quote is never closed');
    expect(quotingProblem('x \\')).toBe('line ends with a lone backslash');
    expect(quotingProblem('"a\\"')).toBe('a double quote is never closed');
    expect(quotingProblem('a\\"b')).toBeNull();
    expect(quotingProblem('"x" -j ACCEPT', 1)).toBe('a double quote is never closed');
    expect(quotingProblem('\\', 0)).toBe('line ends with a lone backslash');
    expect(quotingProblem('a\\b"', 2)).toBe('a double quote is never closed');
  });
});
