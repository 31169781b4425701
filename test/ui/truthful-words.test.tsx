/** Issue #14: messages say no more than fwtui established (offline review, owners, feedback, whole rule text). */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../helpers/fake-source.js';
import { renderApp } from '../helpers/render-app.js';

const source = (live = true) => new FakeSource(live, { ipv4: RULES_V4(), ipv6: RULES_V6 });

describe('offline review (--file)', () => {
  it('says the file is compared, not a live firewall, and names w in the header', async () => {
    const { press } = await renderApp(source(false), { columns: 120, rows: 30 });
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    let frame = await press('J', (f) => f.includes('1 edit staged'), 'a move');
    expect(frame).toContain('1 edit staged (w writes the file)');
    expect(frame).not.toContain('c commits');
    frame = await press('w', (f) => f.includes('Review 1 staged edit(s)'), 'the review');
    expect(frame).toContain('--- file    IPv4 filter (as read)');
    expect(frame).not.toMatch(/\blive\b/);
  });

  it('the live review keeps saying live and c', async () => {
    const { press } = await renderApp(source(true), { columns: 120, rows: 30 });
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    const frame = await press('J', (f) => f.includes('1 edit staged (c commits)'), 'a move');
    expect(frame).toContain('1 edit staged (c commits)');
  });
});
