import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import {
  describeStagedShadow,
  stagedShadows,
  stagedShadowsFrom,
} from '../../../../src/domain/analysis/staged-shadows.js';
import { shadowedRules } from '../../../../src/domain/analysis/shadow.js';
import type { Chain } from '../../../../src/domain/model/ruleset.js';

const table = (lines: string[]): Table =>
  parseSave(
    ['*filter', ':INPUT DROP [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join(
      '\n',
    ),
  ).tables[0]!;
const said = (before: string[], after: string[]) =>
  stagedShadows(table(before), table(after)).map(describeStagedShadow);

const RULES = [
  '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A INPUT -i lo -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT',
  '-A INPUT -p udp -m udp --dport 53 -j ACCEPT',
  '-A INPUT -p icmp -j ACCEPT',
  '-A INPUT -s 198.51.100.0/24 -j DROP',
];

describe('staged rules that match everything or shadow later ones', () => {
  it('a new accept-all rule is named with the rules it shadows', () => {
    const after = [...RULES.slice(0, 3), '-A INPUT -j ACCEPT', ...RULES.slice(3)];
    expect(said(RULES, after)).toEqual([
      'INPUT: new rule 4 accepts every packet: it shadows rules 5-9 (never reached)',
    ]);
  });

  it('a new accept-all rule at the end is named too (it makes the DROP policy moot)', () => {
    const after = [...RULES, '-A INPUT -m comment --comment "why not" -j ACCEPT'];
    expect(said(RULES, after)).toEqual(['INPUT: new rule 9 accepts every packet']);
  });

  it('a narrower new rule that makes later ones unreachable', () => {
    const after = ['-A INPUT -p tcp -j DROP', ...RULES];
    expect(said(RULES, after)).toEqual([
      'INPUT: new rule 1 (-p tcp -j DROP) shadows rules 4-6: ' +
        'it matches every packet they match, so they are never reached',
    ]);
  });

  it('a shadow that was already there is not named again; a rule added below an old catch-all is', () => {
    const old = [...RULES, '-A INPUT -j ACCEPT'];
    expect(said([...old, '-A INPUT -p tcp -j DROP'], [...old, '-A INPUT -p tcp -j DROP'])).toEqual([]);
    expect(said(old, [...old, '-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT'])).toEqual([
      'INPUT: rule 9 (-j ACCEPT) shadows rule 10: it matches every packet that one matches, so it is never reached',
    ]);
  });

  it('ordinary edits say nothing', () => {
    const more = [...RULES.slice(0, 3), '-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT', ...RULES.slice(3)];
    expect(said(RULES, more)).toEqual([]);
    expect(said(RULES, [...RULES, '-A INPUT -j LOG'])).toEqual([]);
  });

  it('from answers found elsewhere: null while a chain it needs is not known, with that chain wanted', () => {
    const [before, after] = [table(RULES), table([...RULES.slice(0, 3), '-A INPUT -j ACCEPT', ...RULES.slice(3)])];
    const wanted: Chain[] = [];
    const known = new Map([[before.chains[0]!, shadowedRules(before.chains[0]!)]]);
    expect(stagedShadowsFrom(before, after, new Map(), (c) => known.get(c) ?? null, wanted)).toBeNull();
    expect(wanted).toEqual([after.chains[0]]);
    known.set(after.chains[0]!, shadowedRules(after.chains[0]!));
    const found = stagedShadowsFrom(before, after, new Map(), (c) => known.get(c) ?? null);
    expect(found).toEqual(stagedShadows(before, after));
  });
});
