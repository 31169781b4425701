import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { SaveParser, parseSave } from '../../../../src/domain/text/parse-save.js';
import { quotingProblem, splitArgs, QuotingError } from '../../../../src/domain/text/quoting.js';
import { renderSave, ruleLine } from '../../../../src/domain/text/render-save.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
import { SavedRule } from '../../../../src/domain/model/saved-rule.js';
import { loadFixtures, withoutComments } from '../../../helpers/fixtures.js';

const fixtures = loadFixtures({ generated: true });

/** Feeds `text` to a SaveParser cut at the given offsets. */
function parseInPieces(text: string, cuts: readonly number[]): Ruleset {
  const parser = new SaveParser();
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.push(text.slice(at, cut));
    at = cut;
  }
  parser.push(text.slice(at));
  return parser.end();
}

/** Everything a rule says, read through the Rule interface (getters included). */
const view = (r: Ruleset) =>
  r.tables.map((t) => ({
    name: t.name,
    chains: t.chains.map((c) => ({
      name: c.name,
      policy: c.policy,
      counters: c.counters,
      rules: c.rules.map((x) => ({ spec: x.spec, args: x.args, counters: x.counters })),
    })),
  }));

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('parsing iptables-save output as it arrives', () => {
  it('gives the same ruleset for any cut of every real dump', () => {
    for (const fx of fixtures) {
      const whole = parseSave(fx.save);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: fx.save.length }), { maxLength: 12 }), (cuts) => {
          const pieces = parseInPieces(fx.save, cuts);
          expect(view(pieces)).toEqual(view(whole));
          expect(renderSave(pieces)).toBe(withoutComments(fx.save));
        }),
        { numRuns: 25 },
      );
    }
  });

  it('a piece per character still reads lines, a last line without newline, and warnings', () => {
    const text =
      '# Warning: iptables-legacy tables present\n*filter\n:INPUT ' +
      'ACCEPT [1:2]\n[3:4] -A INPUT -s 10.0.0.1/32 -j DROP\nCOMMIT';
    const parser = new SaveParser();
    for (const c of text) parser.push(c);
    const r = parser.end();
    expect(r.warnings).toEqual(['iptables-legacy tables present']);
    expect(r.tables[0]!.chains[0]!.rules[0]!.spec).toBe('-s 10.0.0.1/32 -j DROP');
  });

  it('names the same line in its errors however the text is cut', () => {
    const bad = [
      '*filter\n:INPUT ACCEPT [0:0]\n[1:2] -A INPUT -m comment --comment "open -j ACCEPT\nCOMMIT\n',
      '*filter\n:INPUT ACCEPT [0:0]\n[1:x] -A INPUT -j ACCEPT\nCOMMIT\n',
      '*filter\n:INPUT ACCEPT [0:0]\n[18446744073709551616:0] -A INPUT -j ACCEPT\nCOMMIT\n',
      '*filter\n:INPUT ACCEPT [0:0]\n[1:2] -A nope -j ACCEPT\nCOMMIT\n',
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n',
      '*filter\r\n:INPUT ACCEPT [0:0]\r\nCOMMIT\r\n',
    ];
    for (const text of bad) {
      const expected = errorOf(() => parseSave(text));
      expect(expected).toMatch(/^line \d+: /);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }), (cuts) => {
          expect(errorOf(() => parseInPieces(text, cuts))).toBe(expected);
        }),
        { numRuns: 40 },
      );
    }
  });
});

