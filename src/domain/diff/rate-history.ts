/**
 * The last minute of each rule's rates, from the counter polls (counter-diff.ts gives one poll's packets/s and
 * bytes/s for the rules whose counters moved): a ring per rule key, the sparkline of a rule, the hottest rules.
 * Only rules that moved keep samples, so a 100k-rule table costs what its busy rules cost. Pure.
 */

/** One poll's rates of one rule, over the `spanMs` that poll measured. */
export interface RateSample {
  readonly at: number;
  readonly packets: number;
  readonly bytes: number;
  readonly spanMs: number;
  /** The rule's packet counter read at that poll, when known: a later, smaller one is another rule or a zeroed one. */
  readonly count?: bigint;
}

/**
 * The polls of the last window (when, and how long each measured: since the read before it) and, per rule key,
 * its samples in them (a poll without one: the rule was idle).
 */
export interface RateHistory {
  readonly polls: readonly number[];
  readonly spans: readonly number[];
  readonly byKey: ReadonlyMap<string, readonly RateSample[]>;
}

/** The window the sparklines and the hottest sort look at. */
export const RATE_WINDOW_MS = 60_000;

export const EMPTY_HISTORY: RateHistory = { polls: [], spans: [], byKey: new Map() };

/**
 * Whether a rule's samples belong to another rule now: its key is gone, or its counter went back (a new rule in
 * its place, or counters zeroed).
 */
function restarted(samples: readonly RateSample[], count: bigint | undefined): boolean {
  const last = samples[samples.length - 1]?.count;
  return count === undefined || (last !== undefined && count < last);
}

/**
 * The history with one more poll (`at`, ms), which measured its rates over `spanMs` (since the table's read
 * before it); what left the window is dropped. With `counts` (every rule key's packet counter in this read), a
 * rule no longer there, or whose counter went back, loses its samples: a rule inserted where a deleted one was
 * (same key) starts its own history.
 */
export function recordRates(
  h: RateHistory,
  at: number,
  rates: ReadonlyMap<string, number>,
  byteRates: ReadonlyMap<string, number> = new Map(),
  spanMs = 1000,
  windowMs = RATE_WINDOW_MS,
  counts?: ReadonlyMap<string, bigint>,
): RateHistory {
  const since = at - windowMs;
  const byKey = new Map<string, readonly RateSample[]>();
  for (const [key, samples] of h.byKey) {
    if (counts && restarted(samples, counts.get(key))) continue;
    const kept = samples.filter((s) => s.at > since);
    if (kept.length > 0) byKey.set(key, kept);
  }
  for (const [key, packets] of rates) {
    if (!(packets > 0)) continue;
    const sample = { at, packets, bytes: byteRates.get(key) ?? 0, spanMs, count: counts?.get(key) };
    byKey.set(key, [...(byKey.get(key) ?? []), sample]);
  }
  const kept = h.polls.map((p, i) => [p, h.spans[i] ?? 0] as const).filter(([p]) => p > since);
  return { polls: [...kept.map(([p]) => p), at], spans: [...kept.map(([, d]) => d), spanMs], byKey };
}

/**
 * A rule's packets/s over the window in `buckets` equal slices, oldest first: the mean over the polls in each
 * slice (an idle poll counts 0); null for a slice no poll fell in (not measured, not idle).
 */
export function bucketRates(
  h: RateHistory,
  key: string,
  now: number,
  buckets: number,
  by: 'packets' | 'bytes' = 'packets',
  windowMs = RATE_WINDOW_MS,
): (number | null)[] {
  const width = windowMs / buckets;
  const start = now - windowMs;
  const sums = new Array<number>(buckets).fill(0);
  const counts = new Array<number>(buckets).fill(0);
  // The window is (now - windowMs, now]: a poll at its end belongs to the last slice.
  const slice = (at: number): number => Math.min(buckets - 1, Math.max(0, Math.ceil((at - start) / width) - 1));
  for (const at of h.polls) if (at > start && at <= now) counts[slice(at)]! += 1;
  for (const s of h.byKey.get(key) ?? []) if (s.at > start && s.at <= now) sums[slice(s.at)]! += s[by];
  return sums.map((sum, i) => (counts[i] === 0 ? null : sum / counts[i]!));
}

/**
 * Values as a sparkline: `levels[0]` for idle (0), the others scaled to the largest value; a slice not measured
 * is a space. `levels` are block characters, or ASCII where the terminal cannot draw them.
 */
export function sparkline(values: readonly (number | null)[], levels: readonly string[]): string {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const top = levels.length - 1;
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (v <= 0 || max === 0) return levels[0]!;
      return levels[Math.max(1, Math.ceil((v / max) * top))]!;
    })
    .join('');
}

/** How long the polls in the window measured (ms, at most the window). */
export function measuredMs(h: RateHistory, windowMs = RATE_WINDOW_MS): number {
  return Math.min(
    windowMs,
    h.spans.reduce((n, d) => n + d, 0),
  );
}

/** A rule's rates over the time measured in the window: its packets and bytes counted there, per second. */
export function windowRate(
  h: RateHistory,
  key: string,
  windowMs = RATE_WINDOW_MS,
): { packets: number; bytes: number; measuredMs: number } {
  const spent = h.spans.reduce((n, d) => n + d, 0);
  const measured = measuredMs(h, windowMs);
  if (spent <= 0) return { packets: 0, bytes: 0, measuredMs: measured };
  const samples = h.byKey.get(key) ?? [];
  const packets = samples.reduce((n, s) => n + s.packets * s.spanMs, 0) / spent;
  const bytes = samples.reduce((n, s) => n + s.bytes * s.spanMs, 0) / spent;
  return { packets, bytes, measuredMs: measured };
}

/**
 * Over what the rates are: `the last minute` once (nearly: 95%) a whole window is measured, `the 12 s measured`
 * before, `nothing measured yet` before the first poll that measured.
 */
export function measuredWords(h: RateHistory, windowMs = RATE_WINDOW_MS): string {
  const ms = measuredMs(h, windowMs);
  if (ms <= 0) return 'nothing measured yet';
  if (ms >= windowMs * 0.95)
    return windowMs === 60_000 ? 'the last minute' : `the last ${Math.round(windowMs / 1000)} s`;
  return `the ${Math.max(1, Math.round(ms / 1000))} s measured`;
}

/** One rule's rates over the time measured in the window (windowRate) and its rate at the last poll. */
export interface HotRule {
  readonly key: string;
  readonly packets: number;
  readonly bytes: number;
  readonly lastPackets: number;
}

/** The rules with traffic in the window, hottest first by packets/s or bytes/s measured (ties: by key, stable). */
export function hottestRules(h: RateHistory, by: 'packets' | 'bytes'): HotRule[] {
  const last = h.polls[h.polls.length - 1];
  const out: HotRule[] = [];
  for (const [key, samples] of h.byKey) {
    const { packets, bytes } = windowRate(h, key);
    const end = samples[samples.length - 1];
    out.push({ key, packets, bytes, lastPackets: end && end.at === last ? end.packets : 0 });
  }
  return out.sort((a, b) => b[by] - a[by] || (a.key < b.key ? -1 : 1));
}
