/**
 * Prepared guards on real iptables (nft and legacy): the guard and its watcher start when the review opens (or
 * when `fwtui apply` starts) and wait on a pipe; the apply hands them the commit. Checked: the commit's guards are
 * the prepared processes; fwtui killed -9 while they wait (both exit, no commit left); fwtui killed -9 right after
 * the handover (the handed-over pair reverts at the deadline); a second apply gets a new pair; a pair killed
 * while waiting makes the apply start a fresh one, as before.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { safetyDeps } from '../../src/app/safety/safety-deps.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { processAlive, stateRoot } from '../../src/app/state/state-dir.js';
import { createIptables } from '../../src/backend/iptables.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { BIN, FWTUI, runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/safety-lab.js';

const available = await requireNetns();
const BASE =
  '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n' +
  '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const BLOCK = BASE.replace('COMMIT', '-A INPUT -p tcp -m tcp --dport 5555 -j DROP\nCOMMIT');
const TIMEOUT = 5;

/** The prepared guards `parent` started (still its children: detached, but not reparented while it lives). */
function preparedOf(parent: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('(prepared)'))
        found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found.sort();
}

const pidIn = async (dir: string, role: string): Promise<number> =>
  Number((await readFile(join(dir, `${role}.pid`), 'utf8')).trim());
const gone = (pid: number): boolean => !processAlive(pid, '');

for (const variant of ['nft', 'legacy'] as const) {
  const prog = `iptables-${variant}`;
  describe.runIf(available)(`prepared guards (${variant})`, () => {
    let ns: TestNetns;
    let state: string;
    let file: string;
    const target = (): string[] => ['--netns', ns.name, '--backend', variant];
    const blocked = async (): Promise<boolean> => (await ns.exec([prog, '-S', 'INPUT'])).includes('--dport 5555');
    const commits = async (): Promise<string[]> =>
      (await readdir(stateRoot(ns.name)).catch(() => [])).filter((n) => /^[0-9a-f]{16}$/.test(n));

    beforeAll(async () => {
      ns = await createNetns();
      state = await mkdtemp(join(tmpdir(), 'fwtui-prepared-'));
      // The CLI runs below inherit it: their commits stay in this test's directory.
      process.env.FWTUI_STATE_DIR = state;
      file = join(state, 'block.rules');
      await writeFile(file, BLOCK);
    });
    afterAll(async () => {
      await runCli(['revert', ...target()]).catch(() => undefined);
      await ns?.remove();
      delete process.env.FWTUI_STATE_DIR;
      await rm(state, { recursive: true, force: true });
    });
    const status = async () => JSON.parse((await runCli(['status', '--json', ...target()])).stdout);
    beforeEach(async () => {
      // What a failed test left pending must not refuse the next one's apply.
      await runCli(['revert', ...target()]);
      await waitFor(async () => !['pending', 'reverting'].includes((await status()).commit?.state ?? ''), 5000);
      await ns.exec([`${prog}-restore`], BASE);
    });

    /** `fwtui apply ARGS` left running (its stdin a pipe kept open), with the pair it prepared. */
    async function applying(args: string[]): Promise<{ cli: ResultPromise; pair: number[] }> {
      const cli = execa(FWTUI[0]!, [...FWTUI.slice(1), 'apply', ...args, ...target()], {
        stdin: 'pipe',
        reject: false,
      });
      await waitFor(() => preparedOf(cli.pid!).length === 2, 5000);
      const pair = preparedOf(cli.pid!);
      expect(pair).toHaveLength(2);
      return { cli, pair };
    }

    it('fwtui killed -9 while the guards wait: both exit at once, no commit is left', async () => {
      // `apply -` waits for the file on stdin: fwtui is up, its guards prepared, nothing read or written yet.
      const { cli, pair } = await applying(['-', '--confirm-timeout', String(TIMEOUT)]);
      cli.kill('SIGKILL');
      await cli;
      expect(await waitFor(() => pair.every(gone), 2000)).not.toBeNull();
      expect(await commits()).toEqual([]);
      expect(await blocked()).toBe(false);
    }, 20_000);

    it('fwtui killed -9 right after the handover: the prepared pair reverts at the deadline', async () => {
      const cli = execa(
        FWTUI[0]!,
        [...FWTUI.slice(1), 'apply', file, '--confirm-timeout', String(TIMEOUT), ...target()],
        {
          stdin: 'pipe',
          reject: false,
        },
      );
      await waitFor(async () => (await status()).state === 'pending', 10_000);
      const s = await status();
      expect(s.state).toBe('pending');
      expect(await blocked()).toBe(true);
      // The commit's guards are the processes started before it existed (their first line says so).
      const pair = [await pidIn(s.commit.dir, 'guard'), await pidIn(s.commit.dir, 'watcher')];
      const log = await readFile(join(s.commit.dir, 'guard.log'), 'utf8');
      const early = [...log.matchAll(/ fwtui (guard|watcher)\[(\d+)\]: started early, handed this commit by fwtui/g)];
      expect(early.map((m) => Number(m[2]))).toEqual(expect.arrayContaining(pair));
      cli.kill('SIGKILL');
      await cli;
      const deadline = Date.parse(s.commit.deadline);
      expect(await waitFor(async () => !(await blocked()), deadline + 2000 - Date.now())).not.toBeNull();
      expect(await waitFor(async () => (await status()).commit?.state === 'reverted', 5000)).not.toBeNull();
      expect(await waitFor(() => pair.every(gone), 5000)).not.toBeNull();
    }, 30_000);

    it('the view: each review prepares a pair; a pair killed while waiting is replaced by a fresh launch', async () => {
      const runner = createExecaRunner();
      const iptables = createIptables({ runner, netns: ns.name, variant });
      const deps = safetyDeps({ netns: ns.name, backend: variant }, runner, [process.execPath, BIN]);
      const store = createAppStore({ source: liveSource(iptables, { deps, timeoutSec: 60 }) });
      const act = store.getState().actions;
      await act.load();
      store.setState({ chain: 'INPUT', focus: 'rules' });
      const guardsOf = async (): Promise<number[]> => {
        const dir = join(stateRoot(ns.name), store.getState().pending!.id);
        return [await pidIn(dir, 'guard'), await pidIn(dir, 'watcher')].sort();
      };
      const applied = [];
      for (const round of [1, 2, 3]) {
        expect(act.stage({ kind: 'insert', chain: 'INPUT', at: 0, spec: `-s 192.0.2.${round} -j ACCEPT` })).toBe(true);
        act.openCommit();
        expect(await waitFor(() => preparedOf(process.pid).length === 2, 5000)).not.toBeNull();
        const pair = preparedOf(process.pid);
        // Round 3: the waiting pair is killed (the OOM killer, an admin): the apply starts a fresh pair.
        if (round === 3) for (const pid of pair) process.kill(pid, 'SIGKILL');
        await act.applyCommit();
        expect(store.getState().pending, JSON.stringify(store.getState().overlay)).not.toBeNull();
        const guards = await guardsOf();
        if (round === 3) expect(guards.some((g) => pair.includes(g))).toBe(false);
        else expect(guards).toEqual(pair);
        expect(guards.every((g) => !gone(g))).toBe(true);
        applied.push(...guards);
        await act.keepCommit();
        expect(store.getState().pending).toBeNull();
        await waitFor(() => guards.every(gone), 3000);
        await act.load();
      }
      // Each apply had its own pair.
      expect(new Set(applied).size).toBe(6);
    }, 60_000);
  });
}
