import { describe, expect, it } from 'vitest';
import { familyLabel, familyWithCommand } from '../../../../src/domain/model/family-label.js';

describe('family names in messages', () => {
  it('says IPv4 and IPv6, with the command that manages each where asked', () => {
    expect([familyLabel('ipv4'), familyLabel('ipv6')]).toEqual(['IPv4', 'IPv6']);
    expect([familyWithCommand('ipv4'), familyWithCommand('ipv6')]).toEqual(['IPv4 (iptables)', 'IPv6 (ip6tables)']);
  });
});
