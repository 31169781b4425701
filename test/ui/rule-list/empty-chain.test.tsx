/** h21: an empty chain says what happens to packets, once: the policy for a built-in one, the return for a user one. */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const RULES = RULES_V4().replace(':WEB - [0:0]', ':WEB - [0:0]\n:EMPTY22 - [0:0]');
const count = (frame: string, words: string): number => frame.split(words).length - 1;

describe('a chain with no rules', () => {
  it('built-in: "no rules" is said once, with what decides (the policy)', async () => {
    const { press, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES }));
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    await press('\t', (f) => f.includes('a adds a rule') || true, 'the chain list');
    const frame = await press('j', (f) => f.includes('Chain FORWARD'), 'FORWARD');
    expect(frame).toContain('(no rules: the policy decides)');
    expect(count(frame, 'no rules')).toBe(1);
  });

  it('user-defined (live): packets go on after the -j that led here; no policy is claimed', async () => {
    const { press, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES }));
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    await press('\t', () => true, 'the chain list');
    const frame = await press('jjjjj', (f) => f.includes('Chain EMPTY22'), 'EMPTY22');
    expect(frame).toContain('(no rules: packets go on after the last -j that led here)');
    expect(frame).not.toContain('policy decides');
    expect(count(frame, 'no rules')).toBe(1);
  });

  it('user-defined (staged new): the same', async () => {
    const { store, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES_V4() }));
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    store.getState().actions.stage({ kind: 'newChain', chain: 'NEW22' });
    store.setState({ chain: 'NEW22' });
    const frame = await waitFor((f) => f.includes('Chain NEW22'), 'the new chain');
    expect(frame).toContain('(no rules: packets go on after the last -j that led here)');
    expect(frame).not.toContain('policy decides');
  });
});
