/** The shadow slice: shadowed rules found in idle slices after the frame, kept by the chain's rules. */
import { describe, expect, it } from 'vitest';
import type { Chain } from '../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../src/domain/text/parse-save.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { shadowsOf } from '../../../src/store/shadow-slice.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';

const chainOf = (rules: readonly string[]): Chain =>
  parseSave(['*filter', ':INPUT ACCEPT [0:0]', ...rules.map((r) => `-A INPUT ${r}`), 'COMMIT', ''].join('\n'))
    .tables[0]!.chains[0]!;
/** `n` hosts of 10.0.0.0/16 after a DROP of all of it: every host rule is shadowed by rule 1. */
const hosts = (n: number): string[] => [
  '-s 10.0.0.0/16 -j DROP',
  ...Array.from({ length: n }, (_, i) => `-s 10.0.${i >> 8}.${i & 255}/32 -p tcp -j ACCEPT`),
];

/** A store whose idle work waits in `idle` until the test runs it; its clock moves 1 ms per reading. */
function storeWithIdle() {
  const idle: (() => void)[] = [];
  let clock = 0;
  const store = createAppStore({
    source: new FakeSource(true, { ipv4: RULES_V4() }),
    now: () => clock++,
    idle: (work) => idle.push(work),
  });
  const runIdle = (): number => {
    let slices = 0;
    while (idle.length > 0) {
      idle.shift()!();
      slices++;
    }
    return slices;
  };
  return { store, idle, runIdle, marks: (c: Chain) => shadowsOf(store.getState().shadows, c) };
}

describe('shadowed rules in idle time', () => {
  it('are not computed when asked for, only in the idle slices after; then they are in the store', () => {
    const { store, idle, runIdle, marks } = storeWithIdle();
    const chain = chainOf(['-j DROP', '-p tcp -j ACCEPT']);
    store.getState().actions.checkShadows([chain]);
    expect(marks(chain)).toBeNull();
    expect(idle).toHaveLength(1);
    runIdle();
    expect([...marks(chain)!]).toEqual([[1, 0]]);
  });

  it('a counter refresh (new chain objects, same rules) reuses the answer; a changed rule is checked again', () => {
    const { store, idle, runIdle, marks } = storeWithIdle();
    const a = chainOf(['-j DROP', '-p tcp -j ACCEPT']);
    store.getState().actions.checkShadows([a]);
    runIdle();
    const b = chainOf(['-j DROP', '-p tcp -j ACCEPT']);
    expect(b).not.toBe(a);
    store.getState().actions.checkShadows([b]);
    expect(idle).toHaveLength(0);
    expect(marks(b)).toBe(marks(a));
    const c = chainOf(['-p udp -j DROP', '-p tcp -j ACCEPT']);
    expect(marks(c)).toBeNull();
    store.getState().actions.checkShadows([c]);
    runIdle();
    expect(marks(c)!.size).toBe(0);
  });

  it('a long chain is checked in many short slices, and a chain asked for meanwhile is answered first', () => {
    const { store, idle, marks } = storeWithIdle();
    const big = chainOf(hosts(2500));
    const small = chainOf(['-j DROP', '-j ACCEPT']);
    store.getState().actions.checkShadows([big]);
    idle.shift()!();
    expect(marks(big)).toBeNull();
    store.getState().actions.checkShadows([small]);
    idle.shift()!();
    expect(marks(small)!.size).toBe(1);
    expect(marks(big)).toBeNull();
    let slices = 0;
    while (idle.length > 0) {
      idle.shift()!();
      slices++;
    }
    expect(slices).toBeGreaterThan(10);
    expect(marks(big)!.size).toBe(2500);
  });

  it('claims nothing for a chain too long to compare pairwise, and asks no work for it', () => {
    const { store, idle, marks } = storeWithIdle();
    const huge = chainOf(hosts(3001));
    store.getState().actions.checkShadows([huge]);
    expect(idle).toHaveLength(0);
    expect(marks(huge)!.size).toBe(0);
  });
});
