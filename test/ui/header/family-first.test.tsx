/** h21: the header always names the family, and never prints a hint cut so it no longer works as printed. */
import { describe, expect, it, vi } from 'vitest';
import type { BootPort } from '../../../src/domain/ports/firewall-source.js';
import { fitHeader, type HeaderPart } from '../../../src/ui/header/header.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const boot: BootPort = {
  target: '/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)',
  warnings: [],
  diff: async () => [],
  save: async () => '',
};
const text = (parts: readonly HeaderPart[]): string => parts.map((p) => p.text).join('');
/** Every parenthesis opened in the line is closed in it (a hint cut inside one no longer works as printed). */
const balanced = (line: string): boolean => (line.match(/\(/g) ?? []).length === (line.match(/\)/g) ?? []).length;

describe('the family in a header too long for the screen', () => {
  it('at 80x24 both IPv4 and IPv6 are named whole, before the warning kept at the end', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    source.boot = { ...boot, hostFilesFromNetns: 'try22-srv' };
    const { store, press, waitFor } = await renderApp(source, { columns: 80, rows: 24 });
    store.setState({ label: 'vm netns try22-srv', updates: { mode: 'live' } });
    const v4 = (await waitFor((f) => f.includes("THIS host's") && f.includes('try22-srv nft'), 'the warning')).split(
      '\n',
    )[0]!;
    expect([...v4].length).toBeLessThanOrEqual(80);
    expect(v4).toMatch(/ IPv4 .*S writes THIS host's boot files$/);
    expect(v4).toContain('…[L]');
    const v6 = (await press('6', (f) => f.split('\n')[0]!.includes('IPv6'), 'IPv6 in the header')).split('\n')[0]!;
    expect(v6).toMatch(/ IPv6 .*S writes THIS host's boot files$/);
  });

  it('fitHeader: a part is shown whole (or in its short words) or not at all, never cut inside', () => {
    const parts: HeaderPart[] = [
      { text: 'fwtui', token: null },
      { text: ' host ', token: null },
      { text: 'IPv6 ', token: null, keep: true },
      { text: ' filter ', token: null },
      { text: ' 1 edit staged (c commits)', token: null, short: ' 1 edit staged' },
      { text: ' live rules changed!', token: null },
    ];
    expect(text(fitHeader(parts, 80))).toBe(text(parts));
    // Parts after the last kept one give way whole: the hint is never cut to `(c commit`.
    expect(text(fitHeader(parts, 60))).toBe('fwtui host IPv6  filter  1 edit staged (c commits) …[L]');
    expect(text(fitHeader(parts, 48))).toBe('fwtui host IPv6  filter …[L]');
    expect(text(fitHeader(parts, 36))).toBe('fwtui host IPv6  filter …[L]');
    // Narrower than the parts before the family: the family stays, the mark says what gave way.
    expect(text(fitHeader(parts, 16))).toBe('fwtui …[L] IPv6 ');
  });

  it('at 120 columns the staged hint is whole or dropped, never `(c commit …[L]`', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    source.boot = { ...boot, hostFilesFromNetns: 'try22-srv' };
    const { store, press, waitFor } = await renderApp(source, { columns: 120, rows: 40 });
    store.setState({ label: 'vm netns try22-srv', updates: { mode: 'live' }, drifted: true });
    await waitFor((f) => f.includes("THIS host's") && f.includes('try22-srv nft'), 'the warning');
    const frame = await press('J', (f) => f.includes('1 edit staged'), 'a staged edit');
    const header = frame.split('\n')[0]!;
    expect([...header].length).toBeLessThanOrEqual(120);
    expect(balanced(header)).toBe(true);
    await vi.waitFor(() => expect(header).toContain('IPv4'));
  });

  it('at 80 columns staged edits and the drift warning stay (short words); the tables give way first', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    const { store, press, waitFor } = await renderApp(source, { columns: 80, rows: 24 });
    store.setState({ label: 'web1', updates: { mode: 'live' } });
    await waitFor((f) => f.includes('IPv4'), 'the header');
    await press('J', (f) => f.includes('staged'), 'a staged edit');
    store.setState({ drifted: true });
    const frame = await waitFor((f) => f.includes('live rules changed!'), 'the drift warning');
    const header = frame.split('\n')[0]!;
    expect(header).toMatch(/ 1 edit staged( \(c commits\))? live rules changed!/);
    expect(header).toContain('IPv4');
    expect([...header].length).toBeLessThanOrEqual(80);
  });
});
