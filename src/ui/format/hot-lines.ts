/** The hottest-rules panel's lines, pure: sparkline, packets/s, bytes/s, where the rule is, its whole text. */
import {
  bucketRates,
  measuredWords,
  sparkline,
  windowRate,
  type HotRule,
  type RateHistory,
} from '../../domain/diff/rate-history.js';
import { ruleKeys } from '../../domain/diff/counter-diff.js';
import { humanRate } from '../../domain/listing/human-count.js';
import type { Table } from '../../domain/model/ruleset.js';

/** Slices of the minute a sparkline shows (5 s each). */
export const SPARK_SLICES = 12;

/** Where a rule key is in the table: chain and 1-based number (null: gone since it was measured). */
export function placeOf(table: Table | undefined, key: string): { chain: string; number: number } | null {
  for (const chain of table?.chains ?? []) {
    const i = ruleKeys(chain).indexOf(key);
    if (i >= 0) return { chain: chain.name, number: i + 1 };
  }
  return null;
}

/** `▁▂▅█ 12.0 pkt/s  3456 B/s  INPUT 3  -p tcp -m tcp --dport 22 -j ACCEPT` (a rule's text is never cut here). */
export function hotLine(
  hot: HotRule,
  h: RateHistory,
  table: Table | undefined,
  now: number,
  levels: readonly string[],
  by: 'packets' | 'bytes',
): string {
  const spark = sparkline(bucketRates(h, hot.key, now, SPARK_SLICES, by), levels);
  const place = placeOf(table, hot.key);
  const [chainName = '', spec = ''] = hot.key.split('\u0000');
  // `CHAIN\0` is a built-in chain's policy: the packets no rule decided.
  const policy = hot.key.endsWith('\u0000') ? table?.chains.find((c) => c.name === chainName)?.policy : undefined;
  const where = policy
    ? `${chainName} policy ${policy}`
    : place
      ? `${place.chain} ${place.number}  ${spec}`
      : `${chainName} (gone)  ${spec}`;
  const pps = `${humanRate(hot.packets) || '0'} pkt/s`.padStart(11);
  const bps = `${humanRate(hot.bytes) || '0'} B/s`.padStart(10);
  return `${spark} ${pps} ${bps}  ${where}`;
}

/**
 * `last minute ▁▂▅█ 0.7 pkt/s` (`measured 12 s …` until a minute is measured) for a rule with traffic in the
 * window ('' for one without): the rate over the time measured, as the hottest panel shows it (windowRate).
 */
export function ruleSparkText(h: RateHistory, key: string, levels: readonly string[]): string {
  const now = h.polls[h.polls.length - 1];
  if (!h.byKey.get(key) || now === undefined) return '';
  const words = measuredWords(h)
    .replace(/^the (\d+ s) measured$/, 'measured $1')
    .replace(/^the /, '');
  const rate = `${humanRate(windowRate(h, key).packets) || '0'} pkt/s`;
  return `${words} ${sparkline(bucketRates(h, key, now, SPARK_SLICES), levels).trimStart()} ${rate}`;
}

/**
 * A rule row's `last minute` cell: the sparkline of its 12 slices, or '' for a rule with no traffic in the window
 * (blank, not a flat line: a rule that did not move claims no measured zero). `now`: the table's last poll.
 */
export function rowSpark(h: RateHistory, key: string, levels: readonly string[]): string {
  const now = h.polls[h.polls.length - 1];
  if (!h.byKey.get(key) || now === undefined) return '';
  return sparkline(bucketRates(h, key, now, SPARK_SLICES), levels);
}
