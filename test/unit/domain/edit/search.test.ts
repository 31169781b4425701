/** `/` finds rules by any text, and by address: a rule whose network holds the address searched for. */
import { describe, expect, it } from 'vitest';
import { splitArgs } from '../../../../src/domain/text/quoting.js';
import type { Family, Rule } from '../../../../src/domain/model/ruleset.js';
import { findRule, ruleMatchesQuery } from '../../../../src/domain/edit/search.js';

const rule = (spec: string): Rule => ({ spec, args: splitArgs(spec), counters: null });
const hits = (spec: string, query: string, family: Family = 'ipv4'): boolean =>
  ruleMatchesQuery(rule(spec), family, query);

describe('search by address', () => {
  it('an address finds the rules whose -s or -d network contains it', () => {
    expect(hits('-s 10.0.0.0/8 -j ACCEPT', '10.0.0.5')).toBe(true);
    expect(hits('-d 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT', '10.0.0.5')).toBe(true);
    expect(hits('-s 192.168.0.0/16 -j DROP', '10.0.0.5')).toBe(false);
    expect(hits('-s 2001:db8::/32 -j ACCEPT', '2001:db8:1::7', 'ipv6')).toBe(true);
    expect(hits('-s 2001:db8::/32 -j ACCEPT', '2001:db9::7', 'ipv6')).toBe(false);
  });

  it('a network finds the rules whose network holds all of it', () => {
    expect(hits('-s 10.0.0.0/8 -j ACCEPT', '10.1.0.0/16')).toBe(true);
    expect(hits('-s 10.1.0.0/16 -j ACCEPT', '10.0.0.0/8')).toBe(true); // inside it: see below
  });

  it('a network finds the rules whose addresses lie inside it (bans of /32 inside a /24)', () => {
    expect(hits('-s 203.0.113.7/32 -j REJECT --reject-with icmp-port-unreachable', '203.0.113.0/24')).toBe(true);
    expect(hits('-d 203.0.113.200/32 -j DROP', '203.0.113.0/24')).toBe(true);
    expect(hits('-s 203.0.114.7/32 -j DROP', '203.0.113.0/24')).toBe(false);
    expect(hits('! -s 203.0.113.7/32 -j DROP', '203.0.113.0/24')).toBe(false);
    expect(hits('-m iprange --src-range 203.0.113.5-203.0.113.9 -j DROP', '203.0.113.0/24')).toBe(true);
    expect(hits('-s 2001:db8:1::7/128 -j DROP', '2001:db8::/32', 'ipv6')).toBe(true);
  });

  it('an iprange holding the address is found too', () => {
    expect(hits('-m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT', '10.0.0.5')).toBe(true);
    expect(hits('-m iprange --dst-range 10.0.0.1-10.0.0.9 -j ACCEPT', '10.0.0.50')).toBe(false);
  });

  it('a negated network does not hold the address (it excludes it): no hit by address', () => {
    expect(hits('! -s 10.0.0.0/8 -j DROP', '10.0.0.5')).toBe(false);
  });

  it('literal text still matches, and a rule with no address is not found by one', () => {
    expect(hits('-s 198.51.100.7/32 -j DROP', '198.51.100')).toBe(true);
    expect(hits('-p tcp -m tcp --dport 22 -j ACCEPT', '10.0.0.5')).toBe(false);
    expect(hits('-m comment --comment "office" -j ACCEPT', 'office')).toBe(true);
  });

  it('findRule goes to the rule of the network', () => {
    const rules = ['-i lo -j ACCEPT', '-s 192.168.0.0/16 -j DROP', '-s 10.0.0.0/8 -j ACCEPT'].map(rule);
    expect(findRule(rules, 'ipv4', '10.0.0.5', 0, 1)).toBe(2);
  });
});
