/**
 * How fwtui tells two sets apart: a header change (type, family, options the admin chose, not the sizes the kernel
 * picks), the member diff (gone, new, changed), the drift check (counters and timeouts left aside) and the commit
 * summary's words.
 */
import { describe, expect, it } from 'vitest';
import type { IpSet, SetMember, SetOption } from '../../../../src/domain/sets/ip-set.js';
import {
  describeSetChange,
  headerChanged,
  headerKey,
  memberDiff,
  memberKey,
  sameSet,
} from '../../../../src/domain/sets/set-diff.js';

const set = (over: Partial<IpSet> = {}): IpSet => ({
  name: 'bl',
  type: 'hash:net',
  family: 'inet',
  options: [{ name: 'maxelem', value: '1000' }],
  members: [],
  memsize: null,
  references: null,
  ...over,
});
const m = (elem: string, ...options: SetOption[]): SetMember => ({ elem, options });
const opt = (name: string, value: string | null = null): SetOption => ({ name, value });

describe('headerChanged: what needs a new set swapped in', () => {
  const base = set({ options: [opt('maxelem', '1000'), opt('timeout', '600'), opt('counters')] });

  it('the same header, options in another order or kernel-picked sizes changed, is no change', () => {
    expect(headerChanged(base, set({ options: [...base.options].reverse() }))).toBe(false);
    const grown = [...base.options, opt('hashsize', '4096'), opt('initval', '0x1'), opt('bucketsize', '14')];
    expect(headerChanged(base, set({ options: grown }))).toBe(false);
    expect(headerChanged(base, set({ ...base, members: [m('10.0.0.1')] }))).toBe(false);
  });

  it.each([
    ['the type', set({ ...base, type: 'hash:ip' })],
    ['the family', set({ ...base, family: 'inet6' })],
    ['a family-less set', set({ ...base, family: null })],
    ['a value', set({ options: [opt('maxelem', '1000'), opt('timeout', '300'), opt('counters')] })],
    ['a flag gone', set({ options: [opt('maxelem', '1000'), opt('timeout', '600')] })],
    ['an option added', set({ options: [...base.options, opt('comment')] })],
    ['an option renamed', set({ options: [opt('maxelem', '1000'), opt('timeout', '600'), opt('skbinfo')] })],
    ['options that run together', set({ options: [opt('maxelem', '1000timeout=600'), opt('counters')] })],
  ])('%s changed is a header change', (_, other) => {
    expect(headerChanged(base, other)).toBe(true);
    expect(headerChanged(other, base)).toBe(true);
  });

  it('a flag and an option of the same name with a value differ', () => {
    expect(headerChanged(set({ options: [opt('x')] }), set({ options: [opt('x', 'x')] }))).toBe(true);
  });
});

describe('headerKey: the header as a read-back problem quotes it', () => {
  it('type, family ("-" for none), the options the admin chose in a fixed order', () => {
    const ports = set({ type: 'bitmap:port', family: null, options: [opt('timeout', '60'), opt('range', '1-1024')] });
    expect(headerKey(ports)).toBe('bitmap:port - range=1-1024 timeout=60');
    expect(headerKey(set({ options: [opt('counters'), opt('hashsize', '64')] }))).toBe('hash:net inet counters');
  });
});

describe('memberDiff: members deleted and added', () => {
  const from = [m('10.0.0.1'), m('10.0.0.2', opt('comment', 'old')), m('10.0.0.3'), m('10.0.0.4')];

  it('gone members deleted, new ones added, a changed one deleted then added, the rest left alone', () => {
    const to = [m('10.0.0.9'), m('10.0.0.2', opt('comment', 'new')), m('10.0.0.1')];
    expect(memberDiff(from, to)).toEqual({
      dels: [m('10.0.0.2', opt('comment', 'old')), m('10.0.0.3'), m('10.0.0.4')],
      adds: [m('10.0.0.9'), m('10.0.0.2', opt('comment', 'new'))],
    });
  });

  it('nothing to do for the same members, their options in any order', () => {
    const a = [m('10.0.0.1', opt('timeout', '60'), opt('comment', 'x')), m('10.0.0.2', opt('nomatch'))];
    const b = [m('10.0.0.2', opt('nomatch')), m('10.0.0.1', opt('comment', 'x'), opt('timeout', '60'))];
    expect(memberDiff(a, b)).toEqual({ dels: [], adds: [] });
    expect(memberDiff([], [])).toEqual({ dels: [], adds: [] });
  });

  it.each([
    ['an option added', [m('10.0.0.1')], [m('10.0.0.1', opt('nomatch'))]],
    ['an option gone', [m('10.0.0.1', opt('comment', 'x'))], [m('10.0.0.1')]],
    ['a value changed', [m('10.0.0.1', opt('skbmark', '0x1'))], [m('10.0.0.1', opt('skbmark', '0x2'))]],
    ['a flag for a value', [m('10.0.0.1', opt('nomatch'))], [m('10.0.0.1', opt('nomatch', 'nomatch'))]],
    ['options that run together', [m('a', opt('a', 'b'), opt('c'))], [m('a', opt('a', 'bc'))]],
  ])('%s: the member is deleted and added again', (_, a, b) => {
    expect(memberDiff(a, b)).toEqual({ dels: a, adds: b });
  });

  it('a member read back with counters or a timeout left is the member staged without them', () => {
    const staged = [m('10.0.0.1'), m('10.0.0.2')];
    const read = [m('10.0.0.1', opt('packets', '0'), opt('bytes', '0')), m('10.0.0.2', opt('timeout', '59'))];
    expect(memberDiff(staged, read, true)).toEqual({ dels: [], adds: [] });
    expect(memberDiff(read, staged, true)).toEqual({ dels: [], adds: [] });
    expect(memberDiff(staged.slice(0, 1), read.slice(0, 1))).toEqual({ dels: [], adds: [] });
  });

  it('memberKey: a timeout left counts unless loose', () => {
    const a = m('10.0.0.1', opt('timeout', '500'));
    const b = m('10.0.0.1', opt('timeout', '20'));
    expect(memberKey(a)).not.toBe(memberKey(b));
    expect(memberKey(a, true)).toBe(memberKey(b, true));
  });

  it('counters never count; a timeout left counts unless loose (reverts and undos)', () => {
    const a = [m('10.0.0.1', opt('timeout', '500'), opt('packets', '1'), opt('bytes', '60'), opt('comment', 'x'))];
    const counted = [
      m('10.0.0.1', opt('timeout', '500'), opt('packets', '9'), opt('bytes', '900'), opt('comment', 'x')),
    ];
    const aged = [m('10.0.0.1', opt('timeout', '20'), opt('packets', '1'), opt('bytes', '60'), opt('comment', 'x'))];
    const renamed = [
      m('10.0.0.1', opt('timeout', '500'), opt('packets', '1'), opt('bytes', '60'), opt('comment', 'y')),
    ];
    expect(memberDiff(a, counted)).toEqual({ dels: [], adds: [] });
    expect(memberDiff(a, aged)).toEqual({ dels: a, adds: aged });
    expect(memberDiff(a, aged, false)).toEqual({ dels: a, adds: aged });
    expect(memberDiff(a, aged, true)).toEqual({ dels: [], adds: [] });
    expect(memberDiff(a, renamed, true)).toEqual({ dels: a, adds: renamed });
  });
});

