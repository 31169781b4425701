import { describe, expect, it, vi } from 'vitest';
import type { RulesetEventsListener } from '../../../src/domain/ports/firewall-source.js';
import { MonitorParser, type RulesetGeneration } from '../../../src/domain/text/monitor-events.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { startLiveUpdates } from '../../../src/store/live-updates.js';
import { startPoller } from '../../../src/store/poller.js';
import { selectedRule } from '../../../src/store/selectors.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';

/** One generation as xtables-monitor prints it. */
const generation = (events: string[], pid = 7108, program = 'iptables-nft'): RulesetGeneration =>
  new MonitorParser().feed(
    `${events.map((e) => ` EVENT: ${e}\n`).join('')}NEWGEN: GENID=9 PID=${pid} NAME=${program}\n`,
  )[0]!;

const ADDED_TO_TCP = '-4 -t filter -A TCP -s 203.0.113.9/32 -j DROP';
const withNewTcpRule = () =>
  RULES_V4().replace('[10:600] -A TCP', '[0:0] -A TCP -s 203.0.113.9/32 -j DROP\n[10:600] -A TCP');
const settle = (ms = 40) => new Promise((r) => setTimeout(r, ms));

/** A loaded store whose source has an events feed; the poller's timer never fires by itself. */
async function setup(feed: 'live' | 'none' = 'live') {
  const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
  let listener!: RulesetEventsListener;
  let feedStopped = 0;
  source.events = async (l) => {
    listener = l;
    return feed === 'live'
      ? { live: true, stop: () => void feedStopped++ }
      : { live: false, why: 'legacy iptables reports no events' };
  };
  const store = createAppStore({ source });
  await store.getState().actions.load();
  const stop = startLiveUpdates(store, { intervalMs: 1000, setTimer: () => 0, clearTimer: () => {}, debounceMs: 5 });
  // Past the catch-up read once the monitor listens, and the CPU share's wait after it (4x 5 ms).
  await settle(30);
  return { source, store, s: () => store.getState(), listener: () => listener, stop, feedStopped: () => feedStopped };
}

