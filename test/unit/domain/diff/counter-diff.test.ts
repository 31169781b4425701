import { describe, expect, it } from 'vitest';
import { diffCounters } from '../../../../src/domain/diff/counter-diff.js';
import type { Counters, Rule, Table } from '../../../../src/domain/model/ruleset.js';

/** A table of `n` rules whose counters count how often they are read. */
function table(n: number, packets: (i: number) => number, reads: { count: number }): Table {
  const rules: Rule[] = Array.from({ length: n }, (_, i) => ({
    spec: `-s 10.0.0.${i}/32 -j ACCEPT`,
    args: [],
    get counters(): Counters {
      reads.count++;
      return { packets: BigInt(packets(i)), bytes: BigInt(packets(i) * 100) };
    },
  }));
  return { name: 'filter', chains: [{ name: 'INPUT', policy: 'DROP', counters: { packets: 0n, bytes: 0n }, rules }] };
}

describe('diffCounters', () => {
  it('finds the rules whose counters moved, and their rates', () => {
    const reads = { count: 0 };
    const diff = diffCounters(
      table(3, () => 1, reads),
      table(3, (i) => (i === 1 ? 5 : 1), reads),
      2,
    );
    expect([...diff.moved]).toEqual(['INPUT\u0000-s 10.0.0.1/32 -j ACCEPT\u00000']);
    expect([...diff.rates.values()]).toEqual([2]);
    expect(diff.added + diff.removed).toBe(0);
  });

  it("reads each table's counters once across refreshes: the next refresh reuses the last read's", () => {
    const reads = { count: 0 };
    const first = table(1000, () => 1, reads);
    const second = table(1000, (i) => i, reads);
    const third = table(1000, (i) => i + 1, reads);
    diffCounters(first, second, 1);
    expect(reads.count).toBe(2000);
    diffCounters(second, third, 1);
    // Only the new read's counters: a refresh at 100k rules no longer keys the table before it again.
    expect(reads.count).toBe(3000);
  });
});
