import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

describe('the header says how changes reach the view', () => {
  it('"live events" while the monitor runs, "polling" without it; nothing before it is known', async () => {
    const { store, frame, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }));
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    expect(frame().split('\n')[0]).toMatch(/^fwtui testhost nft IPv4 /);
    store.setState({ updates: { mode: 'live' } });
    const live = await waitFor((f) => f.includes('live events'), 'live events');
    expect(live.split('\n')[0]).toMatch(/^fwtui testhost nft live events IPv4 +filter/);
    store.setState({ updates: { mode: 'polling', why: 'xtables-monitor ended (killed by signal 9)' } });
    const polling = await waitFor((f) => !f.includes('live events'), 'polling');
    expect(polling.split('\n')[0]).toMatch(/^fwtui testhost nft polling IPv4 +filter/);
    for (const line of polling.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('says why live events stopped and counts down to the restart; "restarting" while it catches up', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    const { store, waitFor } = await renderApp(source, { columns: 160, rows: 24 });
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    const why = 'xtables-monitor ended (killed by signal 9)';
    store.setState({ updates: { mode: 'polling', why, retryAt: Date.now() + 2500 } });
    const first = (await waitFor((f) => f.includes('retrying'), 'the retry')).split('\n')[0]!;
    expect(first).toMatch(/^fwtui testhost nft polling IPv4 +filter/);
    expect(first).toContain(` live events stopped: ${why}; retrying in 3 s`);
    // The count goes down by itself (no store change needed).
    await waitFor((f) => f.includes('retrying in 2 s'), 'the count going down');
    store.setState({ updates: { mode: 'polling', why, restarting: true } });
    const restarting = (await waitFor((f) => f.includes('restarting'), 'restarting')).split('\n')[0]!;
    expect(restarting).toMatch(/^fwtui testhost nft polling IPv4 .* live events restarting$/);
    store.setState({ updates: { mode: 'live' } });
    const live = (await waitFor((f) => !f.includes('restarting'), 'live again')).split('\n')[0]!;
    expect(live).toMatch(/^fwtui testhost nft live events IPv4 +filter/);
    expect(live).not.toContain('stopped');
  });

  it('says why live events are unavailable where retrying cannot mend it (the notice may give way)', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    const { store, waitFor } = await renderApp(source, { columns: 160, rows: 24 });
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    const why = 'xtables-monitor v1.8.9 stops on every change to an IPv6 rule that matches a port';
    store.setState({ updates: { mode: 'polling', why, unavailable: true }, notice: 'another program changed …' });
    const line = (await waitFor((f) => f.includes('unavailable'), 'the reason')).split('\n')[0]!;
    expect(line).toMatch(/^fwtui testhost nft polling IPv4 /);
    expect(line).toContain(` live events unavailable: ${why}`);
  });

  it('keeps the retry in fewer words where a warning takes the room', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    const { store, waitFor } = await renderApp(source, { columns: 130, rows: 24 });
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    store.setState((s) => ({
      boot: { ...s.boot, target: '/etc/iptables/rules.v4', hostFilesFromNetns: 'fw1' } as typeof s.boot,
      updates: { mode: 'polling', why: 'xtables-monitor ended (killed by signal 9)', retryAt: Date.now() + 4500 },
    }));
    const first = (await waitFor((f) => f.includes('retrying'), 'the retry')).split('\n')[0]!;
    expect(first).toContain(' live events stopped; retrying in 5 s');
    expect(first).toContain('S writes THIS host');
  });

  it('says why where it fits beside a warning: parts after it take short words first (160, 220)', async () => {
    for (const columns of [160, 220]) {
      const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
      const { store, waitFor } = await renderApp(source, { columns, rows: 24 });
      await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
      const why = 'xtables-monitor ended (killed by signal 9)';
      store.setState((s) => ({
        boot: { ...s.boot, target: '/etc/iptables/rules.v4', hostFilesFromNetns: 'fwtui-lab-1234' } as typeof s.boot,
        updates: { mode: 'polling', why, retryAt: Date.now() + 4500 },
      }));
      const first = (await waitFor((f) => f.includes('retrying'), 'the retry')).split('\n')[0]!;
      expect(first, `at ${columns}`).toContain(` live events stopped: ${why}; retrying in 5 s`);
      expect(first).toMatch(columns === 160 ? /S writes THIS host's boot files$/ : /S saves netns fwtui-lab-1234's/);
    }
  });

  it('says nothing of updates for a saved file', async () => {
    const { store, frame, waitFor } = await renderApp(new FakeSource(false, { ipv4: RULES_V4() }));
    await waitFor((f) => f.includes('Chain INPUT'), 'the first frame');
    store.setState({ updates: { mode: 'polling', why: 'x' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(frame().split('\n')[0]).not.toMatch(/polling|live events/);
  });
});
