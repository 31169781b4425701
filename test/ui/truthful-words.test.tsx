/** Issue #14: messages say no more than fwtui established (offline review, owners, feedback, whole rule text). */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../helpers/fake-source.js';
import { loadFixtures } from '../helpers/fixtures.js';
import { renderApp } from '../helpers/render-app.js';

const source = (live = true) => new FakeSource(live, { ipv4: RULES_V4(), ipv6: RULES_V6 });

describe('offline review (--file)', () => {
  it('says the file is compared, not a live firewall, and names w in the header', async () => {
    const { press } = await renderApp(source(false), { columns: 80, rows: 24 });
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    let frame = await press('J', (f) => f.includes('1 edit staged'), 'a move');
    expect(frame).toContain('1 edit staged (w writes)');
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

describe('zero counts (A, the chain line)', () => {
  it('says "no hits counted" until fwtui zeroed the chain, "never hit since" after', async () => {
    const src = new FakeSource(true, { ipv4: RULES_V4() });
    const { press, store, waitFor } = await renderApp(src, { columns: 80, rows: 24 });
    let frame = await press(
      'A',
      (f) => f.includes('Shadowed and never-hit rules') && !f.includes('checking for'),
      'the analysis view, checked',
    );
    expect(frame).toContain('WEB\n  no hits counted: rule 1 (counters count since the rules were loaded or last');
    expect(frame).not.toContain('since the counters were zeroed');
    await press('\u001b', (f) => !f.includes('Shadowed and never-hit'), 'back');
    store.setState({ chain: 'WEB' });
    frame = await waitFor((f) => f.includes('rule 1/2 · no hits counted'), 'the chain line');
    await press('z', (f) => f.includes('Zero the counters of filter WEB now?'), 'the question');
    await press('y', (f) => f.includes('counters of filter WEB zeroed'), 'zeroed');
    expect(src.zeroed).toEqual(['ipv4 filter WEB']);
    frame = await waitFor((f) => f.includes('rule 1/2 · never hit since zeroed'), 'the chain line after Z');
    frame = await press('A', (f) => f.includes('Shadowed and never-hit rules') && !f.includes('checking for'), 'A');
    expect(frame).toContain('WEB\n  never hit since fwtui zeroed the counters: rule 1');
  });
});

describe("d in another program's chain", () => {
  it('names the owner warning in the question, before anything is staged', async () => {
    const docker = loadFixtures().find((f) => f.name === 'docker-style.v4')!;
    const src = new FakeSource(true, { ipv4: docker.save });
    const { press, store, waitFor } = await renderApp(src, { columns: 120, rows: 30 });
    store.setState({ chain: 'DOCKER' });
    await waitFor((f) => f.includes('Chain DOCKER:'), 'the DOCKER chain');
    const frame = await press('d', (f) => f.includes('Delete DOCKER rule 1'), 'the question');
    expect(frame.replace(/\s+/g, ' ')).toContain('DOCKER belongs to Docker: Docker rewrites this chain');
    expect(store.getState().staging.edits).toHaveLength(0);
    await press('n', (f) => !f.includes('Delete DOCKER rule 1'), 'no');
    const flush = await press('F', (f) => f.includes('Remove all 6 rules of DOCKER?'), 'the flush question');
    expect(flush.replace(/\s+/g, ' ')).toContain('DOCKER belongs to Docker: Docker rewrites this chain');
  });
});

describe('feedback for m and u', () => {
  it("m to the rule's own position says nothing moved", async () => {
    const { press, store } = await renderApp(source(), { columns: 80, rows: 24 });
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    await press('m', (f) => f.includes('Move INPUT rule 2 to position'), 'the prompt');
    await press('2', (f) => f.includes('(1-4): 2'), 'typed');
    await press('\r', (f) => f.includes('rule 2 of INPUT is already at position 2: nothing moved'), 'the notice');
    expect(store.getState().staging.edits).toHaveLength(0);
  });

  it('u says nothing to undo, and what it undid', async () => {
    const { press } = await renderApp(source(), { columns: 80, rows: 24 });
    await press('u', (f) => f.includes('nothing to undo'), 'nothing to undo');
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    await press('J', (f) => f.includes('1 edit staged'), 'a move');
    await press('u', (f) => f.includes('undone: move rule 2 of INPUT to 3'), 'undone');
  });
});
