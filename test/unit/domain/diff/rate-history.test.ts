/** The last minute of rates per rule: the ring, the sparkline (blocks or ASCII), the hottest rules. */
import { describe, expect, it } from 'vitest';
import {
  bucketRates,
  EMPTY_HISTORY,
  hottestRules,
  measuredWords,
  recordRates,
  sparkline,
  windowRate,
  type RateHistory,
} from '../../../../src/domain/diff/rate-history.js';

const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII = [' ', '.', ':', '-', '=', '+', '*', '#', '@'];

/** Polls every 5 s for a minute: `ssh` rises 1..12 packets/s, `web` is busy once, `dns` is idle. */
function minute(): RateHistory {
  let h = EMPTY_HISTORY;
  for (let i = 1; i <= 12; i++) {
    const rates = new Map([['ssh', i]]);
    if (i === 6) rates.set('web', 100);
    h = recordRates(
      h,
      i * 5000,
      rates,
      new Map([
        ['ssh', i * 60],
        ['web', 1000],
      ]),
      5000,
    );
  }
  return h;
}

describe('rate history', () => {
  it('keeps only the last minute, and only rules that moved', () => {
    const h = recordRates(minute(), 70_000, new Map([['ssh', 0]]));
    expect(h.polls[0]).toBe(15_000);
    expect(h.byKey.get('ssh')!.map((s) => s.packets)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(h.byKey.has('dns')).toBe(false);
  });

  it('buckets: mean per slice, idle polls count 0, unmeasured slices are null', () => {
    const h = minute();
    expect(bucketRates(h, 'ssh', 60_000, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(bucketRates(h, 'web', 60_000, 12)).toEqual([0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0]);
    expect(bucketRates(h, 'ssh', 60_000, 6)).toEqual([1.5, 3.5, 5.5, 7.5, 9.5, 11.5]);
    // 30 s later, half the window holds no poll: not idle, unmeasured.
    expect(bucketRates(h, 'ssh', 90_000, 4)).toEqual([8, 11, null, null]);
    expect(bucketRates(h, 'ssh', 60_000, 2, 'bytes')).toEqual([210, 570]);
  });

  it('a sparkline scaled to its largest value; ASCII where blocks cannot be drawn', () => {
    expect(sparkline([0, 1, 2, 4, 8, null], BLOCKS)).toBe(' ▁▂▄█ ');
    expect(sparkline([0, 1, 2, 4, 8, null], ASCII)).toBe(' .:=@ ');
    expect(sparkline([0, 0], BLOCKS)).toBe('  ');
    // The smallest traffic is never drawn as idle.
    expect(sparkline([0.001, 1000], BLOCKS)).toBe('▁█');
  });

  it('the hottest rules by mean packets/s or bytes/s over the minute', () => {
    const h = minute();
    expect(hottestRules(h, 'packets').map((r) => [r.key, r.packets, r.lastPackets])).toEqual([
      ['web', 100 / 12, 0],
      ['ssh', 6.5, 12],
    ]);
    expect(hottestRules(h, 'bytes').map((r) => r.key)).toEqual(['ssh', 'web']);
  });

  it("a rate is over the time measured, weighted by each poll's span; the words say how long that was", () => {
    // 3 packets in the first second of 12 s measured (a poll each second): 0.25 pkt/s, not "per minute".
    let h = EMPTY_HISTORY;
    for (let i = 1; i <= 12; i++) h = recordRates(h, i * 1000, new Map([['ssh', i === 1 ? 3 : 0]]), undefined, 1000);
    expect(windowRate(h, 'ssh')).toEqual({ packets: 0.25, bytes: 0, measuredMs: 12_000 });
    expect(measuredWords(h)).toBe('the 12 s measured');
    // A poll of 2 s after one of 1 s: 4 pkt/s over 1 s and 1 pkt/s over 2 s is 6 packets in 3 s.
    let g = recordRates(EMPTY_HISTORY, 1000, new Map([['ssh', 4]]), undefined, 1000);
    g = recordRates(g, 3000, new Map([['ssh', 1]]), undefined, 2000);
    expect(windowRate(g, 'ssh').packets).toBe(2);
    expect(hottestRules(g, 'packets')[0]!.packets).toBe(2);
    expect(measuredWords(minute())).toBe('the last minute');
    expect(measuredWords(EMPTY_HISTORY)).toBe('nothing measured yet');
  });
});
