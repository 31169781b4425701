/** The header's words for nftables tables iptables does not show. */
import { describe, expect, it } from 'vitest';
import { otherTablesWords } from '../../../../src/domain/exposure/other-tables-words.js';

describe('otherTablesWords', () => {
  it('says nothing when there is no other table', () => {
    expect(otherTablesWords([])).toBe('');
  });

  it('names each table and its hooks, and that open is only as far as iptables decides', () => {
    expect(otherTablesWords([{ family: 'inet', name: 'firewalld', hooks: ['input (priority 10)', 'forward'] }])).toBe(
      'open as far as iptables decides: nft table inet firewalld also sees input (priority 10) and forward; ' +
        'a drop there applies too',
    );
    const two = otherTablesWords([
      { family: 'inet', name: 'firewalld', hooks: ['input'] },
      { family: 'ip', name: 'docker-bridges', hooks: ['forward'] },
    ]);
    expect(two).toBe(
      'open as far as iptables decides: nft table inet firewalld also sees input; ' +
        'nft table ip docker-bridges also sees forward; a drop there applies too',
    );
  });
});