describe('ruleset events in the store', () => {
  it('re-reads the table on screen when another program changes it: notice, writer, selection kept', async () => {
    const { source, store, s, listener } = await setup();
    expect(s().updates).toEqual({ mode: 'live' });
    store.getState().actions.moveChain(3); // TCP
    store.getState().actions.moveRule(1);
    const reads = source.reads;
    source.set('ipv4', withNewTcpRule());
    listener().changed(generation([ADDED_TO_TCP]));
    await settle();
    expect(source.reads).toBe(reads + 1);
    expect(s().notice).toMatch(
      new RegExp(
        '^another program changed filter TCP at .*: rule TCP #1 added: -s 203\\.0\\.113\\.9/32 -j DROP ' +
          '\\(written by iptables-nft pid 7108\\)$',
      ),
    );
    expect(selectedRule(s())?.spec).toMatch(/--dports 80,443/);
    // Left: only the marks of tables read before the monitor listened (read when they come on screen).
    expect(s().changedBy.filter((g) => g.pid !== null)).toEqual([]);
  });

  it("keeps another program's commit that lands while fwtui's own apply runs (it is not fwtui's)", async () => {
    const { source, store, s, listener } = await setup();
    const a = store.getState().actions;
    a.setFocus('rules');
    a.moveRule(1);
    a.shiftRule(-1);
    a.openCommit();
    const commit = source.commit.bind(source);
    let seenWhileApplying = -1;
    source.commit = async (plans) => {
      listener().changed(generation([ADDED_TO_TCP], 4242, 'fail2ban-server'));
      seenWhileApplying = s().changedBy.filter((g) => g.pid !== null).length;
      return commit(plans);
    };
    await a.applyCommit();
    expect(seenWhileApplying).toBe(1);
    expect(s().changedBy.map((g) => g.pid)).toContain(4242);
  });

  it('reads a burst of commits once, and not at all for another table or family', async () => {
    const { source, listener } = await setup();
    const reads = source.reads;
    listener().changed(generation(['-4 -t nat -A POSTROUTING -j MASQUERADE']));
    listener().changed(generation(['-6 -t filter -A INPUT -j ACCEPT']));
    await settle();
    expect(source.reads).toBe(reads);
    for (let i = 0; i < 5; i++) listener().changed(generation([ADDED_TO_TCP]));
    await settle();
    expect(source.reads).toBe(reads + 1);
  });

  it('reads a table another program changed meanwhile as soon as it comes on screen', async () => {
    const { source, store, s, listener } = await setup();
    const reads = source.reads;
    source.set('ipv4', RULES_V4().replace('-o eth0 -j MASQUERADE', '-o eth0 -j MASQUERADE\n-A POSTROUTING -j RETURN'));
    listener().changed(generation(['-4 -t nat -A POSTROUTING -j RETURN'], 77, 'dockerd'));
    await settle();
    expect(source.reads).toBe(reads);
    store.getState().actions.nextTable();
    expect(s().table).toBe('nat');
    await settle();
    expect(source.reads).toBe(reads + 1);
    expect(s().notice).toMatch(
      /^another program changed nat POSTROUTING at .*: rule POSTROUTING #\d+ added: .+ \(written by dockerd pid 77\)$/,
    );
  });

  it('a line it cannot place may concern the table on screen: it re-reads', async () => {
    const { source, listener } = await setup();
    const reads = source.reads;
    listener().changed(generation(['something new in 1.8.10']));
    await settle();
    expect(source.reads).toBe(reads + 1);
  });

  it('says so when the monitor dies, and goes on polling', async () => {
    const { s, listener } = await setup();
    listener().ended('xtables-monitor ended (killed by signal 9)');
    expect(s().updates).toMatchObject({ mode: 'polling', why: 'xtables-monitor ended (killed by signal 9)' });
    expect(s().notice).toBe(
      'live events stopped: xtables-monitor ended (killed by signal 9); polling for changes, retrying in 1 s',
    );
  });

  it('polls without a word when there is no feed (legacy)', async () => {
    const { s } = await setup('none');
    expect(s().updates).toEqual({ mode: 'polling', why: 'legacy iptables reports no events' });
    expect(s().notice).toBeNull();
  });

  it('starts no monitor when the firewall could not be read', async () => {
    const source = new FakeSource(true, {});
    let asked = 0;
    source.events = async () => {
      asked++;
      return { live: true, stop: () => {} };
    };
    const store = createAppStore({ source });
    await store.getState().actions.load();
    expect(store.getState().status).toBe('failed');
    startLiveUpdates(store, { intervalMs: 1000, setTimer: () => 0, clearTimer: () => {} })();
    await settle(0);
    expect(asked).toBe(0);
    expect(store.getState().updates).toBeUndefined();
  });

  it('stops the feed (the monitor) when the view stops', async () => {
    const { stop, feedStopped, listener, source } = await setup();
    stop();
    expect(feedStopped()).toBe(1);
    const reads = source.reads;
    listener().changed(generation([ADDED_TO_TCP]));
    await settle();
    expect(source.reads).toBe(reads);
  });
});

