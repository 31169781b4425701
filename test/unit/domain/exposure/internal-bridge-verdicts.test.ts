import { describe, expect, it } from 'vitest';
import type { ExposureEntry } from '../../../../src/domain/exposure/exposure-entry.js';
import { onInternalBridge } from '../../../../src/domain/exposure/internal-bridges.js';

const bridge = {
  why: 'br0 is an internal bridge (ports: veth only, no route to the internet)',
  who: 'the containers on it',
};
const entry = (verdict: ExposureEntry['verdict'], reason: string | null = null): ExposureEntry =>
  ({
    proto: 'tcp',
    port: 80,
    bind: '0.0.0.0',
    interface: 'br0',
    via: 'local',
    to: null,
    process: null,
    verdict,
    from: verdict === 'open' ? ['0.0.0.0/0'] : [],
    decided_by: null,
    reason,
  }) as ExposureEntry;

describe('an entry on an internal bridge', () => {
  it('uncertain stays uncertain: a guest that routes may forward the internet in', () => {
    expect(onInternalBridge(entry('uncertain', 'the match x'), bridge)).toMatchObject({ verdict: 'uncertain' });
  });
  it('open becomes local-only, the reason saying what it assumes', () => {
    const e = onInternalBridge(entry('open'), bridge);
    expect(e.verdict).toBe('local-only');
    expect(e.reason).toContain('assuming no guest on it routes packets from elsewhere in');
  });
});
