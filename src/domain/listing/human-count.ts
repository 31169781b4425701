/** Counters as `iptables -L -v` prints them without -x: up to 99999 exact, then K, M, G, T (rounded). */
export function humanCount(value: bigint): string {
  if (value <= 99999n) return String(value);
  let n = value;
  for (const unit of ['K', 'M', 'G', 'T', 'P', 'E']) {
    n = (n + 500n) / 1000n;
    if (n <= 9999n) return `${n}${unit}`;
  }
  return `${n}E`;
}

/**
 * A rate per second, short: "", "12", "3.4", "0.02", "<0.01", "15K". Never a zero for a rate above zero (one
 * packet a minute is 0.02, not 0.0).
 */
export function humanRate(perSecond: number | undefined): string {
  if (perSecond === undefined || perSecond <= 0) return '';
  if (perSecond < 0.01) return '<0.01';
  if (perSecond < 0.095) return perSecond.toFixed(2);
  if (perSecond < 10) return perSecond.toFixed(1);
  if (perSecond < 100000) return String(Math.round(perSecond));
  return humanCount(BigInt(Math.round(perSecond)));
}
