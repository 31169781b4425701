/**
 * The watch's cleaner (issue #20 item 5: "the TRACE rule is always removed ... by the guard process"): `fwtui watch`
 * killed with kill -9 leaves no TRACE rule behind, without any new fwtui start; a watch that ends normally leaves no
 * cleaner running. On legacy (where watch itself is refused) the cleaner's removal is driven by hand: only the rules
 * of its own watch go, and a record that does not match what it was told is not acted on.
 */
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI, FWTUI_LINE, runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/safety-lab.js';
import { fwtuiProcesses, killWatchCleaners, startWatchCli, watchCleaners } from '../helpers/watch-lab.js';

const available = await requireNetns();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const RULES = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

describe.runIf(available)('the watch cleaner', () => {
  let ns: TestNetns;
  let state: string;
  const env = (): Record<string, string> => ({ ...process.env, FWTUI_STATE_DIR: state }) as Record<string, string>;
  const raw = async (variant: string): Promise<string[]> =>
    (await ns.exec([`iptables-${variant}-save`, '-t', 'raw'])).split('\n').filter((l) => l.startsWith('-A '));
  const traceRules = async (variant = 'nft'): Promise<string[]> =>
    (await raw(variant)).filter((l) => l.includes('fwtui-watch'));
  const records = async (): Promise<string[]> =>
    readdir(join(state, 'netns', ns.name, 'watches')).catch(() => [] as string[]);

  /** `fwtui watch` in the namespace, once it says it is watching. */
  const watch = (...args: string[]) => startWatchCli(ns.name, env(), args);

  beforeEach(async () => {
    ns = await createNetns();
    state = await mkdtemp(join(tmpdir(), 'fwtui-cleaner-state-'));
  });
  afterEach(async () => {
    await killWatchCleaners(ns.name);
    await ns.remove();
    await rm(state, { recursive: true, force: true });
  });

  describe('nft: fwtui watch', () => {
    beforeEach(async () => {
      await ns.exec(['iptables-nft-restore', '-w', '5'], RULES);
    });

    it('killed with kill -9: its cleaner removes the TRACE rules within 2 s, with no new fwtui start', async () => {
      const { child } = await watch('-p', 'tcp', '--dport', '22');
      expect(await traceRules()).toHaveLength(2);
      child.kill('SIGKILL');
      await child;
      const gone = await waitFor(async () => (await traceRules()).length === 0, 2000);
      expect(gone, 'the TRACE rules were still there 2 s after the kill').not.toBeNull();
      expect(await raw('nft')).toEqual(['-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK']);
      expect(await records()).toEqual([]);
      // It looks once more 8 s later (an insert still under way when fwtui died), then exits.
      expect(await waitFor(async () => (await watchCleaners(ns.name)).length === 0, 12_000)).not.toBeNull();
    }, 30_000);

    it('ending normally: its cleaner exits and touches nothing', async () => {
      await ns.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-A', 'OUTPUT', '-p', 'icmp', '-j', 'TRACE']);
      const { child } = await watch('-p', 'tcp', '--dport', '22', '--seconds', '60');
      // Seen once it is up and has named itself (fwtui-watch-cleaner ID netns NAME).
      await sleep(1000);
      expect(await watchCleaners(ns.name)).toHaveLength(1);
      child.kill('SIGINT');
      const done = await child;
      expect(done.exitCode, String(done.stderr)).toBe(0);
      expect(await waitFor(async () => (await watchCleaners(ns.name)).length === 0, 2000)).not.toBeNull();
      expect(await raw('nft')).toEqual([
        '-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK',
        '-A OUTPUT -p icmp -j TRACE',
      ]);
    }, 30_000);
  });

  it("nft: the view's W, fwtui killed with kill -9: the cleaner removes the TRACE rules within 2 s", async () => {
    await ns.exec(['iptables-nft-restore', '-w', '5'], RULES);
    const socket = `fwtui-cleaner-tui-${process.pid}`;
    const tmux = (...a: string[]) =>
      execa('tmux', ['-L', socket, '-f', '/dev/null', ...a], { reject: false, env: env() });
    const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'v')).stdout;
    try {
      const line = `FWTUI_STATE_DIR=${state} ${FWTUI_LINE} --netns ${ns.name}; sleep 30`;
      expect((await tmux('new-session', '-d', '-s', 'v', '-x', '160', '-y', '40', line)).exitCode).toBe(0);
      for (let i = 0; i < 100 && !(await capture()).includes('INPUT'); i++) await sleep(100);
      await tmux('send-keys', '-t', 'v', 'W');
      for (let i = 0; i < 50 && !(await capture()).includes('Watch real packets'); i++) await sleep(100);
      await tmux('send-keys', '-t', 'v', '-l', '--', '-p tcp --dport 22');
      await tmux('send-keys', '-t', 'v', 'Enter');
      expect(await waitFor(async () => (await traceRules()).length === 2, 5000), await capture()).not.toBeNull();
      const views = (await fwtuiProcesses(ns.name)).filter(
        (p) => p.words[0] === FWTUI[0] && !p.words.includes('__watch-cleaner'),
      );
      expect(views).toHaveLength(1);
      process.kill(views[0]!.pid, 'SIGKILL');
      const gone = await waitFor(async () => (await traceRules()).length === 0, 2000);
      expect(gone, 'the TRACE rules were still there 2 s after the kill').not.toBeNull();
      // The record goes right after the rules (the raw table's check comes between).
      expect(await waitFor(async () => (await records()).length === 0, 2000)).not.toBeNull();
    } finally {
      await tmux('kill-server');
    }
  }, 40_000);

  it('nft: kill -9 of a watch that created the raw table: the cleaner removes the table too, once empty', async () => {
    await ns.exec(['iptables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
    const tables = async () => (await ns.exec(['nft', 'list', 'tables'])).trim().split('\n');
    const { child } = await watch('-p', 'tcp', '--dport', '22');
    expect(await tables()).toEqual(['table ip filter', 'table ip raw']);
    child.kill('SIGKILL');
    await child;
    expect(await waitFor(async () => (await tables()).length === 1, 2000)).not.toBeNull();
    expect(await tables()).toEqual(['table ip filter']);
  }, 30_000);

  describe('legacy', () => {
    const ID = `${process.pid}-0badcafe`;
    const other = `${process.pid}-0ddba11a`;
    const trace = (id: string) => ['-p', 'tcp', '--dport', '22', '-m', 'comment', '--comment', `fwtui-watch ${id}`];
    let dead: number;

    beforeEach(async () => {
      await ns.exec(['iptables-legacy-restore', '-w', '5'], RULES);
      for (const id of [ID, other])
        await ns.exec([
          'iptables-legacy',
          '-w',
          '5',
          '-t',
          'raw',
          '-I',
          'PREROUTING',
          '1',
          ...trace(id),
          '-j',
          'TRACE',
        ]);
      await ns.exec(['iptables-legacy', '-w', '5', '-t', 'raw', '-A', 'OUTPUT', '-p', 'icmp', '-j', 'TRACE']);
      // A pid whose process has ended: the watch's fwtui, killed.
      const gone = execa('true');
      dead = gone.pid!;
      await gone;
    });

    /** Writes watch ID's record as fwtui does (0600 in a 0700 folder) and runs its cleaner to its end. */
    async function cleanWith(record: object, owner = dead) {
      const dir = join(state, 'netns', ns.name, 'watches');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(join(state, 'netns'), 0o700);
      await writeFile(join(dir, `${ID}.json`), JSON.stringify(record), { mode: 0o600 });
      const words = ['--netns', ns.name, '--family', 'ipv4', '--backend', 'legacy', '--owner', String(owner)];
      return execa(FWTUI[0]!, [...FWTUI.slice(1), '__watch-cleaner', ID, ...words], { env: env(), reject: false });
    }

    it('fwtui watch is refused and starts no cleaner', async () => {
      const r = await runCli(['watch', '--netns', ns.name, '--backend', 'legacy', '-p', 'tcp', '--dport', '22'], {
        env: env(),
      });
      expect(r.exitCode).toBe(13);
      expect(await watchCleaners(ns.name)).toEqual([]);
    }, 30_000);

    it("the cleaner of a dead watch removes exactly that watch's TRACE rule and its record", async () => {
      const record = { id: ID, pid: dead, pidStart: null, family: 'ipv4', variant: 'legacy', createdAt: Date.now() };
      const done = await cleanWith(record);
      expect(done.exitCode, String(done.stdout)).toBe(0);
      expect(await traceRules('legacy')).toEqual([
        `-A PREROUTING -p tcp -m tcp --dport 22 -m comment --comment "fwtui-watch ${other}" -j TRACE`,
      ]);
      expect(await raw('legacy')).toContain('-A OUTPUT -p icmp -j TRACE');
      expect(await records()).toEqual([]);
    }, 30_000);

    it('a TRACE rule put in after the first removal (an insert fwtui started before it died) goes too', async () => {
      const record = { id: ID, pid: dead, pidStart: null, family: 'ipv4', variant: 'legacy', createdAt: Date.now() };
      const cleaner = cleanWith(record);
      const mine = (rules: string[]) => rules.filter((r) => r.includes(`fwtui-watch ${ID}`));
      expect(await waitFor(async () => mine(await traceRules('legacy')).length === 0, 5000)).not.toBeNull();
      // The late insert: as iptables -w 5 -I, still running when fwtui was killed, would put it.
      await ns.exec(['iptables-legacy', '-w', '5', '-t', 'raw', '-I', 'PREROUTING', '1', ...trace(ID), '-j', 'TRACE']);
      expect(mine(await traceRules('legacy'))).toHaveLength(1);
      const done = await cleaner;
      expect(done.exitCode, String(done.stdout)).toBe(0);
      expect(mine(await traceRules('legacy'))).toEqual([]);
      expect(await traceRules('legacy')).toHaveLength(1);
    }, 30_000);

    it('a record that does not match what the cleaner was told is not acted on', async () => {
      const record = { id: ID, pid: dead, pidStart: null, family: 'ipv4', variant: 'legacy', createdAt: Date.now() };
      const done = await cleanWith(record, dead + 1);
      expect(done.exitCode).toBe(2);
      expect(await traceRules('legacy')).toHaveLength(2);
      expect(await records()).toEqual([`${ID}.json`]);
    }, 30_000);
  });
});
