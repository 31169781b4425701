import { describe, expect, it } from 'vitest';
import { addressListProblem, expandAddressLists } from '../../../../src/domain/text/address-lists.js';
import { splitArgs } from '../../../../src/domain/text/quoting.js';
import { checkRule } from '../../../../src/domain/edit/rule-check.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { editorEdits } from '../../../../src/store/editor-staging.js';
import { RULES_V4 } from '../../../helpers/fake-source.js';

const words = (rules: string[][]): string[] => rules.map((r) => r.join(' '));

describe('address lists: one rule per address, in the order iptables leaves them', () => {
  const args = splitArgs('-s 192.0.2.1,192.0.2.2 -d 10.0.0.1,10.0.0.2 -j ACCEPT');
  it('-A: the order typed, sources outer', () => {
    expect(words(expandAddressLists(args, 'append'))).toEqual([
      '-s 192.0.2.1 -d 10.0.0.1 -j ACCEPT',
      '-s 192.0.2.1 -d 10.0.0.2 -j ACCEPT',
      '-s 192.0.2.2 -d 10.0.0.1 -j ACCEPT',
      '-s 192.0.2.2 -d 10.0.0.2 -j ACCEPT',
    ]);
  });
  it('-I: reversed (each is inserted at the same place)', () => {
    expect(words(expandAddressLists(splitArgs('--source 192.0.2.1,192.0.2.2,192.0.2.3 -j DROP'), 'insert'))).toEqual([
      '--source 192.0.2.3 -j DROP',
      '--source 192.0.2.2 -j DROP',
      '--source 192.0.2.1 -j DROP',
    ]);
    expect(words(expandAddressLists(splitArgs('-s 192.0.2.1 -j DROP'), 'insert'))).toEqual(['-s 192.0.2.1 -j DROP']);
  });
  it('! with a list is refused, as iptables does', () => {
    expect(addressListProblem(splitArgs('! -s 192.0.2.1,192.0.2.2 -j DROP'))).toMatch(/cannot negate a list/);
    const table = parseSave(RULES_V4()).tables[0]!;
    expect(
      checkRule(splitArgs('! -d 192.0.2.1,192.0.2.2 -j DROP'), { family: 'ipv4', table, chain: 'INPUT' }),
    ).toContainEqual(expect.stringMatching(/cannot negate a list/));
  });
  it('the editor stages them: inserted in reverse, appended and changed in the order typed', () => {
    const spec = '-s 192.0.2.1,192.0.2.2 -j DROP';
    expect(editorEdits({ chain: 'INPUT', purpose: { kind: 'insert', at: 2 } }, spec)).toEqual([
      { kind: 'insert', chain: 'INPUT', at: 2, spec: '-s 192.0.2.2 -j DROP' },
      { kind: 'insert', chain: 'INPUT', at: 3, spec: '-s 192.0.2.1 -j DROP' },
    ]);
    expect(
      editorEdits({ chain: 'INPUT', purpose: { kind: 'insert', at: 4, append: true } }, spec).map(
        (e) => 'spec' in e && e.spec,
      ),
    ).toEqual(['-s 192.0.2.1 -j DROP', '-s 192.0.2.2 -j DROP']);
    expect(editorEdits({ chain: 'INPUT', purpose: { kind: 'replace', at: 1, spec: '-j ACCEPT' } }, spec)).toEqual([
      { kind: 'replace', chain: 'INPUT', at: 1, spec: '-j ACCEPT', with: '-s 192.0.2.1 -j DROP' },
      { kind: 'insert', chain: 'INPUT', at: 2, spec: '-s 192.0.2.2 -j DROP' },
    ]);
    expect(
      editorEdits({ chain: 'INPUT', purpose: { kind: 'replace', at: 1, spec: '-j ACCEPT' } }, '-j ACCEPT'),
    ).toEqual([]);
  });
});

describe('address lists in restore input (--file, apply FILE)', () => {
  it('are read as the rules iptables-restore makes: -A in order, -I reversed at its place, -R refused', async () => {
    const { parseSave } = await import('../../../../src/domain/text/parse-save.js');
    const text = `*filter
:INPUT ACCEPT [0:0]
-A INPUT -j DROP
-A INPUT -s 192.0.2.7,192.0.2.8 -j DROP
-I INPUT 1 -s 192.0.2.5,192.0.2.6 -p tcp -m multiport --dports 80,443 -j DROP
[3:4] -A INPUT   --dst 10.0.0.1,10.0.0.2 -j ACCEPT
COMMIT
`;
    expect(parseSave(text).tables[0]!.chains[0]!.rules.map((r) => r.spec)).toEqual([
      '-s 192.0.2.6 -p tcp -m multiport --dports 80,443 -j DROP',
      '-s 192.0.2.5 -p tcp -m multiport --dports 80,443 -j DROP',
      '-j DROP',
      '-s 192.0.2.7 -j DROP',
      '-s 192.0.2.8 -j DROP',
      '--dst 10.0.0.1 -j ACCEPT',
      '--dst 10.0.0.2 -j ACCEPT',
    ]);
    expect(() =>
      parseSave('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DROP\n-R INPUT 1 -s 192.0.2.1,192.0.2.2 -j DROP\nCOMMIT\n'),
    ).toThrow(/-R with a list of addresses/);
  });
});
