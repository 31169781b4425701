/**
 * The order an admin relies on when a commit changes sets: sets created and filled before the rules that use them,
 * destroyed only after the rules that used them are gone; a header change swapped in so rules never lose their set;
 * a revert the same text for the inverse plans; nothing written for a plan that changes nothing or a value that
 * could inject restore text.
 */
import { describe, expect, it } from 'vitest';
import type { IpSet, SetMember, SetOption } from '../../../../src/domain/sets/ip-set.js';
import { SetCheckError } from '../../../../src/domain/sets/set-check.js';
import { inverseSetPlan, type SetPlan } from '../../../../src/domain/sets/set-plan.js';
import { changedSetPlans, setPhases, stagedByName, tempSetName } from '../../../../src/domain/sets/set-restore.js';

const opt = (name: string, value: string | null = null): SetOption => ({ name, value });
const m = (elem: string, ...options: SetOption[]): SetMember => ({ elem, options });
const set = (name: string, members: SetMember[], options: SetOption[] = []): IpSet => ({
  name,
  type: 'hash:net',
  family: 'inet',
  options,
  members,
  memsize: null,
  references: null,
});
const plan = (name: string, basis: IpSet | null, staged: IpSet | null): SetPlan => ({ name, basis, staged });

const BL = set('bl', [m('192.0.2.0/24'), m('198.51.100.7', opt('comment', 'old'))], [opt('maxelem', '100')]);
const NW = set('nw', [m('10.0.0.0/8', opt('nomatch')), m('10.1.0.0/16', opt('timeout', '60'), opt('comment', 'a b'))]);

describe('setPhases: safe order', () => {
  it('created and filled before the rules, destroyed after them, whatever the order of the plans', () => {
    const phases = setPhases([plan('bl', BL, null), plan('nw', null, NW)], '0a');
    expect(phases.before).toBe(
      'create nw hash:net family inet\nadd nw 10.0.0.0/8 nomatch\nadd nw 10.1.0.0/16 timeout 60 comment "a b"\n',
    );
    expect(phases.after).toBe('destroy bl\n');
  });

  it('several sets: each in plan order within its phase', () => {
    const XS = set('xs', [m('10.9.9.9')]);
    const phases = setPhases([plan('xs', XS, null), plan('nw', null, NW), plan('bl', BL, null)], '0a');
    expect(phases.before).toMatch(/^create nw /);
    expect(phases.after).toBe('destroy xs\ndestroy bl\n');
  });

  it('nothing to do: no text at all, not an empty one', () => {
    const phases = setPhases([plan('bl', BL, BL), plan('gone', null, null)], '0a');
    expect(phases.before).toBeNull();
    expect(phases.after).toBeNull();
    expect(setPhases([], '0a').before).toBeNull();
  });

  it('members of a kept set: deleted ones first, then added ones, by their element only for a delete', () => {
    const staged = { ...BL, members: [m('198.51.100.7', opt('comment', 'new')), m('203.0.113.1', opt('nomatch'))] };
    const phases = setPhases([plan('bl', BL, staged)], '0a');
    expect(phases.before).toBe(
      'del bl 198.51.100.7\ndel bl 192.0.2.0/24\nadd bl 198.51.100.7 comment "new"\nadd bl 203.0.113.1 nomatch\n',
    );
    expect(phases.after).toBeNull();
  });

  it('a header change: one temporary set per set, named by commit and plan, filled, swapped in, destroyed', () => {
    const timed = { ...BL, options: [opt('maxelem', '100'), opt('timeout', '600')] };
    const bigger = { ...NW, options: [opt('maxelem', '5000')], members: NW.members.slice(0, 1) };
    const phases = setPhases([plan('bl', BL, timed), plan('nw', NW, bigger)], 'c0ffee');
    expect(phases.before).toBe(
      [
        'create fwtui-c0ffee-0 hash:net family inet maxelem 100 timeout 600',
        'add fwtui-c0ffee-0 192.0.2.0/24',
        'add fwtui-c0ffee-0 198.51.100.7 comment "old"',
        'swap fwtui-c0ffee-0 bl',
        'destroy fwtui-c0ffee-0',
        'create fwtui-c0ffee-1 hash:net family inet maxelem 5000',
        'add fwtui-c0ffee-1 10.0.0.0/8 nomatch',
        'swap fwtui-c0ffee-1 nw',
        'destroy fwtui-c0ffee-1',
        '',
      ].join('\n'),
    );
    expect(phases.after).toBeNull();
  });

  it('a changed timeout left is rewritten, unless loose (reverts and undos)', () => {
    const aged = { ...NW, members: [NW.members[0]!, m('10.1.0.0/16', opt('timeout', '5'), opt('comment', 'a b'))] };
    expect(setPhases([plan('nw', NW, aged)], '0a').before).toBe(
      'del nw 10.1.0.0/16\nadd nw 10.1.0.0/16 timeout 5 comment "a b"\n',
    );
    expect(setPhases([plan('nw', NW, aged)], '0a', false).before).not.toBeNull();
    expect(setPhases([plan('nw', NW, aged)], '0a', true).before).toBeNull();
  });
});

