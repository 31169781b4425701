import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../helpers/fake-source.js';
import { renderApp } from '../helpers/render-app.js';

const source = (live = true) => new FakeSource(live, { ipv4: RULES_V4(), ipv6: RULES_V6 });
const detail = (frame: string): string => frame.split('\n').find((l) => l.startsWith('-A ')) ?? '';

describe('the live view', () => {
  it('fits 80x24 exactly: header, chains, rules, detail, status', async () => {
    const { waitFor } = await renderApp(source());
    const frame = await waitFor((f) => f.includes('Chain INPUT: policy DROP'), 'the chain summary');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^fwtui testhost nft IPv4 +filter +nat/);
    expect(lines[1]).toMatch(/chain +policy│ +num +pkts/);
    expect(lines[2]).toMatch(/^ INPUT +DROP *│ +1 +50 .*ACCEPT/);
    expect(detail(frame)).toBe('-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(lines[23]).toMatch(/i new {2}e edit {2}d del {2}K\/J move .* q quit/);
  });

  it('moves with j/k and follows a jump with Enter, back with Backspace', async () => {
    const { press } = await renderApp(source());
    await press('jj', (f) => f.includes('rule 3/4'), 'rule 3 selected');
    let frame = await press('\r', (f) => f.includes('Chain TCP: user-defined, 1 references'), 'the TCP chain');
    expect(detail(frame)).toMatch(/^-A TCP -p tcp -m tcp --dport 22 -m comment --comment "ssh from the/);
    frame = await press('\u007f', (f) => f.includes('Chain INPUT'), 'back in INPUT');
    expect(frame).toMatch(/rule 3\/4/);
  });

  it('searches with / and n, across chains', async () => {
    const { press } = await renderApp(source());
    await press('/', (f) => f.includes('/▏'), 'the search prompt');
    await press('198.51', (f) => f.includes('/198.51'), 'the typed query');
    const frame = await press('\r', (f) => f.includes('Chain WEB'), 'the hit in WEB');
    expect(detail(frame)).toBe('-A WEB -s 198.51.100.7/32 -j DROP');
  });

  it('switches table with t and family with 6', async () => {
    const { press } = await renderApp(source());
    let frame = await press('t', (f) => f.includes('Chain INPUT: policy ACCEPT'), 'nat INPUT');
    frame = await press('\tj', (f) => f.includes('Chain OUTPUT'), 'nat OUTPUT');
    frame = await press('6', (f) => f.includes('IPv6'), 'IPv6');
    frame = await press('g', (f) => f.includes('Chain INPUT'), 'IPv6 INPUT');
    expect(frame).toMatch(/2001:db8::\/32/);
  });

  it('shows help generated from the key map', async () => {
    const { press } = await renderApp(source());
    let frame = await press('?', (f) => f.includes('Keys (? or Esc closes'), 'help');
    expect(frame).toMatch(/↑, k +previous rule or chain/);
    expect(frame).toMatch(/Enter +jump or set, else edit/);
    expect(frame).toMatch(/K, Shift\+↑ +move the rule up/);
    // More keys than an 80x24 screen holds: the rest is on the next page.
    expect(frame).toMatch(/page 1 of \d+: rule list/);
    frame = await press(' ', (f) => /page 2 of \d+: rule list/.test(f), 'the second page');
    expect(frame).toMatch(/z +zero counters \(asks\)/);
    expect(frame).toMatch(/E +internet exposure/);
    // The rule list's last keys (help, quit) on its third page.
    frame = await press(' ', (f) => /page 3 of \d+: rule list/.test(f), 'the third page');
    expect(frame).toMatch(/q +quit/);
    await press('?', (f) => !f.includes('Keys ('), 'help closed');
  });

  it('marks rows whose counters moved since the last read', async () => {
    const src = source();
    const { store, press, waitFor } = await renderApp(src);
    await press('jj\r', (f) => f.includes('Chain TCP'), 'the TCP chain');
    src.set('ipv4', RULES_V4(10, 99));
    await store.getState().actions.refresh();
    const frame = await waitFor((f) => f.includes('•'), 'a moved mark');
    const moved = frame.split('\n').filter((l) => l.includes('•'));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(/• +2 +99 .*WEB/);
  });

  it('switches between exact and K/M/G counters with x', async () => {
    const big = new FakeSource(true, { ipv4: RULES_V4(1234567, 5) });
    const { press } = await renderApp(big);
    await press('jj\r', (f) => f.includes('Chain TCP'), 'the TCP chain');
    await press('x', (f) => f.includes('1234567'), 'exact counters');
    await press('x', (f) => f.includes('1235K'), 'human counters');
  });

  it('asks before zeroing counters, and a saved file cannot be zeroed', async () => {
    const live = source();
    const a = await renderApp(live);
    await a.press(
      'z',
      (f) => f.includes('[y/Enter yes, n/Esc no] Zero the counters of filter INPUT now?'),
      'the question',
    );
    await a.press('y', (f) => f.includes('counters of filter INPUT zeroed'), 'the confirmation');
    expect(live.zeroed).toEqual(['ipv4 filter INPUT']);
    const offline = await renderApp(source(false));
    await offline.press('z', (f) => f.includes('saved file cannot be zeroed'), 'the refusal');
  });

  it('says how old the data is once a read is late, not while it is fresh', async () => {
    const { store, frame, waitFor } = await renderApp(source());
    await waitFor((f) => f.includes('Chain INPUT'), 'the view');
    expect(frame()).not.toMatch(/data \d+s old/);
    const view = store.getState().views.ipv4!;
    store.setState({ views: { ipv4: { ...view, readAt: Date.now() - 12_000 } } });
    await waitFor((f) => /data 12s old/.test(f), 'the age of the data');
  });
});
