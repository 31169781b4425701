/**
 * `-c PACKETS BYTES` / `--set-counters` inside a rule (iptables-restore syntax): taken out as the rule's counters,
 * refused without two numbers; and the cheap scan that decides which lines are looked at word by word.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { mayHaveInlineCounters } from '../../../../src/domain/text/open-table.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const DECL = ':INPUT ACCEPT [0:0]';
const rulesOf = (...lines: string[]) =>
  parseSave(['*filter', DECL, ...lines, 'COMMIT', ''].join('\n')).tables[0]!.chains[0]!.rules;
function errorOf(line: string): ParseError {
  try {
    rulesOf(line);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('-c P B in a rule', () => {
  it('takes counters of any size out, also after tabs', () => {
    const rules = rulesOf('-A INPUT -j DROP -c\t10\t20', '-I INPUT 2 -p tcp -c 123456 7890123 -j ACCEPT');
    expect(rules.map((r) => [r.spec, r.counters])).toEqual([
      ['-j DROP', { packets: 10n, bytes: 20n }],
      ['-p tcp -j ACCEPT', { packets: 123456n, bytes: 7890123n }],
    ]);
  });

  it('refuses counters that are not two whole numbers, naming the line', () => {
    for (const bad of ['x1 2', '1x 2', '1 x2', '1 2x', '-1 2', '1 +2']) {
      expect(errorOf(`-A INPUT -c ${bad} -j DROP`)).toEqual(
        new ParseError(3, '-c needs two numbers: packets and bytes'),
      );
    }
    expect(errorOf('-A INPUT -j DROP --set-counters 1')).toEqual(
      new ParseError(3, '--set-counters needs two numbers: packets and bytes'),
    );
  });
});

describe('the scan for -c before a rule is read word by word', () => {
  it('finds -c as a word, after a space or a tab or at the start, and --set-counters', () => {
    for (const spec of ['-c 1 2', '-j X -c 1 2', '-j X\t-c\t1 2', '-j X -c', '-p tcp --set-counters 1 2']) {
      expect(mayHaveInlineCounters(spec, 0), spec).toBe(true);
    }
    expect(mayHaveInlineCounters('-A INPUT -c 1 2', 9)).toBe(true);
  });

  it('passes over rules without them, so they are not split while reading', () => {
    for (const spec of ['-p tcp', 'a-c 1', '-m comment --comment x-c', '-cx 1', '-m conntrack --ctstate NEW', '']) {
      expect(mayHaveInlineCounters(spec, 0), spec).toBe(false);
    }
    expect(mayHaveInlineCounters('--set-counters 1 2 -j X', 1)).toBe(false);
    expect(mayHaveInlineCounters('-c 1 2 -j X', 1)).toBe(false);
  });
});
