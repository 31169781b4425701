/**
 * A chain switch updates the rows Ink already has (issue #20 item 3: chain switch <= 50 ms at 10k rules): rows
 * keyed by rule made React unmount every row and Ink build new nodes (and layout nodes) for the next chain's.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const mounts = vi.hoisted(() => ({ count: 0 }));

vi.mock('ink', async (importOriginal) => {
  const real = await importOriginal<typeof import('ink')>();
  const React = await import('react');
  // Ink's Text, counting each time one is mounted.
  function CountedText(props: Parameters<typeof real.Text>[0]) {
    React.useEffect(() => {
      mounts.count++;
    }, []);
    return React.createElement(real.Text, props);
  }
  return { ...real, Text: CountedText };
});

/** Two chains of 40 rules each. */
function twoChains(): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (let i = 0; i < 40; i++) lines.push(`-A INPUT -s 10.0.0.${i}/32 -j ACCEPT`);
  for (let i = 0; i < 40; i++) lines.push(`-A FORWARD -d 10.0.1.${i}/32 -j DROP`);
  return [...lines, 'COMMIT', ''].join('\n');
}

describe('the rule rows', () => {
  it('are updated in place on a chain switch, not made again', async () => {
    const { store, waitFor } = await renderApp(new FakeSource(true, { ipv4: twoChains() }), {
      columns: 120,
      rows: 30,
    });
    await waitFor((f) => f.includes('10.0.0.0'), 'INPUT');
    const before = mounts.count;
    store.getState().actions.moveChain(1);
    await waitFor((f) => f.includes('10.0.1.0'), 'FORWARD');
    // A few texts outside the rows may change (the chain line, the detail); none of the ~20 rows is made again.
    expect(mounts.count - before).toBeLessThan(5);
  });
});
