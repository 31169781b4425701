/** The restore text of set changes: safe order, swap for header changes, member diff, injection refused. */
import { describe, expect, it } from 'vitest';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';
import { inverseSetPlan, type SetPlan } from '../../../../src/domain/sets/set-plan.js';
import { changedSetPlans, setPhases, tempSetName } from '../../../../src/domain/sets/set-restore.js';
import { SetCheckError } from '../../../../src/domain/sets/set-check.js';
import { describeSetChange, sameSet } from '../../../../src/domain/sets/set-diff.js';
import type { IpSet } from '../../../../src/domain/sets/ip-set.js';

const set = (text: string): IpSet => parseIpsetSave(text)[0]!;
const BL = set(`create bl hash:net family inet hashsize 64 maxelem 1000 bucketsize 12 initval 0x1
add bl 192.0.2.0/24
add bl 198.51.100.7 comment "old"
add bl 203.0.113.9
`);

describe('setPhases', () => {
  it('a new set is created and filled before the rules; nothing after', () => {
    const staged = set('create nw hash:ip family inet6 counters\nadd nw 2001:db8::1\n');
    expect(setPhases([{ name: 'nw', basis: null, staged }], 'ab')).toEqual({
      before: 'create nw hash:ip family inet6 counters\nadd nw 2001:db8::1\n',
      after: null,
      temps: [],
    });
  });

  it('a destroyed set goes after the rules', () => {
    expect(setPhases([{ name: 'bl', basis: BL, staged: null }], 'ab')).toEqual({
      before: null,
      after: 'destroy bl\n',
      temps: [],
    });
  });

  it('members: removed ones deleted, new ones added, a changed one deleted and added again', () => {
    const staged: IpSet = {
      ...BL,
      members: [
        { elem: '192.0.2.0/24', options: [] },
        { elem: '198.51.100.7', options: [{ name: 'comment', value: 'new' }] },
        { elem: '10.0.0.0/8', options: [] },
      ],
    };
    expect(setPhases([{ name: 'bl', basis: BL, staged }], 'ab').before).toBe(
      'del bl 198.51.100.7\ndel bl 203.0.113.9\nadd bl 198.51.100.7 comment "new"\nadd bl 10.0.0.0/8\n',
    );
    expect(describeSetChange('bl', BL, staged)).toEqual(['set bl: 1 added, 1 removed, 1 changed']);
  });

  it('a header change: temporary set created, filled, swapped in, destroyed; kernel-picked sizes are none', () => {
    const grown = { ...BL, options: BL.options.map((o) => (o.name === 'hashsize' ? { ...o, value: '1024' } : o)) };
    expect(changedSetPlans([{ name: 'bl', basis: BL, staged: grown }])).toEqual([]);
    const staged = {
      ...BL,
      options: [...BL.options, { name: 'timeout', value: '600' }],
      members: BL.members.slice(0, 1),
    };
    expect(setPhases([{ name: 'bl', basis: BL, staged }], 'c0ffee').before).toBe(
      'create fwtui-c0ffee-0 hash:net family inet hashsize 64 maxelem 1000 bucketsize 12 initval 0x1 timeout 600\n' +
        'add fwtui-c0ffee-0 192.0.2.0/24\nswap fwtui-c0ffee-0 bl\ndestroy fwtui-c0ffee-0\n',
    );
    expect(setPhases([{ name: 'bl', basis: BL, staged }], 'c0ffee').temps).toEqual(['fwtui-c0ffee-0']);
  });

  it('a type or family change cannot be swapped: refused in plain words', () => {
    const plan = { name: 'bl', basis: BL, staged: { ...BL, type: 'hash:ip' } };
    expect(() => setPhases([plan], 'ab')).toThrow(/set bl: its type or family cannot change in place/);
    const v6 = { name: 'bl', basis: BL, staged: { ...BL, family: 'inet6' as const } };
    expect(() => setPhases([v6], 'ab')).toThrow(/set bl: its type or family cannot change in place/);
  });

  it('a revert is the inverse plans in the same phases: a destroyed set comes back first, members included', () => {
    const plans: SetPlan[] = [
      { name: 'bl', basis: BL, staged: null },
      { name: 'nw', basis: null, staged: set('create nw hash:ip family inet\nadd nw 10.0.0.1\n') },
    ];
    const back = setPhases(plans.map(inverseSetPlan), 'ab');
    expect(back.before).toBe(
      'create bl hash:net family inet hashsize 64 maxelem 1000 bucketsize 12 initval 0x1\n' +
        'add bl 192.0.2.0/24\nadd bl 198.51.100.7 comment "old"\nadd bl 203.0.113.9\n',
    );
    expect(back.after).toBe('destroy nw\n');
  });

  it('loose: timeouts left and counters are no change (reverts); strict: a changed timeout is', () => {
    const a = set('create t hash:ip family inet timeout 600 counters\nadd t 10.0.0.1 timeout 500 packets 1 bytes 60\n');
    const b = set('create t hash:ip family inet timeout 600 counters\nadd t 10.0.0.1 timeout 20 packets 9 bytes 900\n');
    expect(setPhases([{ name: 't', basis: a, staged: b }], 'ab', true).before).toBeNull();
    expect(setPhases([{ name: 't', basis: a, staged: b }], 'ab').before).toBe(
      'del t 10.0.0.1\nadd t 10.0.0.1 timeout 20 packets 9 bytes 900\n',
    );
    expect(sameSet(a, b)).toBe(true);
    expect(sameSet(a, { ...b, members: [] })).toBe(false);
  });

  it.each([
    ['an element with a newline', { elem: '10.0.0.1\ncreate x hash:ip', options: [] }],
    ['an element with a space', { elem: '10.0.0.1 nomatch', options: [] }],
    ['a comment with a quote', { elem: '10.0.0.1', options: [{ name: 'comment', value: 'a" nomatch "' }] }],
    ['an option value with a space', { elem: '10.0.0.1', options: [{ name: 'timeout', value: '1 nomatch' }] }],
    ['an element that is an option', { elem: '-exist', options: [] }],
  ])('refuses %s: nothing of the text is built', (_, member) => {
    const staged = { ...BL, members: [member] };
    expect(() => setPhases([{ name: 'bl', basis: BL, staged }], 'ab')).toThrow(SetCheckError);
  });

  it('refuses a set name with a space, a newline or over 31 characters', () => {
    for (const name of ['a b', 'a\nb', 'x'.repeat(32), '-n']) {
      expect(() => setPhases([{ name, basis: null, staged: { ...BL, name } }], 'ab')).toThrow(SetCheckError);
    }
  });

  it('temporary names stay within 31 characters', () => {
    expect(tempSetName('0123456789abcdef', 99).length).toBeLessThanOrEqual(31);
    expect(() => tempSetName('0123456789abcdef0123456789', 1)).toThrow(SetCheckError);
  });
});
