import { describe, expect, it } from 'vitest';
import { createEventLedger } from '../../../../src/app/sources/event-ledger.js';
import { liveSource } from '../../../../src/app/sources/firewall-sources.js';
import type { Iptables } from '../../../../src/backend/iptables.js';

/** An iptables whose every read fails (a broken ip6tables, a namespace gone). */
const failing = {
  netns: undefined,
  save: () => Promise.reject(new Error('ip6tables-save: broken')),
} as unknown as Iptables;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a failed read with the ruleset events attached', () => {
  // Vitest fails the run on a rejection nobody handles: the caller's catch must be the only one needed.
  it('rejects to its caller alone, whether or not the events vouch for reads', async () => {
    const ledger = createEventLedger(() => false);
    const u = undefined;
    const source = liveSource(failing, u, u, u, u, u, u, u, u, u, ledger);
    // Not started: no mark (the first screen's read, legacy, a monitor that ended).
    await expect(source.read('ipv6')).rejects.toThrow('broken');
    ledger.started(
      async () => true,
      async () => ({ listening: true, drops: 0 }),
    );
    await sleep(5);
    expect(ledger.mark()).not.toBeNull();
    await expect(source.read('ipv6')).rejects.toThrow('broken');
    expect(ledger.underWay?.('ipv6', 'filter')).toBeNull();
    await sleep(5);
  });
});
