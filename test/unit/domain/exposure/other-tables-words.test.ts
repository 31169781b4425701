/** The header's words for nftables tables iptables does not show. */
import { describe, expect, it } from 'vitest';
import { otherTablesWords } from '../../../../src/domain/exposure/other-tables-words.js';

describe('otherTablesWords', () => {
  it('says nothing when there is no other table', () => {
    expect(otherTablesWords(undefined)).toBeNull();
    expect(otherTablesWords([])).toBeNull();
  });

  it('names each table and its hooks, and that open is only as far as iptables decides', () => {
    expect(otherTablesWords([{ family: 'inet', name: 'firewalld', hooks: ['input (priority 10)', 'forward'] }])).toBe(
      'nftables table inet firewalld (input (priority 10), forward) also filters: ' +
        'open means open as far as iptables decides',
    );
    const two = otherTablesWords([
      { family: 'inet', name: 'firewalld', hooks: ['input'] },
      { family: 'ip', name: 'docker-bridges', hooks: [] },
    ]);
    expect(two).toBe(
      'nftables tables inet firewalld (input); ip docker-bridges also filter: ' +
        'open means open as far as iptables decides',
    );
  });
});