describe('rules keep the line iptables-save printed', () => {
  const text =
    '*filter\n:INPUT ACCEPT [0:0]\n:web - [0:0]\n[7:420] -A INPUT -p tcp -m conntrack --ctstate NEW -m ' +
    'comment --comment "open -c web" -j web\n-A web -s 192.0.2.1/32 -j ACCEPT\n[0:0] -A web\nCOMMIT\n';

  it('reads spec, arguments and counters out of the line', () => {
    const [input, web] = parseSave(text).tables[0]!.chains;
    const rule = input!.rules[0]!;
    expect(rule).toBeInstanceOf(SavedRule);
    expect(rule.spec).toBe('-p tcp -m conntrack --ctstate NEW -m comment --comment "open -c web" -j web');
    expect(rule.args).toEqual([
      '-p',
      'tcp',
      '-m',
      'conntrack',
      '--ctstate',
      'NEW',
      '-m',
      'comment',
      '--comment',
      'open -c web',
      '-j',
      'web',
    ]);
    expect(rule.counters).toEqual({ packets: 7n, bytes: 420n });
    expect(web!.rules[0]!.counters).toBeNull();
    expect(web!.rules[1]!.spec).toBe('');
    expect(web!.rules[1]!.args).toEqual([]);
  });

  it('prints the line itself in its own chain, and a new line in another', () => {
    const rule = parseSave(text).tables[0]!.chains[0]!.rules[0]!;
    expect(ruleLine('INPUT', rule)).toBe(
      '[7:420] -A INPUT -p tcp -m conntrack --ctstate NEW -m comment --comment "open -c web" -j web',
    );
    expect(ruleLine('OTHER', rule)).toBe(
      '[7:420] -A OTHER -p tcp -m conntrack --ctstate NEW -m comment --comment "open -c web" -j web',
    );
    expect(ruleLine('INPUT', rule, false)).toBe(
      '-A INPUT -p tcp -m conntrack --ctstate NEW -m comment --comment "open -c web" -j web',
    );
  });

  it('follows a renamed chain (-E) in both the jump and the rule lines', () => {
    const renamed = parseSave(text.replace('COMMIT', '-E web www\nCOMMIT'));
    expect(renderSave(renamed)).toBe(
      '*filter\n:INPUT ACCEPT [0:0]\n:www - [0:0]\n[7:420] -A INPUT -p tcp -m conntrack --ctstate NEW -m ' +
        'comment --comment "open -c web" -j www\n-A www -s 192.0.2.1/32 -j ACCEPT\n[0:0] -A www\nCOMMIT\n',
    );
  });

  it('refuses rules for a chain deleted earlier in the same restore text', () => {
    const t =
      '*filter\n:INPUT ACCEPT [0:0]\n:gone - [0:0]\n-A gone -j DROP\n-F gone\n-X gone\n-A gone -j DROP\nCOMMIT\n';
    expect(errorOf(() => parseSave(t))).toBe(
      'line 7: chain gone is not declared in table filter (add ":gone - [0:0]" before its rules)',
    );
  });

  it('still takes -c counters out of restore-style lines, and only -c as a word', () => {
    const t =
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -c 5 6 -s 10.0.0.0/8 -j ACCEPT\n-A INPUT -m ' +
      'comment --comment x-c -j ACCEPT\n-A INPUT -p tcp --set-counters 1 2 -j DROP\nCOMMIT\n';
    const rules = parseSave(t).tables[0]!.chains[0]!.rules;
    expect(rules.map((r) => [r.spec, r.counters])).toEqual([
      ['-s 10.0.0.0/8 -j ACCEPT', { packets: 5n, bytes: 6n }],
      ['-m comment --comment x-c -j ACCEPT', null],
      ['-p tcp -j DROP', { packets: 1n, bytes: 2n }],
    ]);
  });
});

describe('quotingProblem', () => {
  it('refuses exactly what splitArgs refuses, with the same words', () => {
    const line = fc.stringMatching(/^[-a-z "\\\t']{0,30}$/);
    fc.assert(
      fc.property(line, (l) => {
        let split: string | null = null;
        try {
          splitArgs(l);
        } catch (e) {
          if (!(e instanceof QuotingError)) throw e;
          split = e.message;
        }
        expect(quotingProblem(l)).toBe(split);
      }),
      { numRuns: 2000 },
    );
  });
});