describe('the poller woken by an event', () => {
  it('reads again right after a read under way: the change may not be in it', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    let release!: () => void;
    const readTable = source.readTable.bind(source);
    let gated = true;
    source.readTable = async (f, t) => {
      if (gated) await new Promise<void>((r) => (release = r));
      return readTable(f, t);
    };
    const timers: (() => void)[] = [];
    const poller = startPoller(store, { intervalMs: 1000, setTimer: (fn) => timers.push(fn), clearTimer: () => {} });
    timers.shift()!(); // a poll starts and waits
    const reads = source.reads;
    poller.wake();
    gated = false;
    release();
    await settle(10);
    expect(source.reads).toBe(reads + 1);
    expect(timers).toHaveLength(1);
    timers.shift()!(); // the early read, as soon as the CPU share allows
    await settle(10);
    expect(source.reads).toBe(reads + 2);
    poller.stop();
  });

  it('never reads more often than the CPU share allows (slow reads: 4x the read between two)', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const readTable = source.readTable.bind(source);
    source.readTable = async (f, t) => ({ ...(await readTable(f, t)), durationMs: 1000 });
    let clock = 0;
    const timers: { fn: () => void; ms: number }[] = [];
    const poller = startPoller(store, {
      intervalMs: 1000,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => {},
      now: () => clock,
    });
    const reads = source.reads;
    poller.wake(); // nothing read yet by this poller: at once
    await settle(10);
    expect(source.reads).toBe(reads + 1);
    clock += 500;
    timers.length = 0;
    poller.wake(); // 500 ms after a 1 s read: waits until 4 s after it
    expect(timers.map((t) => t.ms)).toEqual([3500]);
    poller.stop();
  });
});

