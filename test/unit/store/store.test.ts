import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { nextDelayMs } from '../../../src/store/poll-interval.js';
import { startPolling } from '../../../src/store/poller.js';
import { commitOf, confirmOf, currentChain, selectedIndex, selectedRule } from '../../../src/store/selectors.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';

function setup(live = true) {
  let clock = 1_000_000;
  const source = new FakeSource(live, { ipv4: RULES_V4(), ipv6: RULES_V6 });
  const store = createAppStore({ source, now: () => clock });
  return { source, store, a: store.getState().actions, s: () => store.getState(), tick: (ms: number) => (clock += ms) };
}

describe('app store', () => {
  it('loads the first family and selects filter INPUT', async () => {
    const { a, s } = setup();
    await a.load();
    expect(s().status).toBe('loaded');
    expect(s().families).toEqual(['ipv4', 'ipv6']);
    expect(s().table).toBe('filter');
    expect(currentChain(s())?.rules).toHaveLength(4);
  });

  it('marks rules whose counters moved and computes packets per second', async () => {
    const { a, s, source, tick } = setup();
    await a.load();
    source.set('ipv4', RULES_V4(30, 5));
    tick(2000);
    await a.refresh();
    const view = s().views.ipv4!;
    const key = 'TCP\u0000-p tcp -m tcp --dport 22 -m comment --comment "ssh from the office" -j ACCEPT\u00000';
    expect([...view.moved]).toEqual([key]);
    expect(view.rates.get(key)).toBe(10);
    expect(s().notice).toBeNull();
  });

  it('notices rules added by another program and keeps the selection on the same rule', async () => {
    const { a, s, source, tick } = setup();
    await a.load();
    a.moveChain(3); // TCP
    expect(s().chain).toBe('TCP');
    a.moveRule(1);
    expect(selectedRule(s())?.spec).toMatch(/--dports 80,443/);
    source.set(
      'ipv4',
      RULES_V4().replace('[10:600] -A TCP', '[0:0] -A TCP -s 203.0.113.9/32 -j DROP\n[10:600] -A TCP'),
    );
    tick(1000);
    await a.refresh();
    expect(s().notice).toMatch(
      /^another program changed filter TCP at .*: rule TCP #1 added: -s 203\.0\.113\.9\/32 -j DROP$/,
    );
    expect(selectedIndex(s())).toBe(2);
    expect(selectedRule(s())?.spec).toMatch(/--dports 80,443/);
  });

  it('follows a jump to a user chain and comes back', async () => {
    const { a, s } = setup();
    await a.load();
    a.moveRule(2);
    a.followJump();
    expect(s().chain).toBe('TCP');
    expect(selectedIndex(s())).toBe(0);
    a.goBack();
    expect(s().chain).toBe('INPUT');
    expect(selectedIndex(s())).toBe(2);
  });

  it('does not follow a rule whose target is not a user chain', async () => {
    const { a, s } = setup();
    await a.load();
    a.followJump();
    expect(s().chain).toBe('INPUT');
    expect(s().jumps).toEqual([]);
  });

  it('searches across chains by address, port or comment', async () => {
    const { a, s } = setup();
    await a.load();
    a.openSearch();
    a.setQuery('198.51.100.7');
    a.closeSearch(true);
    expect(s().chain).toBe('WEB');
    expect(selectedIndex(s())).toBe(0);
    expect(s().notice).toMatch(/^match \d+ of \d+ in filter$/);
    a.setQuery('office');
    a.nextHit(1);
    expect(s().chain).toBe('TCP');
    a.setQuery('ACCEPT');
    a.moveChain(-99);
    a.moveRuleTo('first');
    a.nextHit(1);
    const first = s().notice;
    a.nextHit(1);
    expect(first).toMatch(/^match \d+ of (\d+) in filter$/);
    const [n1, m1] = first!.match(/\d+/g)!.map(Number);
    const [n2, m2] = s().notice!.match(/\d+/g)!.map(Number);
    expect(m1).toBeGreaterThan(1);
    expect(m2).toBe(m1);
    expect(n2).not.toBe(n1);
    for (const n of [n1!, n2!]) expect(n >= 1 && n <= m1!).toBe(true);
    a.setQuery('no-such-thing');
    a.nextHit(1);
    expect(s().notice).toBe('no rule in filter matches "no-such-thing"');
  });

  it('switches tables and families', async () => {
    const { a, s } = setup();
    await a.load();
    a.nextTable();
    expect(s().table).toBe('nat');
    expect(s().chain).toBe('INPUT'); // the same chain name when the table has it
    a.moveChain(-5);
    expect(s().chain).toBe('PREROUTING');
    await a.selectFamily('ipv6');
    expect(s().family).toBe('ipv6');
    expect(s().table).toBe('filter');
    expect(currentChain(s())?.rules).toHaveLength(2);
  });

  it('zeroes the selected chain only after the admin confirms', async () => {
    const { a, s, source } = setup();
    await a.load();
    a.askZero();
    expect(s().overlay?.kind).toBe('confirm');
    expect(confirmOf(s())?.action).toBe('zero');
    expect(source.zeroed).toEqual([]);
    await a.confirmYes();
    expect(source.zeroed).toEqual(['ipv4 filter INPUT']);
    expect(s().notice).toBe('counters of filter INPUT zeroed');
  });

  it('refuses to zero counters of a saved file', async () => {
    const { a, s, source } = setup(false);
    await a.load();
    a.askZero();
    expect(s().overlay).toBeNull();
    expect(s().notice).toMatch(/saved file cannot be zeroed/);
    expect(source.zeroed).toEqual([]);
  });

  it('keeps the last data and says why when a read fails', async () => {
    const { a, s, source } = setup();
    await a.load();
    source.readTable = async () => {
      throw new Error('iptables-save failed (exit 1)');
    };
    await a.refresh();
    expect(s().error).toBe('iptables-save failed (exit 1)');
    expect(currentChain(s())?.rules).toHaveLength(4);
  });
});

