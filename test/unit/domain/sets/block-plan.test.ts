/** `fwtui block`: the staged set and the DROP rule, checked against what exists. */
import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';
import { BlockError, blockSetPlan, withDropRule } from '../../../../src/domain/sets/block-plan.js';

const BL = parseIpsetSave('create bl hash:net family inet maxelem 4\nadd bl 192.0.2.0/24\n')[0]!;
const req = { name: 'bl', family: 'ipv4' as const, create: undefined };

describe('blockSetPlan', () => {
  it('adds only what is new; members already there are counted', () => {
    const { plan, already } = blockSetPlan(req, BL, ['192.0.2.0/24', '198.51.100.7']);
    expect(already).toBe(1);
    expect(plan.staged!.members.map((m) => m.elem)).toEqual(['192.0.2.0/24', '198.51.100.7']);
    expect(plan.basis).toBe(BL);
  });

  it('a new set is made big enough for the list (maxelem past 65536)', () => {
    const elems = Array.from({ length: 100_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    const { plan } = blockSetPlan({ ...req, create: 'hash:net' }, null, elems);
    expect(plan.staged!.options).toEqual([{ name: 'maxelem', value: '131072' }]);
    expect(plan.staged!.family).toBe('inet');
  });

  it('refuses what cannot be done as asked, saying what to do', () => {
    expect(() => blockSetPlan(req, null, ['10.0.0.1'])).toThrow(/add --create hash:net/);
    expect(() => blockSetPlan({ ...req, family: 'ipv6' }, BL, ['2001:db8::1'])).toThrow(/holds IPv4.*leave out -6/);
    expect(() => blockSetPlan({ ...req, create: 'hash:ip' }, BL, ['10.0.0.1'])).toThrow(/exists already as hash:net/);
    const many = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'];
    expect(() => blockSetPlan(req, BL, many)).toThrow(BlockError);
    expect(() => blockSetPlan(req, BL, many)).toThrow(/at most 4 members \(maxelem\)/);
  });
});

describe('withDropRule', () => {
  it('puts the rule at the top of INPUT, once', () => {
    const filter = parseSave('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n', {
      family: 'ipv4',
    }).tables[0]!;
    const staged = withDropRule(filter, 'bl')!;
    expect(staged.chains[0]!.rules.map((r) => r.spec)).toEqual([
      '-m set --match-set bl src -j DROP',
      '-p tcp -m tcp --dport 22 -j ACCEPT',
    ]);
    expect(withDropRule(staged, 'bl')).toBeNull();
  });
});
