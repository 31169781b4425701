/**
 * What fwtui agrees to write into `ipset restore` text: every set name, type, element and option value that could
 * break out of its word or line is refused before any text is built, with a message naming the set and the value.
 */
import { describe, expect, it } from 'vitest';
import type { IpSet, SetMember, SetOption } from '../../../../src/domain/sets/ip-set.js';
import { checkSet, SetCheckError, setNameProblem } from '../../../../src/domain/sets/set-check.js';

const set = (over: Partial<IpSet> = {}): IpSet => ({
  name: 'bl',
  type: 'hash:net',
  family: 'inet',
  options: [],
  members: [],
  memsize: null,
  references: null,
  ...over,
});
const member = (elem: string, options: SetOption[] = []): SetMember => ({ elem, options });
const refusal = (s: IpSet): string => {
  try {
    checkSet(s);
  } catch (e) {
    expect(e).toBeInstanceOf(SetCheckError);
    expect((e as Error).name).toBe('SetCheckError');
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('set names', () => {
  it.each(['bl', 'a-', 'x'.repeat(31), 'allow.v6_2', 'A:b'])('%j is a set name', (name) => {
    expect(setNameProblem(name)).toBeNull();
    expect(() => checkSet(set({ name }))).not.toThrow();
  });

  it.each(['', 'a b', 'a\nb', 'a\tb', 'a"b', "a'b", 'a\\b', '-n', 'x'.repeat(32), 'a\x01b', 'a\x7f'])(
    '%j is refused, the message saying what a set name is',
    (name) => {
      const why = `"${name}" is not a set name (1 to 31 characters, no spaces, quotes or leading "-")`;
      expect(setNameProblem(name)).toBe(why);
      expect(refusal(set({ name }))).toBe(why);
    },
  );
});

describe('set types', () => {
  it.each(['hash:ip', 'hash:net,port,net', 'bitmap:port', 'list:set'])('%s is written', (type) => {
    expect(() => checkSet(set({ type }))).not.toThrow();
  });

  it.each(['xhash:ip', 'hash:ip x', 'hash:ip\ncreate x hash:ip', 'hash:', 'hash:ip,', 'foo:ip', 'hash:IP', 'hash'])(
    '%j is refused',
    (type) => {
      expect(refusal(set({ type }))).toBe(`set bl: "${type}" is not a set type`);
    },
  );
});

describe('elements', () => {
  it.each(['192.0.2.0/24', '2001:db8::1,tcp:22', '10.0.0.0/8,eth-0', '1', 'a#b', 'x-'])('%j is written', (elem) => {
    expect(() => checkSet(set({ members: [member('10.0.0.1'), member(elem)] }))).not.toThrow();
  });

  it.each([
    '',
    '-exist',
    '#x',
    '"x',
    "'x",
    '\\x',
    ' x',
    'a"b',
    "a'b",
    'a\\b',
    'a b',
    'a\tb',
    '10.0.0.1\ncreate x hash:ip',
    '10.0.0.1 ',
    '10.0.0.1"',
    '10.0.0.1 nomatch',
  ])('%j is refused, naming the set and the element', (elem) => {
    const why = `set bl: "${elem}" is not an element fwtui can write`;
    expect(refusal(set({ members: [member('10.0.0.1'), member(elem)] }))).toBe(why);
  });
});

describe('option names and values', () => {
  const onSet = (o: SetOption): IpSet => set({ options: [o] });
  const onMember = (o: SetOption): IpSet => set({ members: [member('10.0.0.1', [o])] });

  it.each([
    { name: 'counters', value: null },
    { name: 'comment', value: null },
    { name: 'timeout', value: '600' },
    { name: 'skb-x', value: '0x10/0xff' },
    { name: 'skbprio', value: '-10' },
    { name: 'skbprio', value: '-1' },
    { name: 'comment', value: '' },
    { name: 'comment', value: `it's a spammer - #1 ~ ${'x'.repeat(200)}` },
    { name: 'comment', value: 'x'.repeat(255) },
  ])('$name $value is written on a set and on a member', (o) => {
    expect(() => checkSet(onSet(o))).not.toThrow();
    expect(() => checkSet(onMember(o))).not.toThrow();
  });

  it.each(['Timeout', '1x', '-x', 'time out', 'x;y', 'timeout\n', ''])('option name %j is refused', (name) => {
    const o = { name, value: '1' };
    expect(refusal(onSet(o))).toBe(`set bl: "${name}" is not an option name`);
    expect(refusal(onMember(o))).toBe(`set bl member 10.0.0.1: "${name}" is not an option name`);
  });

  it.each([
    { name: 'timeout', value: '1 nomatch' },
    { name: 'timeout', value: '1\nadd bl 0.0.0.0/0' },
    { name: 'timeout', value: '' },
    { name: 'timeout', value: '-x' },
    { name: 'timeout', value: '"-5' },
    { name: 'timeout', value: '-5 nomatch' },
    { name: 'timeout', value: '-' },
    { name: 'comment', value: 'a" nomatch "' },
    { name: 'comment', value: 'a\\' },
    { name: 'comment', value: 'a\nadd bl 0.0.0.0/0' },
    { name: 'comment', value: 'tab\there' },
    { name: 'comment', value: 'unit\x1fsep' },
    { name: 'comment', value: 'del\x7f' },
    { name: 'comment', value: 'x'.repeat(256) },
  ])('$name value $value is refused, naming where', (o) => {
    const why = `the value of ${o.name} ("${o.value}") cannot be written safely`;
    expect(refusal(onSet(o))).toBe(`set bl: ${why}`);
    expect(refusal(onMember(o))).toBe(`set bl member 10.0.0.1: ${why}`);
  });

  it('the first bad value is named: the name before the type, the header before the members', () => {
    const bad = member('a b', [{ name: 'timeout', value: 'x y' }]);
    expect(refusal(set({ name: 'a b', type: 'nope', members: [bad] }))).toMatch(/^"a b" is not a set name/);
    expect(refusal(set({ type: 'nope', options: [{ name: 'X', value: null }] }))).toBe(
      'set bl: "nope" is not a set type',
    );
    expect(refusal(set({ options: [{ name: 'X', value: null }], members: [bad] }))).toBe(
      'set bl: "X" is not an option name',
    );
    expect(refusal(set({ members: [bad] }))).toBe('set bl: "a b" is not an element fwtui can write');
  });
});
