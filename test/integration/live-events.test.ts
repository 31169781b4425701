/**
 * Live updates on real iptables in throwaway namespaces: on nft, xtables-monitor's events bring another program's
 * rule into the store at once (measured); on legacy, the next poll does; a killed monitor is said and polling goes
 * on; stopping the view leaves no monitor behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createCommandLog, type CommandLogEntry } from '../../src/backend/command-log.js';
import { createIptables, type Variant } from '../../src/backend/iptables.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { rulesetEvents } from '../../src/app/sources/ruleset-events.js';
import { startRulesetMonitor } from '../../src/backend/ruleset-monitor.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { startLiveUpdates } from '../../src/store/live-updates.js';
import { currentChain, selectedRule } from '../../src/store/selectors.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';

const available = await requireNetns();

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` holds (checked every 5 ms), up to `ms`; returns whether it did. */
async function until(ok: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return true;
    await sleep(5);
  }
  return ok();
}

/** Pids of processes inside the namespace (the monitor is the only one fwtui leaves running there). */
async function pidsIn(ns: TestNetns): Promise<number[]> {
  const r = await execa('ip', ['netns', 'pids', ns.name], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`live updates on real iptables (${variant})`, () => {
    let ns: TestNetns;
    let stops: (() => void)[] = [];
    const ipt = (...args: string[]) => ns.exec([`iptables-${variant}`, '-w', '5', ...args]);

    async function open(v: Variant, intervalMs: number) {
      await ns.exec([`iptables-${v}-restore`, '-w', '5'], RULES);
      const log = createCommandLog();
      const runner = createExecaRunner({ onCommand: log.record });
      const iptables = createIptables({ runner, netns: ns.name, variant: v });
      const events = rulesetEvents(iptables, runner);
      const source = liveSource(iptables, undefined, undefined, undefined, undefined, undefined, undefined, events);
      const store = createAppStore({ source });
      await store.getState().actions.load();
      expect(store.getState().status, store.getState().error ?? '').toBe('loaded');
      const stop = startLiveUpdates(store, { intervalMs });
      stops.push(stop);
      expect(await until(() => store.getState().updates !== undefined, 5000)).toBe(true);
      const commands = () => {
        const seen: CommandLogEntry[] = [];
        log.subscribe((e) => seen.push(e));
        return seen.map((e) => e.command);
      };
      return { store, s: () => store.getState(), stop, commands, source };
    }

    /** Proves the monitor listens: a change elsewhere (raw table) shows up among the commits seen. */
    async function monitorListening(s: () => { changedBy: readonly unknown[] }, probe = 'PROBE'): Promise<void> {
      const seen = s().changedBy.length;
      for (let i = 0; i < 50; i++) {
        await ipt('-t', 'raw', '-N', `${probe}${i}`);
        if (await until(() => s().changedBy.length > seen, 100)) return;
      }
      throw new Error('the monitor never reported a change');
    }

    const hasRule = (s: ReturnType<ReturnType<typeof createAppStore>['getState']>, spec: string): boolean =>
      currentChain(s)?.rules.some((r) => r.spec === spec) ?? false;
    const ADDED = '-s 203.0.113.9/32 -j DROP';

    beforeEach(async () => {
      ns = await createNetns();
      stops = [];
    });
    afterEach(async () => {
      for (const stop of stops) stop();
      await ns.remove();
    });

    if (variant === 'nft') {
      it('shows a rule another program adds within a fraction of a second, without waiting for a poll', async () => {
        // Polling every minute: only the events can bring the rule in time.
        const { s, store, commands } = await open('nft', 60_000);
        expect(s().updates).toEqual({ mode: 'live' });
        expect(commands()).toContainEqual(
          `ip netns exec ${ns.name} setpriv --pdeathsig SIGTERM -- stdbuf -oL xtables-monitor -e -4`,
        );
        await monitorListening(s);
        store.setState((st) => ({ cursor: { ...st.cursor, 'ipv4/filter/INPUT': 1 } }));
        expect(selectedRule(s())?.spec).toBe('-p tcp -m tcp --dport 22 -j ACCEPT');
        const started = performance.now();
        await ipt('-I', 'INPUT', '1', '-s', '203.0.113.9', '-j', 'DROP');
        const written = performance.now();
        expect(await until(() => hasRule(s(), ADDED), 2000)).toBe(true);
        const shown = performance.now();
        console.log(
          `live events (nft): rule shown ${Math.round(shown - written)} ms after iptables returned, ` +
            `${Math.round(shown - started)} ms after it was started`,
        );
        // The target is 250 ms; the margin is for a loaded 2-core CI machine.
        expect(shown - written).toBeLessThan(1000);
        const counts = 'rule INPUT #1 added: -s 203\\.0\\.113\\.9/32 -j DROP';
        expect(s().notice).toMatch(
          new RegExp(
            `^another program changed filter INPUT at [\\d:]+: ${counts} \\(written by iptables-nft pid \\d+\\)$`,
          ),
        );
        expect(selectedRule(s())?.spec).toBe('-p tcp -m tcp --dport 22 -j ACCEPT');
        // fwtui's own reads make no events: quiet, it reads nothing more (no loop of reads waking reads).
        const saves = () => commands().filter((c) => c.includes('iptables-nft-save')).length;
        const before = saves();
        await sleep(600);
        expect(saves()).toBe(before);
      });

      it("does not take fwtui's own writes for another program's: they wake no read", async () => {
        const { s, source, commands } = await open('nft', 60_000);
        await monitorListening(s);
        const saves = () => commands().filter((c) => c.includes('iptables-nft-save')).length;
        await sleep(200);
        const before = saves();
        await source.zeroChain('ipv4', 'filter', 'INPUT');
        await sleep(400);
        expect(saves()).toBe(before);
        // The same write by another program is news: the table on screen is read again.
        await ipt('-Z', 'INPUT');
        expect(await until(() => saves() > before, 2000)).toBe(true);
      });

      it('says so when the monitor is killed, and the next poll still brings changes in', async () => {
        const { s } = await open('nft', 300);
        await monitorListening(s);
        const [pid] = await pidsIn(ns);
        expect(pid).toBeGreaterThan(0);
        process.kill(pid!, 'SIGKILL');
        expect(await until(() => s().updates?.mode === 'polling', 3000)).toBe(true);
        expect(s().notice).toBe(
          'live events stopped: xtables-monitor ended (killed by signal 9); polling for changes, retrying in 1 s',
        );
        await ipt('-A', 'INPUT', '-s', '203.0.113.9', '-j', 'DROP');
        expect(await until(() => hasRule(s(), ADDED), 3000)).toBe(true);
      });

      it('starts a killed monitor again, reads what it missed, and is live again', async () => {
        // Polling every minute: only the restarted monitor and the read after it can bring changes in time.
        const { s, commands } = await open('nft', 60_000);
        await monitorListening(s);
        const [pid] = await pidsIn(ns);
        process.kill(pid!, 'SIGKILL');
        expect(await until(() => s().updates?.mode === 'polling', 3000)).toBe(true);
        expect(s().updates).toMatchObject({ why: 'xtables-monitor ended (killed by signal 9)' });
        // Written while no monitor runs: no event will ever tell of it.
        await ipt('-A', 'INPUT', '-s', '203.0.113.7', '-j', 'DROP');
        expect(await until(() => s().updates?.mode === 'live', 4000)).toBe(true);
        expect(hasRule(s(), '-s 203.0.113.7/32 -j DROP')).toBe(true);
        // One monitor again (the log holds the dead one's start and end, and the new one's start).
        expect(commands().filter((c) => c.endsWith('xtables-monitor -e -4'))).toHaveLength(3);
        const running = await pidsIn(ns);
        expect(running).toHaveLength(1);
        expect(running[0]).not.toBe(pid);
        // Live again: another program's change is on screen within a second, not at the minute's poll.
        await monitorListening(s, 'AGAIN');
        const written = performance.now();
        await ipt('-I', 'INPUT', '1', '-s', '203.0.113.9', '-j', 'DROP');
        expect(await until(() => hasRule(s(), ADDED), 1000)).toBe(true);
        console.log(`live events after a restart (nft): rule shown ${Math.round(performance.now() - written)} ms`);
      });

      it('the monitor says when it listens: a commit made right after reaches it, every time', async () => {
        const runner = createExecaRunner();
        for (let i = 0; i < 5; i++) {
          const seen: string[] = [];
          const monitor = startRulesetMonitor(runner, ns.name, {
            generation: (g) => seen.push(...g.changes.map((c) => c.text)),
            ended: () => {},
          });
          try {
            expect(await monitor.listening()).toBe(true);
            await ipt('-t', 'raw', '-N', `LISTEN${i}`);
            expect(await until(() => seen.some((t) => t.includes(`LISTEN${i}`)), 1000), `round ${i}`).toBe(true);
          } finally {
            monitor.stop();
          }
        }
      });

      it('an IPv6 port rule written elsewhere while IPv4 is on screen: live events go on (monitor -e -4)', async () => {
        // xtables-monitor 1.8.9 -e ends (exit 3, "unsupported layer 4 protocol value") on any event of an IPv6 rule
        // with a port match; -4 never sees those events (measured).
        const { s, commands } = await open('nft', 60_000);
        await monitorListening(s);
        await ns.exec(['ip6tables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-j', 'ACCEPT']);
        await ns.exec(['ip6tables-nft', '-w', '5', '-F', 'INPUT']);
        await sleep(300);
        expect(s().updates, s().notice ?? '').toEqual({ mode: 'live' });
        expect(commands().filter((c) => c.includes('xtables-monitor'))).toEqual([
          `ip netns exec ${ns.name} setpriv --pdeathsig SIGTERM -- stdbuf -oL xtables-monitor -e -4`,
        ]);
        const written = performance.now();
        await ipt('-I', 'INPUT', '1', '-s', '203.0.113.9', '-j', 'DROP');
        expect(await until(() => hasRule(s(), ADDED), 1000)).toBe(true);
        expect(performance.now() - written).toBeLessThan(1000);
      });

      it('IPv6 on screen: the monitor follows the family, and says so when IPv6 port rules stop it', async () => {
        const { s, store, commands } = await open('nft', 60_000);
        await monitorListening(s);
        await store.getState().actions.selectFamily('ipv6');
        expect(await until(() => commands().some((c) => c.endsWith('xtables-monitor -e -6')), 3000)).toBe(true);
        expect(await until(() => s().updates?.mode === 'live', 3000)).toBe(true);
        expect(await pidsIn(ns)).toHaveLength(1);
        await ns.exec(['ip6tables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-j', 'ACCEPT']);
        expect(await until(() => s().updates?.mode === 'polling', 3000)).toBe(true);
        const why =
          'xtables-monitor v1.8.9 stops on every change to an IPv6 rule that matches a port ' +
          '(unsupported layer 4 protocol value)';
        expect(s().updates).toEqual({ mode: 'polling', why, unavailable: true });
        expect(s().notice).toBe(`live events unavailable: ${why}; polling for changes`);
        // Known to stop again: not restarted (the log holds the monitor's start and its end, nothing more).
        const starts = () => commands().filter((c) => c.endsWith('xtables-monitor -e -6')).length;
        const seen = starts();
        await sleep(1500);
        expect(starts()).toBe(seen);
        expect(await pidsIn(ns)).toEqual([]);
      });

      it('leaves no monitor running in the namespace once the view stops', async () => {
        const { s, stop } = await open('nft', 1000);
        await monitorListening(s);
        expect(await pidsIn(ns)).toHaveLength(1);
        stop();
        expect(await until(async () => (await pidsIn(ns)).length === 0, 3000)).toBe(true);
      });
    } else {
      it('polls (no monitor: legacy reports no events) and shows the rule at the next poll', async () => {
        const { s } = await open('legacy', 500);
        expect(s().updates).toEqual({ mode: 'polling', why: 'legacy iptables reports no events' });
        expect(await pidsIn(ns)).toEqual([]);
        await ipt('-I', 'INPUT', '1', '-s', '203.0.113.9', '-j', 'DROP');
        const written = performance.now();
        expect(await until(() => hasRule(s(), ADDED), 3000)).toBe(true);
        console.log(
          `polling (legacy, 500 ms interval): rule shown ${Math.round(performance.now() - written)} ms after`,
        );
        expect(s().notice).toMatch(
          /^another program changed filter INPUT at [\d:]+: rule INPUT #1 added: -s 203\.0\.113\.9\/32 -j DROP$/,
        );
      });
    }
  });
}
