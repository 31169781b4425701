import { describe, expect, it } from 'vitest';
import { iptablesBaseChains } from '../../../../src/domain/analysis/watch-path.js';
import { outcomeOf, type WatchedPacket } from '../../../../src/domain/analysis/watched-packets.js';
import { watchLines } from '../../../../src/domain/text/watch-lines.js';

// A reply sent by this machine (measured: the trace shows raw OUTPUT only when filter OUTPUT does not exist in
// nf_tables, though iptables-save lists `:OUTPUT ACCEPT`).
const reply: WatchedPacket = {
  id: '4a01f448',
  family: 'ipv4',
  fields: { OUT: 'v0', SRC: '10.78.0.1', DST: '10.78.0.2', SPORT: '80', DPORT: '52600', ACK: '', LEN: '52' },
  steps: [
    {
      table: 'raw',
      chain: 'OUTPUT',
      kind: 'rule',
      handle: '0x2',
      verdict: 'CONTINUE',
      target: null,
      rule: '-A OUTPUT -p tcp -j TRACE',
      numbers: [1],
    },
    {
      table: 'raw',
      chain: 'OUTPUT',
      kind: 'policy',
      handle: null,
      verdict: 'ACCEPT',
      target: null,
      rule: null,
      numbers: [],
    },
  ],
};
const chains = (...c: string[]) =>
  JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6' } },
      { table: { family: 'ip', name: 'filter' } },
      ...c.map((x) => {
        const [table, name] = x.split(' ');
        return { chain: { family: 'ip', table, name, type: 'filter', hook: name!.toLowerCase(), prio: 0 } };
      }),
      { chain: { family: 'ip', table: 'filter', name: 'SSH' } },
      { chain: { family: 'ip6', table: 'filter', name: 'OUTPUT', hook: 'output' } },
    ],
  });

describe('the end of a watched path: a policy ACCEPT with no later base chain is accepted', () => {
  it('reads the iptables base chains of one family from nft -j list chains', () => {
    expect([...iptablesBaseChains(chains('raw OUTPUT', 'filter INPUT'), 'ipv4')!]).toEqual([
      'raw OUTPUT',
      'filter INPUT',
    ]);
    expect(iptablesBaseChains('not json', 'ipv4')).toBeNull();
  });

  it('accepted: raw OUTPUT is the last chain on its path (filter INPUT is on another path)', () => {
    const o = outcomeOf(reply, iptablesBaseChains(chains('raw OUTPUT', 'raw PREROUTING', 'filter INPUT'), 'ipv4'));
    expect(o.verdict).toBe('ACCEPT');
    expect(watchLines({ number: 1, packet: reply, outcome: o, prediction: 'none', note: 'x' }).at(-1)).toBe(
      '  => ACCEPT: the last chain on its path, raw OUTPUT, has policy ACCEPT (not compared: x)',
    );
  });

  it('not known when a later chain exists but shows no step, and says which', () => {
    const o = outcomeOf(reply, iptablesBaseChains(chains('raw OUTPUT', 'filter OUTPUT', 'nat POSTROUTING'), 'ipv4'));
    expect(o.verdict).toBeNull();
    expect(watchLines({ number: 1, packet: reply, outcome: o, prediction: 'none', note: 'x' }).at(-1)).toBe(
      '  => no verdict in the trace (it ends at raw OUTPUT policy ACCEPT; filter OUTPUT or nat POSTROUTING come ' +
        'later on its path but show no step) (not compared: x)',
    );
  });

  it('without the kernel chains (nft unreadable), says no more than before', () => {
    const o = outcomeOf(reply, null);
    expect(o.verdict).toBeNull();
    expect(watchLines({ number: 1, packet: reply, outcome: o, prediction: 'none', note: 'x' }).at(-1)).toBe(
      '  => no verdict in the trace (it ends at raw OUTPUT policy) (not compared: x)',
    );
  });
});
