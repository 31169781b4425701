/** h21: the S question says plainly what differs from what. */
import { describe, expect, it } from 'vitest';
import { savedDiffersWords } from '../../../../src/domain/boot/saved-differs.js';
import type { SavedFamilyDiff } from '../../../../src/domain/ports/firewall-source.js';

const diff = (family: SavedFamilyDiff['family']): SavedFamilyDiff => ({ family, path: '/x', lines: [], problem: null });

describe('what the S question says differs', () => {
  it('names the running rules (and sets) and what they differ from', () => {
    expect(savedDiffersWords(null)).toBe('');
    expect(savedDiffersWords([])).toBe(' (they already match)');
    expect(savedDiffersWords([diff('ipv4')])).toBe(' (the running IPv4 rules differ from the saved ones)');
    expect(savedDiffersWords([diff('ipv4'), diff('ipv6')])).toBe(
      ' (the running IPv4 and IPv6 rules differ from the saved ones)',
    );
    expect(savedDiffersWords([diff('sets')])).toBe(' (the running IP sets differ from the saved ones)');
    expect(savedDiffersWords([diff('ipv6'), diff('sets')])).toBe(
      ' (the running IPv6 rules and IP sets differ from the saved ones)',
    );
  });
});