describe('a monitor that dies is started again', () => {
  /** A loaded store whose feed can be ended and restarted; retries after 10, 20, 50, then every 300 ms. */
  async function restartable(clock: { t: number }) {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    const listeners: RulesetEventsListener[] = [];
    let stopped = 0;
    // What the next feeds have besides (a `listening` that waits).
    const extras: { listening?: () => Promise<boolean> } = {};
    source.events = async (l) => {
      listeners.push(l);
      return { live: true, stop: () => void stopped++, ...extras };
    };
    const store = createAppStore({ source, now: () => clock.t });
    await store.getState().actions.load();
    const stop = startLiveUpdates(store, {
      intervalMs: 1000,
      setTimer: () => 0,
      clearTimer: () => {},
      debounceMs: 5,
      retryMs: [10, 20, 50, 300],
    });
    // Past the catch-up read once the monitor listens, and the CPU share's wait after it (4x 5 ms).
    await settle(30);
    return { source, s: () => store.getState(), listeners, stop, stopped: () => stopped, extras };
  }

  it('says when it retries, starts it again, re-reads the table, and is live again once that read is in', async () => {
    const clock = { t: 1_000_000 };
    const { source, s, listeners } = await restartable(clock);
    expect(listeners).toHaveLength(1);
    listeners[0]!.ended('xtables-monitor ended (killed by signal 9)', false);
    expect(s().updates).toEqual({
      mode: 'polling',
      why: 'xtables-monitor ended (killed by signal 9)',
      retryAt: clock.t + 10,
    });
    expect(s().notice).toBe(
      'live events stopped: xtables-monitor ended (killed by signal 9); polling for changes, retrying in 1 s',
    );
    // Changed while no monitor ran: only the re-read after the restart can know.
    source.set('ipv4', withNewTcpRule());
    const reads = source.reads;
    let release!: () => void;
    const readTable = source.readTable.bind(source);
    source.readTable = async (f, t) => {
      await new Promise<void>((r) => (release = r));
      return readTable(f, t);
    };
    await settle(40);
    expect(listeners).toHaveLength(2);
    // Running again, but not live until the read that catches up is in.
    expect(s().updates).toEqual({
      mode: 'polling',
      why: 'xtables-monitor ended (killed by signal 9)',
      restarting: true,
    });
    release();
    source.readTable = readTable;
    await settle(10);
    expect(source.reads).toBe(reads + 1);
    expect(s().updates).toEqual({ mode: 'live' });
    expect(s().notice).toMatch(
      /^another program changed filter TCP at .*: rule TCP #1 added: -s 203\.0\.113\.9\/32 -j DROP$/,
    );
    // The restarted monitor's events wake reads as before (past the CPU share's wait after that read: 4x 5 ms).
    await settle(30);
    listeners[1]!.changed(generation([ADDED_TO_TCP]));
    await settle();
    expect(source.reads).toBe(reads + 2);
  });

  it('once live again, the notice that it stopped gives way to one that it is back (and after how long)', async () => {
    const clock = { t: 1_000_000 };
    const { s, listeners } = await restartable(clock);
    listeners[0]!.ended('xtables-monitor ended (killed by signal 9)', false);
    expect(s().notice).toMatch(/^live events stopped: /);
    clock.t += 2000;
    await settle(50);
    expect(s().updates).toEqual({ mode: 'live' });
    expect(s().notice).toBe('live events back (restarted after 2 s)');
  });

  it('reads what it missed only once the new monitor listens (a commit between would reach neither)', async () => {
    const clock = { t: 0 };
    const { source, s, listeners, extras } = await restartable(clock);
    let listens!: (yes: boolean) => void;
    extras.listening = () => new Promise((r) => (listens = r));
    listeners[0]!.ended('xtables-monitor ended (exit 1)', false);
    const reads = source.reads;
    await settle(40);
    expect(listeners).toHaveLength(2);
    expect(source.reads).toBe(reads);
    expect(s().updates).toMatchObject({ mode: 'polling', restarting: true });
    listens(true);
    await settle(10);
    expect(source.reads).toBe(reads + 1);
    expect(s().updates).toEqual({ mode: 'live' });
  });

  it('backs off while it keeps dying (1, 2, 5, then every 30 s; scaled here), ignoring the dead feed', async () => {
    const clock = { t: 0 };
    const { s, listeners, source } = await restartable(clock);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      listeners[i]!.ended('xtables-monitor ended (exit 1)', false);
      const u = s().updates;
      waits.push(u?.mode === 'polling' ? (u.retryAt ?? -1) - clock.t : -1);
      await settle(u?.mode === 'polling' && u.retryAt !== undefined ? u.retryAt - clock.t + 30 : 0);
      expect(listeners).toHaveLength(i + 2);
    }
    expect(waits).toEqual([10, 20, 50, 300, 300]);
    const reads = source.reads;
    listeners[0]!.changed(generation([ADDED_TO_TCP]));
    await settle();
    expect(source.reads).toBe(reads);
  });

  it('does not retry what retrying cannot mend (a program not installed): says so once', async () => {
    const { s, listeners } = await restartable({ t: 0 });
    const why = 'xtables-monitor is not installed here (package iptables)';
    listeners[0]!.ended(why, true);
    expect(s().updates).toEqual({ mode: 'polling', why, unavailable: true });
    expect(s().notice).toBe(`live events unavailable: ${why}; polling for changes`);
    await settle(60);
    expect(listeners).toHaveLength(1);
  });

  it('starts nothing more once the view stops, even with a retry pending', async () => {
    const { listeners, stop } = await restartable({ t: 0 });
    listeners[0]!.ended('xtables-monitor ended (exit 1)', false);
    stop();
    await settle(40);
    expect(listeners).toHaveLength(1);
  });
});

describe('live from the start only once synced', () => {
  it('says live events only after the monitor listens and the table on screen was read since', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    let listens!: (yes: boolean) => void;
    source.events = async () => ({ live: true, stop: () => {}, listening: () => new Promise((r) => (listens = r)) });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const stop = startLiveUpdates(store, { intervalMs: 1000, setTimer: () => 0, clearTimer: () => {} });
    await settle(10);
    const reads = source.reads;
    expect(store.getState().updates).toBeUndefined();
    // Written between the first read and the monitor listening: no event will tell of it.
    source.set('ipv4', withNewTcpRule());
    listens(true);
    await settle(10);
    expect(source.reads).toBe(reads + 1);
    expect(store.getState().updates).toEqual({ mode: 'live' });
    expect(store.getState().notice).toMatch(/^another program changed filter TCP at /);
    stop();
  });
});

