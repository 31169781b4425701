/**
 * The shadow analysis is quadratic: it must not run in the render of the first frame (issue #20 item 3).
 * Every function of shadow.ts is wrapped in a spy; the first frame, written when render() returns, must
 * have called none of them, and must not claim anything about shadows it has not established yet.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const calls = vi.hoisted(() => ({ count: 0, whole: 0 }));

vi.mock('../../../src/domain/analysis/shadow.js', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  return Object.fromEntries(
    Object.entries(real).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (...args: unknown[]) => {
            calls.count++;
            // The whole analysis at once (not in idle steps): what a render must never run.
            if (name === 'shadowedRules') calls.whole++;
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value,
    ]),
  );
});

/** INPUT: rule 1 drops 10.0.0.0/8, so each of the `n - 1` later rules (hosts in it) is shadowed. */
function bigChain(n: number, first = '-s 10.0.0.0/8 -j DROP'): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  lines.push(`[1:60] -A INPUT ${first}`);
  for (let i = 1; i < n; i++) {
    lines.push(`[${i}:${i * 60}] -A INPUT -s 10.${(i >> 8) & 255}.${i & 255}.1/32 -p tcp -m tcp --dport 22 -j ACCEPT`);
  }
  return [...lines, 'COMMIT', ''].join('\n');
}

describe('shadow marks after the first frame', () => {
  it('the first frame of a 2000-rule chain shows its rows without running the shadow analysis', async () => {
    const { frame, waitFor } = await renderApp(new FakeSource(true, { ipv4: bigChain(2000) }), {
      columns: 120,
      rows: 30,
    });
    const first = frame();
    expect(first).toContain('rule 1/2000');
    expect(calls.count).toBe(0);
    // Until the analysis has answered, the view says it is checking: no row is called shadowed or not yet.
    expect(first).toContain('checking for shadowed rules');
    expect(first).not.toContain('⊘');
    // Then the marks fill in, without a key.
    const later = await waitFor((f) => f.includes('⊘'), 'the shadow marks');
    expect(later).not.toContain('checking for');
    expect(calls.count).toBeGreaterThan(0);
  });

  it('the commit review names what a staged rule shadows without running the analysis in its render', async () => {
    const { store, press, waitFor } = await renderApp(
      new FakeSource(true, { ipv4: bigChain(2000, '-s 192.0.2.1/32 -j DROP') }),
      { columns: 120, rows: 30 },
    );
    await waitFor((f) => f.includes('rule 1/2000') && !f.includes('checking for'), 'the chain, checked');
    store.getState().actions.stage({ kind: 'insert', chain: 'INPUT', at: 0, spec: '-s 10.0.0.0/8 -j DROP' });
    const review = await press('c', (f) => f.includes('Review 1 staged edit'), 'the review');
    const named = 'IPv4 filter INPUT: new rule 1 (-s 10.0.0.0/8 -j DROP) shadows rules 3-2001';
    // Either named at once (the staged chain was checked already) or said to be checked, then named.
    if (!review.includes(named)) expect(review).toContain('checking what the staged rules shadow');
    await waitFor((f) => f.replace(/\n/g, ' ').includes(named), 'the shadow warning');
    expect(calls.whole).toBe(0);
  });
});