describe('setPhases: a revert', () => {
  it('the inverse plans put back a destroyed set whole before the rules and remove a created one after', () => {
    const KB = set('kb', [m('10.0.0.1')]);
    const kept = { ...KB, members: [...KB.members, m('203.0.113.1')] };
    const back = setPhases(
      [plan('bl', BL, null), plan('nw', null, NW), plan('kb', KB, kept)].map(inverseSetPlan),
      '0a',
    );
    expect(back.before).toBe(
      'create bl hash:net family inet maxelem 100\nadd bl 192.0.2.0/24\nadd bl 198.51.100.7 comment "old"\n' +
        'del kb 203.0.113.1\n',
    );
    expect(back.after).toBe('destroy nw\n');
  });
});

describe('setPhases: refused before any text is built', () => {
  const bad = { ...BL, members: [m('10.0.0.1\nflush')] };

  it.each([
    ['a bad staged member', plan('bl', BL, bad)],
    ['a bad member in the set as read (a revert would write it)', plan('bl', bad, null)],
    ['a bad set created', plan('bl', null, bad)],
  ])('%s', (_, p) => {
    expect(() => setPhases([plan('nw', null, NW), p], '0a')).toThrow(
      new SetCheckError('set bl: "10.0.0.1\nflush" is not an element fwtui can write'),
    );
  });

  it('a plan whose staged set carries another name', () => {
    expect(() => setPhases([plan('bl', BL, { ...BL, name: 'other' })], '0a')).toThrow(
      new SetCheckError('set bl staged as another'),
    );
  });

  it('a nonce that would make a bad temporary name', () => {
    expect(() => setPhases([plan('bl', BL, BL)], 'A B')).toThrow(new SetCheckError('bad temporary name fwtui-A B-0'));
  });
});

describe('setPhases: a header change the kernel cannot swap, and what a stopped phase leaves', () => {
  it.each([
    ['type', { ...BL, type: 'hash:ip' }],
    ['family', { ...BL, family: 'inet6' as const }],
  ])('a %s change is refused in plain words, with what to do instead', (_, staged) => {
    expect(() => setPhases([plan('nw', null, NW), plan('bl', BL, staged)], '0a')).toThrow(
      new SetCheckError(
        'set bl: its type or family cannot change in place (the kernel swaps only sets of the same type and ' +
          'family): remove the rules that use it, destroy it, then create it anew',
      ),
    );
  });

  it('temps: the temporary sets of header changes only, for a clean-up when "before" stops half-way', () => {
    const timed = { ...BL, options: [opt('maxelem', '100'), opt('timeout', '600')] };
    const fewer = { ...NW, members: NW.members.slice(1) };
    const XS = set('xs', [m('10.9.9.9')]);
    const plans = [plan('nw', NW, fewer), plan('xs', null, XS), plan('bl', BL, timed), plan('gone', XS, null)];
    expect(setPhases(plans.slice(0, 1), 'c0').temps).toEqual([]);
    expect(setPhases(plans, 'c0').temps).toEqual(['fwtui-c0-2']);
    expect(setPhases([plan('xs', XS, null), plan('bl', BL, timed)], 'c0').temps).toEqual(['fwtui-c0-1']);
  });
});

describe('tempSetName', () => {
  it('fwtui-<nonce>-<index>, up to 31 characters', () => {
    expect(tempSetName('c0ffee', 12)).toBe('fwtui-c0ffee-12');
    expect(tempSetName('a'.repeat(23), 1)).toHaveLength(31);
    expect(() => tempSetName('a'.repeat(24), 1)).toThrow(
      new SetCheckError(`bad temporary name fwtui-${'a'.repeat(24)}-1`),
    );
  });

  it.each(['AB', 'a b', 'a\nb', 'a_b', 'a"'])('a nonce %j is refused', (nonce) => {
    expect(() => tempSetName(nonce, 0)).toThrow(SetCheckError);
  });
});

describe('changedSetPlans: plans that do something', () => {
  const timed = { ...BL, options: [opt('maxelem', '100'), opt('timeout', '600')] };
  const grown = { ...BL, options: [opt('maxelem', '100'), opt('hashsize', '4096')] };
  const counted = { ...BL, members: [BL.members[0]!, m('198.51.100.7', opt('comment', 'old'), opt('packets', '4'))] };

  it('created, destroyed, header, members added or removed: kept; the rest dropped', () => {
    const plans = [
      plan('new', null, NW),
      plan('gone', BL, null),
      plan('none', null, null),
      plan('same', BL, BL),
      plan('grown', BL, grown),
      plan('counted', BL, counted),
      plan('header', BL, timed),
      plan('added', BL, { ...BL, members: [...BL.members, m('10.0.0.1')] }),
      plan('removed', BL, { ...BL, members: BL.members.slice(1) }),
    ];
    expect(changedSetPlans(plans).map((p) => p.name)).toEqual(['new', 'gone', 'header', 'added', 'removed']);
  });

  it('a timeout left that moved counts unless loose', () => {
    const aged = { ...NW, members: [NW.members[0]!, m('10.1.0.0/16', opt('timeout', '5'), opt('comment', 'a b'))] };
    expect(changedSetPlans([plan('nw', NW, aged)])).toHaveLength(1);
    expect(changedSetPlans([plan('nw', NW, aged)], false)).toHaveLength(1);
    expect(changedSetPlans([plan('nw', NW, aged)], true)).toEqual([]);
  });
});

describe('stagedByName', () => {
  it('the set each plan ends with, absent for a destroyed one', () => {
    const staged = stagedByName([plan('bl', BL, null), plan('nw', null, NW)]);
    expect([...staged.entries()]).toEqual([
      ['bl', null],
      ['nw', NW],
    ]);
  });
});