describe('live only when both the listening and the catch-up read are known', () => {
  it('stays polling, saying why, when the monitor does not show that it listens', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    source.events = async () => ({ live: true, stop: () => {}, listening: async () => false });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const stop = startLiveUpdates(store, { intervalMs: 1000, setTimer: () => 0, clearTimer: () => {} });
    await settle(10);
    expect(store.getState().updates).toEqual({
      mode: 'polling',
      why: 'the monitor did not show within 2 s that it listens',
      unavailable: true,
    });
    stop();
  });

  it('quitting while the catch-up read keeps failing ends it: the monitor stops, nothing spins (review)', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    let stops = 0;
    source.events = async () => ({ live: true, stop: () => void stops++, listening: async () => true });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    let reads = 0;
    source.readTable = async () => {
      reads++;
      throw new Error('iptables-save: the xtables lock is held');
    };
    const stop = startLiveUpdates(store, {
      intervalMs: 1000,
      setTimer: (fn) => setTimeout(fn, 0),
      clearTimer: () => {},
    });
    await settle(30);
    expect(reads).toBeGreaterThan(0);
    expect(store.getState().updates?.mode).not.toBe('live');
    stop();
    await settle(250);
    expect(stops).toBe(1);
    const after = reads;
    await settle(1200);
    expect(reads).toBe(after);
    expect(store.getState().updates?.mode).not.toBe('live');
  });

  it('another table changed before the monitor listened is read when it comes on screen (review)', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    let listens!: (yes: boolean) => void;
    source.events = async () => ({ live: true, stop: () => {}, listening: () => new Promise((r) => (listens = r)) });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const stop = startLiveUpdates(store, { intervalMs: 1000, setTimer: () => 0, clearTimer: () => {} });
    await settle(10);
    // No event will tell of this one: the monitor does not listen yet.
    source.set('ipv4', RULES_V4().replace('-o eth0 -j MASQUERADE', '-o eth0 -j MASQUERADE\n-A POSTROUTING -j RETURN'));
    listens(true);
    await settle(30);
    expect(store.getState().updates).toEqual({ mode: 'live' });
    const reads = source.reads;
    store.getState().actions.nextTable();
    expect(store.getState().table).toBe('nat');
    await settle(30);
    expect(source.reads).toBe(reads + 1);
    expect(store.getState().notice).toMatch(
      /^another program changed nat POSTROUTING at .*: rule POSTROUTING #\d+ added/,
    );
    stop();
  });

  it('goes live only after a catch-up read got in: a failed one is read again', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    let listens!: (yes: boolean) => void;
    source.events = async () => ({ live: true, stop: () => {}, listening: () => new Promise((r) => (listens = r)) });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const stop = startLiveUpdates(store, {
      intervalMs: 1000,
      setTimer: (fn) => setTimeout(fn, 0),
      clearTimer: () => {},
    });
    await settle(10);
    const readTable = source.readTable.bind(source);
    let failing = true;
    source.readTable = async (family, table) => {
      if (failing) throw new Error('iptables-save: interrupted');
      return readTable(family, table);
    };
    listens(true);
    await settle(30);
    expect(store.getState().updates?.mode).not.toBe('live');
    failing = false;
    await vi.waitFor(() => expect(store.getState().updates).toEqual({ mode: 'live' }), { timeout: 3000 });
    stop();
  });
});

describe('how soon a commit is read', () => {
  it('reads the table ~10 ms after the first commit of a burst by default (the view has 250 ms in all)', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
    let listener!: RulesetEventsListener;
    source.events = async (l) => {
      listener = l;
      return { live: true, stop: () => {} };
    };
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const stop = startLiveUpdates(store, { intervalMs: 60_000 });
    await settle(30);
    const reads = source.reads;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      listener.changed(generation([ADDED_TO_TCP]));
      await vi.advanceTimersByTimeAsync(9);
      expect(source.reads).toBe(reads);
      await vi.advanceTimersByTimeAsync(2);
      expect(source.reads).toBe(reads + 1);
    } finally {
      vi.useRealTimers();
      stop();
    }
  });
});
