import { describe, expect, it } from 'vitest';
import { ruleMatches } from '../../../../src/domain/analysis/packet-match.js';
import { unknownPacket, type Packet } from '../../../../src/domain/analysis/packet.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';
import type { RulesetSets } from '../../../../src/domain/model/ruleset.js';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';

const SAVE = `create bl hash:net family inet hashsize 64 maxelem 1000 timeout 600
add bl 192.0.2.0/24 timeout 300
add bl 198.51.100.7 timeout 5
create pairs hash:ip,ip family inet
add pairs 192.0.2.1,203.0.113.1
`;
const byName = new Map(parseIpsetSave(SAVE).map((s) => [s.name, s]));
const SETS: RulesetSets = { byName };
const packet: Packet = { ...unknownPacket('ipv4', 'input', 'NEW'), source: '192.0.2.1', destination: '203.0.113.1' };
/** `sets` null: the sets were not read. */
const matches = (rule: string, sets: RulesetSets | null = SETS, diff: Partial<Packet> = {}) =>
  ruleMatches(parseRuleView(rule.split(' ')), { packet: { ...packet, ...diff }, mark: 0, sets: sets ?? undefined });

describe('-m set in a rule', () => {
  it('looks the packet up in the named set, by the side the flags name, negated', () => {
    expect(matches('-m set --match-set bl src')).toBe(true);
    expect(matches('-m set --match-set bl dst')).toBe(false);
    expect(matches('-m set ! --match-set bl src')).toBe(false);
    expect(matches('-m set ! --match-set bl dst')).toBe(true);
    expect(matches('-m set --set bl src')).toBe(true);
    expect(matches('-m set --match-set pairs src,dst')).toBe(true);
    expect(matches('-m set --match-set pairs dst,src')).toBe(false);
  });

  it('--return-nomatch is passed on', () => {
    const nomatch = parseIpsetSave('create n hash:net family inet\nadd n 192.0.2.0/24 nomatch\n');
    const sets = { byName: new Map(nomatch.map((s) => [s.name, s])) };
    expect(matches('-m set --match-set n src', sets)).toBe(false);
    expect(matches('-m set --match-set n src --return-nomatch', sets)).toBe(true);
    expect(matches('-m set --return-nomatch --match-set n src', sets)).toBe(true);
  });

  it('an expiry inside the horizon makes the answer uncertain, naming the set', () => {
    const soon = { byName, horizonSec: 60 };
    const answer = matches('-m set --match-set bl src', soon, { source: '198.51.100.7' });
    expect(typeof answer).toBe('string');
    expect(answer).toMatch(/^-m set --match-set bl \(.+\)$/);
    expect(matches('-m set --match-set bl src', SETS, { source: '198.51.100.7' })).toBe(true);
  });

  it('cannot tell without a set name, with counter conditions, or without the sets', () => {
    expect(matches('-m set')).toBe('-m set without --match-set (not modelled)');
    expect(matches('-m set --match-set')).toBe('-m set without --match-set (not modelled)');
    for (const counter of ['--packets-lt 5', '--bytes-gt 5', '--packets-eq 1']) {
      expect(matches(`-m set --match-set bl src ${counter}`)).toBe(
        `-m set ${counter.split(' ')[0]} (depends on the set's counters so far)`,
      );
    }
    expect(matches('-m set --match-set bl src --packets-xx 5')).toBe(true);
    expect(matches('-m set --match-set bl src', null)).toBe('-m set --match-set bl (the sets were not read)');
    expect(matches('-m set --match-set bl src', { byName: null, unreadable: 'ipset is not installed' })).toBe(
      '-m set --match-set bl (the sets could not be read: ipset is not installed)',
    );
    expect(matches('-m set --match-set bl src', { byName: null })).toBe(
      '-m set --match-set bl (the sets could not be read: unknown reason)',
    );
    expect(matches('-m set --match-set nope src')).toBe('-m set --match-set nope (no set named nope)');
    expect(matches('-m set --match-set bl src', SETS, { source: null })).toBe(
      '-m set --match-set bl (set bl: the source address was not given)',
    );
  });
});