describe('sameSet: the drift and read-back check', () => {
  const a = set({
    options: [opt('timeout', '600'), opt('counters')],
    members: [m('10.0.0.1', opt('timeout', '500'), opt('packets', '1')), m('10.0.0.2')],
  });

  it('timeouts left, counters, kernel-picked sizes and member order aside, two reads are the same', () => {
    const later = set({
      options: [opt('counters'), opt('timeout', '600'), opt('hashsize', '2048')],
      members: [m('10.0.0.2'), m('10.0.0.1', opt('timeout', '3'), opt('packets', '80'))],
    });
    expect(sameSet(a, later)).toBe(true);
    expect(sameSet(a, a)).toBe(true);
  });

  it('a set present in one read only, a header, a member or its comment changed: not the same', () => {
    expect(sameSet(null, null)).toBe(true);
    expect(sameSet(a, null)).toBe(false);
    expect(sameSet(null, a)).toBe(false);
    expect(sameSet(a, { ...a, family: 'inet6' })).toBe(false);
    expect(sameSet(a, { ...a, members: [a.members[0]!] })).toBe(false);
    expect(sameSet(a, { ...a, members: [...a.members, m('10.0.0.3')] })).toBe(false);
    expect(sameSet(a, { ...a, members: [a.members[0]!, m('10.0.0.3')] })).toBe(false);
    expect(sameSet(a, { ...a, members: [a.members[0]!, m('10.0.0.2', opt('comment', 'x'))] })).toBe(false);
  });

  it('a read holding an element twice is not the same as one holding it once', () => {
    const extra = { ...a, members: [...a.members, a.members[1]!] };
    expect(sameSet(a, extra)).toBe(false);
    expect(sameSet(extra, a)).toBe(false);
    const twice = { ...a, members: [a.members[0]!, a.members[0]!] };
    expect(sameSet(a, twice)).toBe(false);
    expect(sameSet(twice, a)).toBe(false);
  });
});

describe('describeSetChange: the commit summary', () => {
  const basis = set({ members: [m('10.0.0.1'), m('10.0.0.2', opt('comment', 'old')), m('10.0.0.3')] });

  it('created, destroyed, or neither', () => {
    expect(describeSetChange('bl', null, basis)).toEqual(['set bl: created (hash:net, 3 members)']);
    expect(describeSetChange('bl', basis, null)).toEqual(['set bl: destroyed (3 members)']);
    expect(describeSetChange('nw', null, set({ type: 'hash:ip' }))).toEqual(['set nw: created (hash:ip, 0 members)']);
    expect(describeSetChange('bl', null, null)).toEqual([]);
    expect(describeSetChange('bl', basis, basis)).toEqual([]);
  });

  it.each([
    ['2 added', [...basis.members, m('10.0.0.8'), m('10.0.0.9')]],
    ['1 removed', basis.members.slice(0, 2)],
    ['1 changed', [m('10.0.0.1'), m('10.0.0.2', opt('comment', 'new')), m('10.0.0.3')]],
    ['1 added, 2 removed, 1 changed', [m('10.0.0.2', opt('comment', 'new')), m('10.0.0.7')]],
  ])('members: %s', (words, members) => {
    expect(describeSetChange('bl', basis, { ...basis, members })).toEqual([`set bl: ${words}`]);
  });

  it('a header change says the set is filled anew and swapped in, then what happens to its members', () => {
    const header = 'set bl: header changed (filled anew and swapped in)';
    const timed = { ...basis, options: [...basis.options, opt('timeout', '60')] };
    expect(describeSetChange('bl', basis, timed)).toEqual([header]);
    expect(describeSetChange('bl', basis, { ...timed, members: basis.members.slice(1) })).toEqual([
      header,
      'set bl: 1 removed',
    ]);
  });
});
