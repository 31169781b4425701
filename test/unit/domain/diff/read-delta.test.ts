/** A read rebuilt from what changed equals the read itself, and its counter diff equals the full comparison. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, deltaOf } from '../../../../src/domain/diff/read-delta.js';
import { diffCounters, ruleKeys } from '../../../../src/domain/diff/counter-diff.js';
import type { Family, Ruleset, Table } from '../../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { plain } from '../../backend/parse-worker/worker-code.js';

const FIXTURES = '/work/shared/fixtures';
const saves = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.save'))
  .map((f) => ({
    family: (f.includes('.v6.') ? 'ipv6' : 'ipv4') as Family,
    text: readFileSync(join(FIXTURES, f), 'utf8'),
  }));

const max0 = (n: bigint): bigint => (n < 0n ? 0n : n);

/** The text with the n-th `[p:b]` of rule lines raised by `by` packets (and 100 bytes each) where `pick(n)`. */
const moved = (text: string, pick: (n: number) => boolean, by = 3): string => {
  let n = 0;
  const raise = (p: string, b: string) => `[${max0(BigInt(p) + BigInt(by))}:${max0(BigInt(b) + BigInt(by * 100))}]`;
  return text
    .replace(/^\[(\d+):(\d+)\]/gm, (all, p, b) => (pick(n++) ? raise(p, b) : all))
    .replace(/^(:\S+ (?:ACCEPT|DROP) )\[(\d+):(\d+)\]/gm, (all, head, p, b) => (pick(n++) ? head + raise(p, b) : all));
};

/** The read as the worker hands it over: the worker's own parse of `before`'s text is its base. */
const rebuilt = (before: Ruleset, text: string, next: string, family: Family): Ruleset =>
  applyDelta(before, deltaOf(parseSave(text, { family }), parseSave(next, { family })));

const diffPlain = (d: ReturnType<typeof diffCounters>) => ({
  moved: [...d.moved].sort(),
  rates: [...d.rates].sort(),
  byteRates: [...d.byteRates].sort(),
  added: d.added,
  removed: d.removed,
  chains: d.chains,
  counts: [...d.counts].sort(),
});

describe('read deltas', () => {
  it('rebuild every fixture with counters moved as parseSave reads it; the diff is the full one (property)', () => {
    fc.assert(
      fc.property(fc.nat(saves.length - 1), fc.func(fc.boolean()), fc.integer({ min: -2, max: 9 }), (i, pick, by) => {
        const { text, family } = saves[i]!;
        const before = parseSave(text, { family });
        const next = moved(text, (n) => pick(n), by);
        const after = rebuilt(before, text, next, family);
        expect(plain(after)).toEqual(plain(parseSave(next, { family })));
        for (const t of after.tables) {
          const old = before.tables.find((b) => b.name === t.name)!;
          const full = diffCounters(old, parseSave(next, { family }).tables.find((x) => x.name === t.name)!, 2);
          expect(diffPlain(diffCounters(old, t, 2))).toEqual(diffPlain(full));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a changed rule, a rule more or a chain more travels whole and still rebuilds as read', () => {
    const { text } = saves.find((s) => /-A INPUT/.test(s.text))!;
    const before = parseSave(text);
    const variants = [
      text.replace(/^(\[\d+:\d+\] -A INPUT )/m, '$1-s 192.0.2.1/32 '),
      text.replace(/^(\[\d+:\d+\] -A INPUT .*)$/m, '$1\n[0:0] -A INPUT -j DROP'),
      text.replace(/^COMMIT$/m, ':extra - [0:0]\nCOMMIT'),
    ];
    for (const next of variants) {
      const after = applyDelta(before, deltaOf(before, parseSave(next)));
      expect(plain(after)).toEqual(plain(parseSave(next)));
      const t = after.tables[0]!;
      const full = diffCounters(before.tables[0], parseSave(next).tables[0]!, 1);
      expect(diffPlain(diffCounters(before.tables[0], t, 1))).toEqual(diffPlain(full));
    }
  });

  it('an unchanged read shares the rules and their keys: nothing is keyed again', () => {
    const big = ['*filter', ':INPUT ACCEPT [0:0]'];
    for (let i = 0; i < 2000; i++) big.push(`[${i}:${i * 60}] -A INPUT -s 10.0.${i >> 8}.${i & 255}/32 -j ACCEPT`);
    const text = [...big, 'COMMIT', ''].join('\n');
    const before = parseSave(text);
    const keys = ruleKeys(before.tables[0]!.chains[0]!);
    const next = moved(text, (n) => n === 7);
    const after = applyDelta(before, deltaOf(before, parseSave(next)));
    const chain = after.tables[0]!.chains[0]!;
    expect(ruleKeys(chain)).toBe(keys);
    expect(chain.rules.filter((r, i) => r !== before.tables[0]!.chains[0]!.rules[i])).toHaveLength(1);
    const diff = diffCounters(before.tables[0], after.tables[0] as Table, 1);
    expect([...diff.moved]).toEqual([keys[7]]);
    expect(diff.counts.get(keys[1999]!)).toBe(1999n);
    expect(diff.counts.get('INPUT\u0000-j nothing\u00000')).toBeUndefined();
  });

  it('a refresh built on the read before looks at the changed rules only, not at every counter', () => {
    const reads = { count: 0 };
    const text = ['*filter', ':INPUT ACCEPT [0:0]']
      .concat(Array.from({ length: 500 }, (_, i) => `[${i}:${i}] -A INPUT -s 10.1.${i >> 8}.${i & 255}/32 -j DROP`))
      .concat('COMMIT', '')
      .join('\n');
    const parsed = parseSave(text);
    // The same rules as objects that count how often their counters are read.
    const counting = parsed.tables[0]!.chains[0]!.rules.map((r) => ({
      spec: r.spec,
      args: r.args,
      get counters() {
        reads.count++;
        return r.counters;
      },
    }));
    const chain = { ...parsed.tables[0]!.chains[0]!, rules: counting };
    const before: Ruleset = { ...parsed, tables: [{ name: 'filter', chains: [chain] }] };
    const after = applyDelta(before, deltaOf(parseSave(text), parseSave(moved(text, (n) => n === 3 || n === 400))));
    reads.count = 0;
    const diff = diffCounters(before.tables[0], after.tables[0]!, 1);
    expect(diff.moved.size).toBe(2);
    expect(reads.count).toBeLessThanOrEqual(2);
  });

  it('a delta against a chain the base lacks is refused, not half applied', () => {
    const { text } = saves[0]!;
    const r = parseSave(text);
    const delta = deltaOf(r, parseSave(moved(text, () => true)));
    expect(() => applyDelta({ ...r, tables: r.tables.map((t) => ({ ...t, chains: [] })) }, delta)).toThrow(
      /against no chain/,
    );
  });
});
