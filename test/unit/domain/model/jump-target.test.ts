/** Enter on a rule follows its jump: one domain function says where to, for the key map and the store. */
import { describe, expect, it } from 'vitest';
import { jumpTarget } from '../../../../src/domain/model/jump-target.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const table = parseSave(
  [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':TCP - [0:0]',
    '-A INPUT -p tcp -j TCP',
    '-A INPUT -p udp -g TCP',
    '-A INPUT -j ACCEPT',
    '-A INPUT -j OUTPUT',
    '-A INPUT -j LOG',
    '-A TCP -j RETURN',
    'COMMIT',
    '',
  ].join('\n'),
).tables[0]!;
const input = table.chains.find((c) => c.name === 'INPUT')!;

describe('jump target', () => {
  it('is the user chain of -j or -g', () => {
    expect(jumpTarget(table, input.rules[0])).toBe('TCP');
    expect(jumpTarget(table, input.rules[1])).toBe('TCP');
  });

  it('is null for a verdict, a built-in chain, a target extension, no rule or no table', () => {
    expect(jumpTarget(table, input.rules[2])).toBeNull();
    expect(jumpTarget(table, input.rules[3])).toBeNull();
    expect(jumpTarget(table, input.rules[4])).toBeNull();
    expect(jumpTarget(table, undefined)).toBeNull();
    expect(jumpTarget(undefined, input.rules[0])).toBeNull();
  });
});
