/**
 * The guard killed with kill -9 (OOM killer, a careless admin): its partner
 * watcher takes over and the rules are reverted by the deadline + 3 s, on
 * nft and legacy. Trials kill whatever process guard.pid names at a random
 * moment between 1.5 s before the deadline and 0.4 s after it (the revert
 * itself runs there). FWTUI_WATCHER_TRIALS=40 is the hand measurement.
 * Also: with both watchers killed at once (the documented limit), the next
 * start of any fwtui command reverts an overdue commit; and neither is named
 * `node` (a careless `pkill node` passes them by).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/safety-lab.js';

const available = await requireNetns();
const TRIALS = Number(process.env.FWTUI_WATCHER_TRIALS ?? 6);
const TIMEOUT = 5;
const BASE =
  '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n' +
  '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const BLOCK = BASE.replace('COMMIT', '-A INPUT -p tcp -m tcp --dport 5555 -j DROP\nCOMMIT');

interface Status {
  state: string;
  commit: { id: string; state: string; deadline: string; dir: string } | null;
}

const pidIn = async (dir: string, name: string): Promise<number | null> => {
  const n = Number((await readFile(join(dir, name), 'utf8').catch(() => '')).trim());
  return Number.isInteger(n) && n > 0 ? n : null;
};
const kill = (pid: number | null): void => {
  try {
    if (pid) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
};

for (const variant of ['nft', 'legacy'] as const) {
  const prog = `iptables-${variant}`;
  describe.runIf(available)(`the guard killed with kill -9 (${variant})`, () => {
    let ns: TestNetns;
    let dir: string;
    const target = (): string[] => ['--netns', ns.name, '--backend', variant];
    const blocked = async (): Promise<boolean> =>
      (await ns.exec([prog, '-S', 'INPUT'])).includes('--dport 5555 -j DROP');
    const status = async (): Promise<Status> =>
      JSON.parse((await runCli(['status', '--json', ...target()])).stdout) as Status;
    beforeAll(async () => {
      ns = await createNetns();
      dir = await mkdtemp(join(tmpdir(), 'fwtui-watchers-'));
      await writeFile(join(dir, 'block.rules'), BLOCK);
    });
    afterAll(async () => {
      await ns?.remove();
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    });

    /** Applies the blocking rule with a short window; returns the commit's dir and deadline. */
    async function apply(): Promise<{ commit: string; deadline: number }> {
      await ns.exec([`${prog}-restore`], BASE);
      const r = await runCli([
        'apply',
        join(dir, 'block.rules'),
        '--no-wait',
        '--confirm-timeout',
        String(TIMEOUT),
        ...target(),
      ]);
      expect(r.stderr).toBe('');
      const s = await status();
      expect(s.state).toBe('pending');
      return { commit: s.commit!.dir, deadline: Date.parse(s.commit!.deadline) };
    }

    it(
      `${TRIALS} trials, the guard killed at a random moment near the deadline: reverted by the deadline + 3 s`,
      async () => {
        const late: string[] = [];
        for (let trial = 0; trial < TRIALS; trial++) {
          const { commit, deadline } = await apply();
          const at = deadline - 1500 + Math.random() * 1900;
          await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
          // Mostly the guard (it is the one named in the docs), every third trial its watcher.
          const victim = await pidIn(commit, trial % 3 === 2 ? 'watcher.pid' : 'guard.pid');
          kill(victim);
          const back = await waitFor(async () => !(await blocked()), deadline + 3000 - Date.now());
          if (back === null) late.push(`trial ${trial}: killed ${victim} at ${Math.round(at - deadline)} ms`);
          // Whatever happened, the next trial starts clean: status reverts what is left, and the
          // revert (which marks the commit only after reading the table back) has finished.
          await runCli(['status', ...target()]);
          await waitFor(async () => !['pending', 'reverting'].includes((await status()).commit?.state ?? ''), 5000);
        }
        if (process.env.FWTUI_WATCHER_TRIALS)
          process.stdout.write(`${variant}: ${TRIALS - late.length}/${TRIALS} on time ${late.join('; ')}\n`);
        expect(late).toEqual([]);
      },
      60_000 + TRIALS * 12_000,
    );

    it('both watchers killed at once: the next fwtui command (list) reverts the overdue commit', async () => {
      const { commit, deadline } = await apply();
      // Both pids first, then both kills back to back (a watcher that saw its partner die would start it again).
      const pids = [await pidIn(commit, 'guard.pid'), await pidIn(commit, 'watcher.pid')];
      // Named for what they are, so `pkill node` passes them by.
      const names = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/comm`, 'utf8')));
      expect(names.map((n) => n.trim())).toEqual([
        expect.stringMatching(/^fwtui-guard /),
        expect.stringMatching(/^fwtui-watcher/),
      ]);
      for (const pid of pids) kill(pid);
      await new Promise((r) => setTimeout(r, Math.max(0, deadline + 300 - Date.now())));
      expect(await blocked()).toBe(true);
      const r = await runCli(['list', ...target()]);
      expect(r.stderr).toMatch(/guard of commit [0-9a-f]{16} was gone past its deadline: its rules were reverted now/);
      expect(r.exitCode).toBe(0);
      expect(await blocked()).toBe(false);
      expect((await status()).commit?.state).toBe('reverted');
    }, 30_000);
  });
}