describe('polling', () => {
  it('waits the interval, or 4x the last read when reads are slow (<= 20% of a core)', () => {
    expect(nextDelayMs(1000, 10)).toBe(1000);
    expect(nextDelayMs(1000, 1500)).toBe(6000);
  });

  it('refreshes on each timer tick and stops when asked', async () => {
    const { a, store, source } = setup();
    await a.load();
    const timers: (() => void)[] = [];
    const stop = startPolling(store, { intervalMs: 1000, setTimer: (fn) => timers.push(fn), clearTimer: () => {} });
    expect(timers).toHaveLength(1);
    const before = source.reads;
    timers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(source.reads).toBe(before + 1);
    expect(timers).toHaveLength(1);
    stop();
    timers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(timers).toHaveLength(0);
  });
});

describe('a commit and a poll at the same time', () => {
  it('a poll that read before the commit does not put the old rules back in the view', async () => {
    const { a, s, source, store } = setup();
    await a.load();
    store.setState((st) => ({ cursor: { ...st.cursor, 'ipv4/filter/INPUT': 3 } }));
    a.shiftRule(-1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const readTable = source.readTable.bind(source);
    source.readTable = async (family, table) => {
      const read = await readTable(family, table); // the rules as they were before the commit
      await gate;
      return read;
    };
    const poll = a.refresh();
    a.openCommit();
    await a.applyCommit();
    expect(s().notice).toBe('1 edit(s) applied');
    release();
    await poll;
    expect(currentChain(s())?.rules[2]?.spec).toBe('-j REJECT --reject-with icmp-proto-unreachable');
    expect(s().notice).toBe('1 edit(s) applied');
  });

  it("a refused commit keeps the review open with iptables' words in full", async () => {
    const { a, s, source } = setup();
    await a.load();
    a.shiftRule(1);
    source.failCommit =
      "IPv4 nat was refused by iptables: Couldn't load target `REJECT'. IPv4 filter put back as it was.";
    a.openCommit();
    await a.applyCommit();
    expect(commitOf(s())?.state).toBe('review');
    expect(commitOf(s())?.error).toBe(source.failCommit);
    expect(s().staging.edits).toHaveLength(1);
  });
});
