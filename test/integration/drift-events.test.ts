/**
 * The drift check and the read-back at kernel speed, on real iptables in throwaway namespaces: on nft, while the
 * monitor saw no commit to the touched chains since the basis read, a commit re-reads nothing (before or after the
 * write); another program's write after the basis read, or between the check and the write, is still caught and
 * said; with the monitor dead, or on legacy (no events), today's full reads are made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createCommandLog } from '../../src/backend/command-log.js';
import type { Command } from '../../src/backend/command.js';
import { createIptables, type Variant } from '../../src/backend/iptables.js';
import { createExecaRunner, type CommandRunner } from '../../src/backend/runner.js';
import { createEventLedger } from '../../src/app/sources/event-ledger.js';
import { safetyDeps } from '../../src/app/safety/safety-deps.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { rulesetEvents } from '../../src/app/sources/ruleset-events.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import type { RulesetGeneration } from '../../src/domain/text/monitor-events.js';
import type { Family } from '../../src/domain/model/ruleset.js';
import { commitOf, currentChain } from '../../src/store/selectors.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { BIN } from '../helpers/run-cli.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const available = await requireNetns();

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:WEB - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A WEB -j ACCEPT
COMMIT
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return true;
    await sleep(5);
  }
  return ok();
}

const isWriteText = (c: string): boolean => c.includes('-restore') && !c.includes('--test');
const isWrite = (cmd: Command): boolean => cmd.args.some((a) => a.endsWith('-restore')) && !cmd.args.includes('--test');

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`drift check and read-back by the events (${variant})`, () => {
    let ns: TestNetns;
    let stops: (() => void)[] = [];
    const ipt = (...args: string[]) => ns.exec([`iptables-${variant}`, '-w', '5', ...args]);
    const save = async () => (await ns.exec([`iptables-${variant}-save`])).replace(/^#.*\n/gm, '');

    /**
     * The view on the namespace with the monitor running and proven to listen, the rules read after that.
     * `beforeWrite` runs just before fwtui's write reaches iptables-restore (another program at work then).
     */
    async function open(
      v: Variant,
      beforeWrite?: () => Promise<void>,
      guarded = false,
      family?: Family,
      early?: { loadFirst: boolean; slowSaves: number },
    ) {
      await ns.exec([`iptables-${v}-restore`, '-w', '5'], RULES);
      const log = createCommandLog();
      /** Reads whose answer is being held back (early.slowSaves). */
      const held = { count: 0 };
      const commands: string[] = [];
      log.subscribe((e) => commands.push(e.command));
      const base = createExecaRunner({ onCommand: log.record });
      const runner: CommandRunner = {
        ...base,
        run: async (cmd) => {
          if (beforeWrite && isWrite(cmd)) await beforeWrite();
          return base.run(cmd);
        },
        // A read whose answer comes late: what it says is from before anything done meanwhile.
        stream: async (cmd, onStdout) => {
          const pieces: string[] = [];
          const result = await base.stream(cmd, (p) => pieces.push(p));
          if (early?.slowSaves && cmd.args.some((a) => a.endsWith('-save'))) {
            held.count++;
            await sleep(early.slowSaves);
          }
          for (const p of pieces) onStdout(p);
          return result;
        },
      };
      const iptables = createIptables({ runner, netns: ns.name, variant: v });
      const ledger = createEventLedger((pid) => base.startedPid?.(pid) ?? false);
      const events = rulesetEvents(iptables, runner, ledger);
      const none = undefined;
      // guarded: the safety net as the view uses it (a detached guard armed before the write, reverts unless kept).
      const safety = guarded
        ? { deps: safetyDeps({ netns: ns.name, backend: v }, runner, [process.execPath, BIN]), timeoutSec: 60 }
        : none;
      const source = liveSource(iptables, safety, none, none, none, none, none, events, none, none, ledger);
      const store = createAppStore({ source });
      const act = store.getState().actions;
      // A basis read before the monitor listens (as at start-up): the ledger cannot vouch for it.
      if (early?.loadFirst) await act.load();
      // The events alone (no poller: its reads would mix with the apply's in the command log).
      const heard: RulesetGeneration[] = [];
      let ended: string | null = null;
      const feed = await source.events!({ changed: (g) => heard.push(g), ended: (why) => (ended = why) }, family);
      if (feed.live) stops.push(feed.stop);
      if (v === 'nft') {
        // Proof that the monitor listens: a change elsewhere (raw) comes back as an event.
        for (let i = 0; i < 50 && heard.length === 0; i++) {
          await ipt('-t', 'raw', '-N', `PROBE${i}`);
          await until(() => heard.length > 0, 100);
        }
        expect(heard.length).toBeGreaterThan(0);
      }
      if (!early?.loadFirst) await act.load();
      expect(store.getState().status, store.getState().error ?? '').toBe('loaded');
      store.setState({ chain: 'INPUT', focus: 'rules' });
      const s = () => store.getState();
      /**
       * Stages an insert at the top of INPUT, runs `meanwhile` (another program at work), applies; returns the
       * commands run by the apply.
       */
      const apply = async (spec = '-s 192.0.2.1 -j ACCEPT', meanwhile?: () => Promise<void>) => {
        expect(act.stage({ kind: 'insert', chain: 'INPUT', at: 0, spec })).toBe(true);
        await meanwhile?.();
        act.openCommit();
        const from = commands.length;
        await act.applyCommit();
        return commands.slice(from);
      };
      return { s, act, apply, commands, heard, ended: () => ended, source, held };
    }

    let state: string;
    beforeEach(async () => {
      ns = await createNetns();
      stops = [];
      state = await mkdtemp(join(tmpdir(), 'fwtui-drift-events-'));
      process.env.FWTUI_STATE_DIR = state;
    });
    afterEach(async () => {
      for (const stop of stops) stop();
      await ns.remove();
      delete process.env.FWTUI_STATE_DIR;
      await rm(state, { recursive: true, force: true });
    });

    const saves = (cmds: readonly string[]) => cmds.filter((c) => c.includes(`iptables-${variant}-save`));

    if (variant === 'nft') {
      it('nothing changed since the basis read: no whole-table read before or after the write', async () => {
        const { s, apply } = await open('nft');
        const ran = await apply();
        expect(s().notice).toBe('1 edit(s) applied');
        expect(saves(ran)).toEqual([]);
        expect(ran.filter((c) => c.includes('iptables-nft-restore'))).toHaveLength(1);
        // The view shows the kernel's own words for the rule (from the write's events), as a read would.
        expect(currentChain(s())?.rules.map((r) => r.spec)).toEqual([
          '-s 192.0.2.1/32 -j ACCEPT',
          '-i lo -j ACCEPT',
          '-p tcp -m tcp --dport 22 -j ACCEPT',
        ]);
        expect(await save()).toContain('-A INPUT -s 192.0.2.1/32 -j ACCEPT\n-A INPUT -i lo -j ACCEPT');
        // The next commit builds on that table: fast again.
        expect(saves(await apply('-s 192.0.2.2 -j ACCEPT'))).toEqual([]);
        expect(s().notice).toBe('1 edit(s) applied');
      });

      it('staged on a read from before the monitor listened: the read under way is shared (one, not two)', async () => {
        const { s, apply, source, commands } = await open('nft', undefined, false, undefined, {
          loadFirst: true,
          slowSaves: 400,
        });
        // The read made once the monitor listens (the view's catch-up), still running when the commit checks.
        const before = commands.length;
        const catchUp = source.readTable('ipv4', 'filter');
        const ran = await apply();
        await catchUp;
        expect(s().notice, s().error ?? '').toBe('1 edit(s) applied');
        // The catch-up read alone (it ends during the apply, so the apply's commands list it too).
        expect(saves(commands.slice(before)), commands.slice(before).join('\n')).toHaveLength(1);
        expect(ran.filter(isWriteText)).toHaveLength(1);
        expect(await save()).toContain('-A INPUT -s 192.0.2.1/32 -j ACCEPT\n-A INPUT -i lo -j ACCEPT');
      });

      it('a read under way that a change overtook is not shared: read again, drift said', async () => {
        const { s, apply, source, commands, heard, held } = await open('nft', undefined, false, undefined, {
          loadFirst: true,
          slowSaves: 400,
        });
        const catchUp = source.readTable('ipv4', 'filter');
        const read = held.count;
        const seen = heard.length;
        const before = commands.length;
        const ran = await apply('-s 192.0.2.1 -j ACCEPT', async () => {
          // The catch-up read has read the kernel (its answer held back) before the other program writes.
          expect(await until(() => held.count > read, 2000)).toBe(true);
          await ipt('-I', 'INPUT', '1', '-s', '198.51.100.9', '-j', 'DROP');
          expect(await until(() => heard.length > seen, 2000)).toBe(true);
        });
        await catchUp;
        expect(commitOf(s())?.state).toBe('drift');
        expect(saves(commands.slice(before)).length).toBeGreaterThanOrEqual(2);
        expect(ran.filter(isWriteText)).toEqual([]);
      });

      it('through the safety net: the guard is armed before the write, still no whole-table read', async () => {
        const { s, apply, source, commands } = await open('nft', undefined, true);
        const ran = await apply();
        const pending = s().pending;
        expect(pending, s().notice ?? '').not.toBeNull();
        // The guards start when the review opens (prepared, `__guard-wait`), before the apply's own commands.
        const guard = commands.findIndex((c) => c.includes('__guard'));
        expect(guard).toBeGreaterThanOrEqual(0);
        expect(guard).toBeLessThan(commands.findIndex((c) => /nft-restore -w 5 --noflush --counters <</.test(c)));
        expect(saves(ran)).toEqual([]);
        expect(await source.safety!.confirm(pending!.id)).toBe('confirmed');
        expect(await save()).toContain('-A INPUT -s 192.0.2.1/32 -j ACCEPT');
      });

      it('through the safety net: R after a fast apply puts the old rules back', async () => {
        const { s, apply, source } = await open('nft', undefined, true);
        const before = await save();
        expect(saves(await apply())).toEqual([]);
        const reverted = await source.safety!.revert(s().pending!.id);
        expect(reverted.ok, reverted.messages.join('; ')).toBe(true);
        expect(await save()).toBe(before);
      });

      it('another program wrote between the check and the write: read back in full and said', async () => {
        let once = true;
        const { s, apply } = await open('nft', async () => {
          if (once) await ipt('-I', 'INPUT', '2', '-s', '198.51.100.7', '-j', 'DROP');
          once = false;
        });
        const ran = await apply();
        // The write's own events come after the other program's: the read-back is a full read.
        expect(saves(ran)).toHaveLength(1);
        expect(s().notice).toMatch(/^applied, but the kernel differs from what was staged: .*filter INPUT/);
        expect(s().notice).toContain('another program changed filter INPUT while this commit was written');
        expect(s().notice).toContain('iptables-nft pid');
        expect(currentChain(s())?.rules.map((r) => r.spec)).toContain('-s 198.51.100.7/32 -j DROP');
      });

      it('another program only zeroed the counters meanwhile: read back in full, nothing to report', async () => {
        let once = true;
        const { s, apply } = await open('nft', async () => {
          if (once) await ipt('-Z', 'INPUT');
          once = false;
        });
        const ran = await apply();
        expect(saves(ran)).toHaveLength(1);
        expect(s().notice).toBe('1 edit(s) applied');
      });

      it('a monitor started again: a change while none ran is still caught (drift, nothing written)', async () => {
        const { s, apply, ended, source } = await open('nft');
        const ran = await apply('-s 192.0.2.1 -j ACCEPT', async () => {
          const pids = (await execa('ip', ['netns', 'pids', ns.name])).stdout.split('\n').filter(Boolean);
          for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
          expect(await until(() => ended() !== null, 3000)).toBe(true);
          // Reaches no monitor.
          await ipt('-I', 'INPUT', '1', '-s', '198.51.100.9', '-j', 'DROP');
          const again = await source.events!({ changed: () => {}, ended: () => {} });
          if (again.live) {
            stops.push(again.stop);
            expect(await again.listening?.()).toBe(true);
          }
        });
        expect(commitOf(s())?.state).toBe('drift');
        expect(ran.filter((c) => c.includes('-restore') && !c.includes('--test'))).toEqual([]);
      });

      it('a monitor of IPv4 only (-e -4): IPv4 commits stay fast, IPv6 ones are read in full', async () => {
        const { s, act, apply, commands } = await open('nft', undefined, false, 'ipv4');
        expect(commands.some((c) => c.endsWith('xtables-monitor -e -4'))).toBe(true);
        // Another program's IPv6 write comes to this monitor as a bare generation: no news for IPv4 chains.
        await ns.exec(['ip6tables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-j', 'ACCEPT']);
        expect(saves(await apply())).toEqual([]);
        expect(s().notice).toBe('1 edit(s) applied');
        // An IPv6 commit: the monitor cannot vouch for IPv6 tables, so they are read before and after the write.
        await act.selectFamily('ipv6');
        s().actions.moveChain(0);
        const ran = await apply('-s 2001:db8::1 -j ACCEPT');
        expect(s().notice, ran.join('\n')).toBe('1 edit(s) applied');
        expect(ran.filter((c) => c.includes('ip6tables-nft-save')).length).toBeGreaterThanOrEqual(2);
        expect(await ns.exec(['ip6tables-nft-save'])).toContain('-A INPUT -s 2001:db8::1/128 -j ACCEPT');
      });

      it('the monitor is dead: today\u2019s full reads before and after the write', async () => {
        const { s, apply, ended } = await open('nft');
        const pids = (await execa('ip', ['netns', 'pids', ns.name])).stdout.split('\n').filter(Boolean);
        for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
        expect(await until(() => ended() !== null, 3000)).toBe(true);
        const ran = await apply();
        expect(s().notice).toBe('1 edit(s) applied');
        expect(saves(ran)).toHaveLength(2);
      });
    }

    it('another program changed the chain right after the basis read: drift, nothing written', async () => {
      const { s, act, apply, heard } = await open(variant);
      const seen = heard.length;
      const before = { text: '' };
      const ran = await apply('-s 192.0.2.1 -j ACCEPT', async () => {
        await ipt('-I', 'INPUT', '1', '-s', '198.51.100.9', '-j', 'DROP');
        // On nft the event has arrived before the check: the events alone stop the commit (then a full read says what).
        if (variant === 'nft') expect(await until(() => heard.length > seen, 2000)).toBe(true);
        before.text = await save();
      });
      expect(commitOf(s())?.state).toBe('drift');
      const shown = commitOf(s())!.drift.flatMap((d) => d.lines.map((l) => l.text));
      expect(shown.join('\n')).toContain('-A INPUT -s 198.51.100.9/32 -j DROP');
      expect(ran.filter((c) => c.includes('-restore') && !c.includes('--test'))).toEqual([]);
      expect(await save()).toBe(before.text);
      act.rebaseCommit();
      await act.applyCommit();
      expect(s().notice).toBe('1 edit(s) applied');
      // Re-based: still above the rule it was staged above, the other program's rule kept.
      expect(await save()).toContain(
        '-A INPUT -s 198.51.100.9/32 -j DROP\n-A INPUT -s 192.0.2.1/32 -j ACCEPT\n-A INPUT -i lo -j ACCEPT',
      );
    });
  });
}
