/** A rate that is not zero never prints as zero: in rule rows, the chain line, H and its sparkline lines. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, hottestRules, recordRates } from '../../../../src/domain/diff/rate-history.js';
import { humanRate } from '../../../../src/domain/listing/human-count.js';
import { hotLine, ruleSparkText } from '../../../../src/ui/format/hot-lines.js';

const LEVELS = ['_', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

describe('rates as text', () => {
  it('a slow rate keeps a significant digit; below 0.01 it says so', () => {
    expect(humanRate(1 / 60)).toBe('0.02');
    expect(humanRate(0.04)).toBe('0.04');
    expect(humanRate(0.0999)).toBe('0.1');
    expect(humanRate(0.001)).toBe('<0.01');
    expect(humanRate(0.25)).toBe('0.3');
    expect(humanRate(0)).toBe('');
  });

  it('any rate above zero: never a zero, at most 6 characters up to 99999', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: 99_999, noNaN: true }), (r) => {
        const text = humanRate(r);
        expect(text).not.toMatch(/^0(\.0*)?$/);
        expect(text.length).toBeLessThanOrEqual(6);
      }),
    );
  });

  it('one packet per minute: H and the chain line say 0.02 pkt/s, not 0.0', () => {
    let h = EMPTY_HISTORY;
    for (let i = 1; i <= 60; i++)
      h = recordRates(h, i * 1000, new Map([['INPUT\u0000-j NFLOG\u00000', i === 30 ? 1 : 0]]));
    const [hot] = hottestRules(h, 'packets');
    expect(hotLine(hot!, h, undefined, 60_000, LEVELS, 'packets')).toMatch(/ 0\.02 pkt/);
    expect(ruleSparkText(h, 'INPUT\u0000-j NFLOG\u00000', LEVELS)).toMatch(/ 0\.02 pkt\/s$/);
  });
});
