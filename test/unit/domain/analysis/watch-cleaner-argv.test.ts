import { describe, expect, it } from 'vitest';
import { parseWatchCleanerArgs, watchCleanerArgs } from '../../../../src/domain/analysis/watch-cleaner-argv.js';

describe("the watch cleaner's command line", () => {
  const target = { id: '123-0badcafe', netns: 'fw1', family: 'ipv6', variant: 'nft', owner: 123 } as const;

  it('reads back what the watch starts it with, for a namespace and for the host', () => {
    const words = watchCleanerArgs(target);
    expect(words).toEqual([
      '__watch-cleaner',
      '123-0badcafe',
      '--netns',
      'fw1',
      '--family',
      'ipv6',
      '--backend',
      'nft',
      '--owner',
      '123',
    ]);
    expect(parseWatchCleanerArgs(words.slice(1))).toEqual(target);
    const host = { ...target, netns: null, variant: null };
    expect(parseWatchCleanerArgs(watchCleanerArgs(host).slice(1))).toEqual(host);
    // Any name `ip netns` and fwtui --netns take (up to 255 characters), as the guards' command line too.
    const long = { ...target, netns: `ns-${'x'.repeat(200)}` };
    expect(parseWatchCleanerArgs(watchCleanerArgs(long).slice(1))).toEqual(long);
  });

  it('refuses words that do not say exactly what it acts on', () => {
    const ok = watchCleanerArgs(target).slice(1);
    const bad: string[][] = [
      [],
      ['../x', ...ok.slice(1)],
      ok.filter((w) => w !== '--owner' && w !== '123'),
      ok.map((w) => (w === '123' ? '0' : w)),
      ok.map((w) => (w === '123' ? '12x' : w)),
      ok.map((w) => (w === 'ipv6' ? 'inet' : w)),
      ok.map((w) => (w === 'nft' ? 'ebtables' : w)),
      ok.map((w) => (w === 'fw1' ? 'a/b' : w)),
      ok.map((w) => (w === 'fw1' ? '-x' : w)),
      ok.map((w) => (w === 'fw1' ? '..' : w)),
      [...ok, '--host'],
      [...ok, '--owner', '5'],
    ];
    for (const words of bad) expect(parseWatchCleanerArgs(words), words.join(' ')).toHaveProperty('error');
  });
});
