/** #17: at 80x24 the warning that S writes THIS host's boot files stays readable, never cut to nothing. */
import { describe, expect, it, vi } from 'vitest';
import type { BootPort, SavedFamilyDiff } from '../../../src/domain/ports/firewall-source.js';
import { fitHeader, type HeaderPart } from '../../../src/ui/header/header.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const V4_DIFF: SavedFamilyDiff = {
  family: 'ipv4',
  path: '/etc/iptables/rules.v4',
  lines: [{ kind: '+', text: '-A INPUT -j ACCEPT' }],
  problem: null,
};
const boot: BootPort = {
  target: '/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)',
  warnings: [],
  diff: async () => [V4_DIFF],
  save: async () => '',
};
const text = (parts: readonly HeaderPart[]): string => parts.map((p) => p.text).join('');

describe("the header's warning about this host's boot files", () => {
  it('at 80x24 it is said whole, in its short words', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    source.boot = { ...boot, hostFilesFromNetns: 'lab1' };
    const { view } = await renderApp(source, { columns: 80, rows: 24 });
    // Once the saved files are compared: "not saved for boot" comes before the warning, in short words too.
    await vi.waitFor(() => expect(view.lastFrame()).toContain(' not saved '));
    const header = view.lastFrame()!.split('\n')[0]!;
    expect(header).toContain("S writes THIS host's boot files");
    expect(header).toBe("fwtui testhost nft IPv4  filter  nat  not saved S writes THIS host's boot files");
    view.unmount();
  });

  it('fitHeader: a part kept is never cut; the others give way before it, marked', () => {
    const parts: HeaderPart[] = [
      { text: 'fwtui', token: null },
      { text: ' a long part that does not fit at all in the room', token: null, short: ' a long part' },
      { text: ' the warning in full words', token: null, short: ' warning', keep: true },
    ];
    expect(text(fitHeader(parts, 80))).toBe(text(parts));
    expect(text(fitHeader(parts, 30))).toBe('fwtui a long part warning');
    expect(text(fitHeader(parts, 20))).toBe('fwtui …[L] warning');
  });
});
