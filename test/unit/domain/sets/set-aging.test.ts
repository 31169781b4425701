/** Members timing out between two reads: no drift, no read-back problem; add-only plans rebuilt on a fresh read. */
import { describe, expect, it } from 'vitest';
import type { IpSet } from '../../../../src/domain/sets/ip-set.js';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';
import { addsOnly, rebaseAdds, rebasePlan, sameBarExpiry } from '../../../../src/domain/sets/set-aging.js';
import { findSetDrift, verifySetHeader, verifySets } from '../../../../src/domain/sets/set-check-commit.js';

const set = (text: string): IpSet => parseIpsetSave(text)[0]!;
const BAN = set(`create ban hash:ip family inet hashsize 1024 maxelem 65536 timeout 600
add ban 10.0.0.1 timeout 3
add ban 10.0.0.2 timeout 500
`);
const without = (s: IpSet, elem: string): IpSet => ({ ...s, members: s.members.filter((m) => m.elem !== elem) });
const plus = (s: IpSet, elem: string): IpSet => ({ ...s, members: [...s.members, { elem, options: [] }] });

describe('members timing out', () => {
  it('a member whose timeout left ran out is no change; one with time left, or an addition, is', () => {
    expect(sameBarExpiry(BAN, without(BAN, '10.0.0.1'), 2)).toBe(true);
    expect(sameBarExpiry(BAN, without(BAN, '10.0.0.1'), 0)).toBe(false);
    expect(sameBarExpiry(BAN, without(BAN, '10.0.0.2'), 2)).toBe(false);
    expect(sameBarExpiry(BAN, plus(BAN, '10.0.0.9'), 2)).toBe(false);
  });

  it('an add-only plan is rebuilt on the fresh read: no drift, the new member still added', () => {
    const plan = { name: 'ban', basis: BAN, staged: plus(BAN, '10.0.0.7') };
    expect(addsOnly(plan)).toBe(true);
    expect(addsOnly({ name: 'ban', basis: BAN, staged: without(BAN, '10.0.0.2') })).toBe(false);
    const fresh = plus(without(BAN, '10.0.0.1'), '10.0.0.8');
    const rebased = rebaseAdds(plan, fresh);
    expect(findSetDrift([rebased], new Map([['ban', fresh]]))).toEqual([]);
    expect(rebased.staged!.members.map((m) => m.elem)).toEqual(['10.0.0.2', '10.0.0.8', '10.0.0.7']);
  });

  it('the read-back takes a staged member that may have timed out as gone, not as a failed write', () => {
    const plan = { name: 'ban', basis: null, staged: BAN };
    const got = new Map([['ban', without(BAN, '10.0.0.1')]]);
    expect(verifySets([plan], got, 2)).toEqual([]);
    expect(verifySets([plan], new Map([['ban', without(BAN, '10.0.0.2')]]), 2)).toEqual([
      'set ban: 1 staged members missing, 0 not staged (10.0.0.2)',
    ]);
    const head = (entries: number) => ({ set: BAN, entries }) as Parameters<typeof verifySetHeader>[1];
    expect(verifySetHeader(plan, head(1), 2)).toEqual([]);
    expect(verifySetHeader(plan, head(0), 2)).toEqual(['set ban: 0 members in the kernel, 2 staged']);
  });

  it('any plan goes on the fresh read when only members that may have timed out are gone (read time known)', () => {
    const plan = { name: 'ban', basis: BAN, staged: plus(without(BAN, '10.0.0.2'), '10.0.0.7') };
    const fresh = without(BAN, '10.0.0.1');
    expect(rebasePlan(plan, fresh, null)).toBe(plan);
    expect(rebasePlan(plan, fresh, 0)).toBe(plan);
    const rebased = rebasePlan(plan, fresh, 2);
    expect(rebased.basis).toBe(fresh);
    expect(rebased.staged!.members.map((m) => m.elem)).toEqual(['10.0.0.7']);
    expect(findSetDrift([rebased], new Map([['ban', fresh]]))).toEqual([]);
    expect(rebasePlan(plan, plus(fresh, '10.0.0.9'), 2)).toBe(plan);
  });
});
