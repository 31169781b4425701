import { describe, expect, it } from 'vitest';
import { otherNftTables, otherTablesWords } from '../../../../src/domain/exposure/nft-tables.js';

const chain = (family: string, table: string, name: string, hook?: string, extra: object = {}) => ({
  chain: {
    family,
    table,
    name,
    handle: 1,
    ...(hook ? { type: 'filter', hook, prio: 0, policy: 'accept' } : {}),
    ...extra,
  },
});
const ruleset = (...items: object[]) =>
  JSON.stringify({ nftables: [{ metainfo: { version: '1.0.6', json_schema_version: 1 } }, ...items] });

describe('nftables tables iptables does not show', () => {
  const text = ruleset(
    { table: { family: 'ip', name: 'filter', handle: 1 } },
    chain('ip', 'filter', 'INPUT', 'input'),
    chain('ip', 'nat', 'PREROUTING', 'prerouting', { type: 'nat', prio: -100 }),
    chain('ip6', 'filter', 'INPUT', 'input'),
    chain('inet', 'firewalld', 'filter_INPUT', 'input', { prio: 10 }),
    chain('inet', 'firewalld', 'filter_FORWARD', 'forward', { prio: 10, policy: 'drop' }),
    chain('inet', 'firewalld', 'filter_OUTPUT', 'output', { prio: 10 }),
    chain('inet', 'firewalld', 'helper'),
    chain('ip', 'filter2', 'pre', 'prerouting', { type: 'nat', prio: -100 }),
    chain('ip6', 'own', 'in', 'input'),
    chain('inet', 'outonly', 'out', 'output'),
  );

  it("leaves out iptables-nft's own tables and output-only ones; keeps incoming hooks with priorities", () => {
    expect(otherNftTables(text, 'ipv4')).toEqual([
      { family: 'inet', name: 'firewalld', hooks: ['input (priority 10)', 'forward (priority 10, policy drop)'] },
      { family: 'ip', name: 'filter2', hooks: ['prerouting (nat, priority -100)'] },
    ]);
  });

  it('a hand-written ip filter table whose base chain is not named as iptables names it is another table', () => {
    const own = ruleset(chain('ip', 'filter', 'input', 'input'));
    expect(otherNftTables(own, 'ipv4')).toEqual([{ family: 'ip', name: 'filter', hooks: ['input (priority 0)'] }]);
  });

  it('IPv6 sees ip6 and inet tables, not ip ones', () => {
    expect(otherNftTables(text, 'ipv6')?.map((t) => `${t.family} ${t.name}`)).toEqual(['inet firewalld', 'ip6 own']);
  });

  it('text that is not nft JSON is unreadable (null), not "no other table"', () => {
    expect(otherNftTables('Error: ...', 'ipv4')).toBeNull();
    expect(otherNftTables('{}', 'ipv4')).toBeNull();
  });

  it('says in one line that open means open as far as iptables decides', () => {
    expect(otherTablesWords([])).toBe('');
    expect(otherTablesWords(otherNftTables(text, 'ipv4')!)).toBe(
      'open as far as iptables decides: nft table inet firewalld also sees input (priority 10) and forward ' +
        '(priority 10, policy drop); nft table ip filter2 also sees prerouting (nat, priority -100); ' +
        'a drop there applies too',
    );
  });
});
