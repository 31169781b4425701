import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_EVENT_TEXTS,
  MonitorParser,
  mayConcern,
  parseEventText,
} from '../../../../src/domain/text/monitor-events.js';
import { FIXTURE_DIR } from '../../../helpers/fixtures.js';

// Captured from `xtables-monitor -e` (iptables 1.8.9) in a throwaway namespace while iptables-nft,
// ip6tables-nft, iptables-nft-restore and nft changed its ruleset.
const CAPTURED = readFileSync(join(FIXTURE_DIR, 'monitor', 'xtables-monitor-e.txt'), 'utf8');

function parseInPieces(text: string, size: number) {
  const parser = new MonitorParser();
  const out = [];
  for (let at = 0; at < text.length; at += size) out.push(...parser.feed(text.slice(at, at + size)));
  out.push(...parser.end());
  return out;
}

describe('xtables-monitor -e lines', () => {
  it('places a rule line: family, table, chain (an insert is printed as -A)', () => {
    expect(parseEventText('-4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT')).toMatchObject({
      family: 'ipv4',
      table: 'filter',
      chain: 'INPUT',
    });
    expect(parseEventText('-6 -t raw -X PREROUTING')).toMatchObject({
      family: 'ipv6',
      table: 'raw',
      chain: 'PREROUTING',
    });
  });

  it('places a base chain line (policy, counters zeroed) and a table line', () => {
    const policy = '# nft: ip filter INPUT use 2 type filter hook input prio 0 policy drop packets 0 bytes 0 flags 1';
    expect(parseEventText(policy)).toMatchObject({ family: 'ipv4', table: 'filter', chain: 'INPUT' });
    expect(parseEventText('nft: NEW table: table raw ip6 flags 0 use 1 handle 3')).toMatchObject({
      family: 'ipv6',
      table: 'raw',
      chain: null,
    });
    expect(parseEventText('nft: NEW table: table foo inet flags 0 use 0 handle 4')).toMatchObject({ family: 'other' });
  });

  it('names no place for a line of unknown shape, so the reader assumes any table changed', () => {
    const odd = parseEventText('something new in 1.8.10');
    expect(odd).toMatchObject({ family: null, table: null, chain: null });
    expect(mayConcern(odd, 'ipv6', 'nat')).toBe(true);
    expect(mayConcern(parseEventText('-4 -t nat -A POSTROUTING -j MASQUERADE'), 'ipv4', 'filter')).toBe(false);
    expect(mayConcern(parseEventText('-4 -t nat -A POSTROUTING -j MASQUERADE'), 'ipv6', 'nat')).toBe(false);
  });
});

describe('the monitor parser over captured output', () => {
  it('groups events into generations with the writer the kernel reported, whatever the pieces', () => {
    for (const size of [1, 7, 61, CAPTURED.length]) {
      const gens = parseInPieces(CAPTURED, size);
      expect(gens).toHaveLength(25);
      expect(gens[0]).toMatchObject({ id: 13, pid: 7108, program: 'iptables-nft' });
      expect(gens[0]!.changes.map((c) => [c.family, c.table, c.chain])).toEqual([['ipv4', 'filter', 'INPUT']]);
      const restore = gens.find((g) => g.program === 'iptables-nft-re' && g.id === 5)!;
      // 10 lines, one change per place.
      expect(restore.changes.map((c) => `${c.table} ${c.chain}`)).toEqual([
        'filter INPUT',
        'filter USERC',
        'filter null',
      ]);
      expect(gens.find((g) => g.id === 19)!.changes[0]).toMatchObject({ family: 'ipv6', chain: 'INPUT' });
    }
  });

  it('hands over events left without their generation line when the output ends', () => {
    const parser = new MonitorParser();
    expect(parser.feed(' EVENT: -4 -t filter -A INPUT -j ACCEPT\nNEWGEN: GENID=2 PID=9 NAME=x\n EVENT: -4 -t')).toEqual(
      [expect.objectContaining({ id: 2, program: 'x' })],
    );
    // Cut off: a commit never takes such a generation for a complete account of a write.
    const cut = { id: null, pid: null, program: null, changes: [expect.anything()], complete: false };
    expect(parser.end()).toEqual([cut]);
    expect(parser.end()).toEqual([]);
  });

  it('keeps every line of a generation in order, up to a bound, and says when lines were left out', () => {
    const parser = new MonitorParser();
    const lines = (n: number) => Array.from({ length: n }, (_, i) => ` EVENT: -4 -t filter -A INPUT -s 10.0.0.${i}\n`);
    const [small] = parser.feed(`${lines(3).join('')}NEWGEN: GENID=3 PID=9 NAME=x\n`);
    expect(small?.texts).toEqual([
      '-4 -t filter -A INPUT -s 10.0.0.0',
      '-4 -t filter -A INPUT -s 10.0.0.1',
      '-4 -t filter -A INPUT -s 10.0.0.2',
    ]);
    expect(small?.complete).toBe(true);
    const [big] = parser.feed(`${lines(MAX_EVENT_TEXTS + 1).join('')}NEWGEN: GENID=4 PID=9 NAME=x\n`);
    expect(big?.texts).toHaveLength(MAX_EVENT_TEXTS);
    expect(big?.complete).toBe(false);
  });
});
