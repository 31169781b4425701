/**
 * How long to wait before the next read. A read costs CPU in iptables and
 * in fwtui; waiting at least 4x the read keeps the share under ~20 % of a core.
 */
export const MAX_SHARE = 0.2;

export function nextDelayMs(intervalMs: number, lastReadMs: number): number {
  const floor = (lastReadMs * (1 - MAX_SHARE)) / MAX_SHARE;
  return Math.max(intervalMs, Math.ceil(floor));
}
