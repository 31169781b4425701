/**
 * The safety net when iptables misbehaves (issue 15, items 1, 2 and 4), on
 * real iptables in a namespace, nft and legacy: a restore still running at
 * the deadline, a restore that writes and then exits non-zero, an iptables
 * that refuses the revert for a while. A PATH wrapper (test/helpers/restore-wrapper.ts)
 * stands in front of the real programs, for fwtui and for its guard. The
 * xtables lock is held with flock(1) in a private mount namespace (its own
 * /run/xtables.lock), so nothing else on this machine waits for it. Item 5,
 * a full disk under the state directory, uses a tiny tmpfs mounted for the
 * suite and unmounted after it.
 */
import { execa } from 'execa';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { createRestoreWrapper, type RestoreWrapper } from '../helpers/restore-wrapper.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/safety-lab.js';

const available = await requireNetns();
const TIMEOUT = 5;

const BASE = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;
const BLOCK = BASE.replace('COMMIT', '-A INPUT -p tcp -m tcp --dport 5555 -j DROP\nCOMMIT');
const NAT = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -d 192.0.2.1/32 -j RETURN
COMMIT
`;

interface Status {
  state: string;
  commit: { id: string; state: string; deadline: string; dir: string } | null;
  messages: string[];
}

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`safety net when iptables misbehaves (${variant})`, () => {
    let ns: TestNetns;
    let wrap: RestoreWrapper;
    let dir: string;
    let state: string;
    const prog = `iptables-${variant}`;
    const target = (): string[] => ['--netns', ns.name, '--backend', variant];
    const env = (): Record<string, string> => wrap.env({ FWTUI_STATE_DIR: state });
    const cli = (args: readonly string[]) => runCli(args, { env: env() });
    const status = async (): Promise<{ json: Status; exitCode: number }> => {
      const r = await cli(['status', '--json', ...target()]);
      return { json: JSON.parse(r.stdout) as Status, exitCode: r.exitCode };
    };
    const blocked = async (): Promise<boolean> =>
      (await ns.exec([prog, '-S', 'INPUT'])).includes('--dport 5555 -j DROP');
    const natRule = async (): Promise<boolean> =>
      (await ns.exec([prog, '-t', 'nat', '-S', 'OUTPUT'])).includes('192.0.2.1');

    beforeAll(async () => {
      ns = await createNetns();
      wrap = await createRestoreWrapper();
      dir = await mkdtemp(join(tmpdir(), 'fwtui-faults-'));
      state = join(dir, 'state');
      await writeFile(join(dir, 'block.rules'), BLOCK);
      await writeFile(join(dir, 'block-nat.rules'), BLOCK + NAT);
    });
    afterAll(async () => {
      await ns?.remove();
      await wrap?.remove();
      await rm(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      for (const f of ['slow', 'lie', 'refuse'] as const) await wrap.set(f, null);
      await cli(['revert', ...target()]);
      await ns.exec([`${prog}-restore`], BASE);
      await ns.exec([`${prog}-restore`], NAT.replace(/^-A .*\n/m, ''));
      expect(await blocked()).toBe(false);
    });

    it('item 1: a restore still running at the deadline: no ' +
      'later table is written, and the revert follows at once', async () => {
      await wrap.set('slow', String(TIMEOUT + 3));
      const started = Date.now();
      const r = await cli([
        'apply',
        join(dir, 'block-nat.rules'),
        '--no-wait',
        '--confirm-timeout',
        String(TIMEOUT),
        ...target(),
      ]);
      const ended = Date.now();
      expect(ended - started).toBeGreaterThanOrEqual((TIMEOUT + 3) * 1000);
      // Never claims a guard that is no longer there.
      expect(r.stdout).not.toMatch(/The old rules come back at/);
      expect(r.stderr).toMatch(/deadline passed while .*was being written/);
      expect(r.exitCode).toBe(6);
      // The table written past the deadline goes at once; the one after it was never written.
      const back = await waitFor(async () => !(await blocked()), 3000);
      expect(back, 'reverted within 3 s of the slow write ending').not.toBeNull();
      expect(await natRule()).toBe(false);
      const writes = await wrap.writes();
      expect(writes.filter((w) => w.table === 'nat')).toEqual([]);
      const s = await status();
      expect(s.json.commit?.state).toBe('reverted');
      expect(s.exitCode).toBe(0);
    }, 40_000);

    it('item 2: a restore that writes, then exits 4: read back, put back, and said so', async () => {
      await wrap.set('lie', '1');
      const r = await cli([
        'apply',
        join(dir, 'block.rules'),
        '--no-wait',
        '--confirm-timeout',
        String(TIMEOUT),
        ...target(),
      ]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/exit code 4|exit 4/);
      expect(r.stderr).not.toMatch(/Nothing was changed/);
      expect(r.stderr).toMatch(/the kernel held the new rules all the same/);
      expect(r.stderr).toMatch(/read back: the old rules are in place/i);
      // Straight after the command: the table is as before, and nothing is left pending.
      expect(await blocked()).toBe(false);
      const s = await status();
      expect(s.json.state).toBe('none');
      expect(s.exitCode).toBe(0);
    }, 30_000);

    it('item 4: iptables refuses the revert for a while: the guard keeps retrying, says so, and reverts', async () => {
      const r = await cli([
        'apply',
        join(dir, 'block.rules'),
        '--no-wait',
        '--confirm-timeout',
        String(TIMEOUT),
        ...target(),
      ]);
      expect(r.exitCode).toBe(0);
      await wrap.set('refuse', '1');
      const deadline = Date.parse((await status()).json.commit!.deadline);
      // Well past the old code's three attempts (about 2 s).
      await new Promise((res) => setTimeout(res, Math.max(0, deadline + 5000 - Date.now())));
      expect(await blocked()).toBe(true);
      const during = await cli(['status', ...target()]);
      expect(during.stderr).toMatch(/REVERT NOT DONE YET/);
      expect(during.stderr).toMatch(/refused by the test wrapper/);
      expect(during.stderr).toMatch(/the guard keeps trying until/);
      expect(during.exitCode).toBe(1);
      await wrap.set('refuse', null);
      const back = await waitFor(async () => !(await blocked()), 12_000);
      expect(back, 'reverted once iptables accepts again').not.toBeNull();
      const done = await waitFor(async () => (await status()).json.commit?.state === 'reverted', 3000);
      expect(done).not.toBeNull();
    }, 40_000);

    // Legacy only: nft takes no xtables lock.
    if (variant === 'legacy')
      it('item 4: the xtables lock held past the deadline: the guard waits it out and reverts', async () => {
        // fwtui and its guard run in a private mount namespace where /run/xtables.lock is a file of this test.
        const lock = join(dir, 'xtables.lock');
        await writeFile(lock, '');
        const apply = [
          BIN,
          'apply',
          join(dir, 'block.rules'),
          '--no-wait',
          '--confirm-timeout',
          String(TIMEOUT),
          ...target(),
        ];
        const script = 'mount --bind "$0" /run/xtables.lock && exec "$@"';
        const r = await execa('unshare', ['-m', '--propagation', 'private', '--', 'sh', '-c', script, lock, ...apply], {
          env: env(),
          reject: false,
        });
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
        const s = (await status()).json;
        const guard = (await readFile(join(s.commit!.dir, 'guard.pid'), 'utf8')).trim();
        const deadline = Date.parse(s.commit!.deadline);
        // Held from now to 20 s past the deadline: longer than the old three attempts of -w 5 (about 17 s).
        const holdFor = Math.ceil((deadline + 20_000 - Date.now()) / 1000);
        const holder = execa('nsenter', ['-t', guard, '-m', 'flock', '/run/xtables.lock', 'sleep', String(holdFor)], {
          reject: false,
        });
        await new Promise((res) => setTimeout(res, Math.max(0, deadline + 19_000 - Date.now())));
        expect(await blocked()).toBe(true);
        const during = await cli(['status', ...target()]);
        expect(during.stderr).toMatch(/REVERT NOT DONE YET/);
        expect(during.exitCode).toBe(1);
        await holder;
        const back = await waitFor(async () => !(await blocked()), 20_000);
        expect(back, 'reverted once the lock is released').not.toBeNull();
        expect(await waitFor(async () => (await status()).json.commit?.state === 'reverted', 3000)).not.toBeNull();
      }, 60_000);
  });
}

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`safety net on a full state directory (${variant})`, () => {
    let ns: TestNetns;
    let dir: string;
    let disk: string;
    const prog = `iptables-${variant}`;
    const target = (): string[] => ['--netns', ns.name, '--backend', variant];
    const env = (): Record<string, string> => ({
      ...(process.env as Record<string, string>),
      FWTUI_STATE_DIR: join(disk, 'fwtui'),
    });
    const cli = (args: readonly string[]) => runCli(args, { env: env() });
    const blocked = async (): Promise<boolean> =>
      (await ns.exec([prog, '-S', 'INPUT'])).includes('--dport 5555 -j DROP');
    const apply = () =>
      cli(['apply', join(dir, 'block.rules'), '--no-wait', '--confirm-timeout', String(TIMEOUT), ...target()]);
    /** Fills the tmpfs with a file until only `pages` pages (4 KiB) are left. */
    const fill = async (pages: number): Promise<void> => {
      await execa('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=4096'], { reject: false });
      if (pages > 0) await execa('truncate', ['-s', `-${pages * 4096}`, join(disk, 'filler')]);
    };

    beforeAll(async () => {
      ns = await createNetns();
      dir = await mkdtemp(join(tmpdir(), 'fwtui-full-'));
      disk = join(dir, 'disk');
      await execa('mkdir', ['-m', '0700', disk]);
      await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', disk]);
      await writeFile(join(dir, 'block.rules'), BLOCK);
    });
    afterAll(async () => {
      await ns?.remove();
      if (disk) await execa('umount', ['-l', disk], { reject: false });
      await rm(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await rm(join(disk, 'filler'), { force: true });
      await cli(['revert', ...target()]);
      await rm(join(disk, 'fwtui'), { recursive: true, force: true });
      await ns.exec([`${prog}-restore`], BASE);
    });

    it('item 5: room for a few pages only: refused in plain words, ' +
      'nothing applied, nothing left to block the next apply', async () => {
      await fill(4);
      const r = await apply();
      expect(r.stderr).toMatch(/the disk holding .*fwtui.* is full/);
      expect(r.stderr).not.toMatch(/unexpected error|ENOSPC/);
      expect(r.exitCode).toBe(1);
      expect(await blocked()).toBe(false);
      // No pending token left behind: with room again, the next apply goes through without a status first.
      await rm(join(disk, 'filler'));
      const again = await apply();
      expect(again.stderr).toBe('');
      expect(again.exitCode).toBe(0);
      expect(await blocked()).toBe(true);
      expect((await cli(['revert', ...target()])).exitCode).toBe(0);
    }, 30_000);

    it('item 5: the disk fills up after apply: the guard reverts and records it, status stays clean', async () => {
      const r = await apply();
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const s = JSON.parse((await cli(['status', '--json', ...target()])).stdout) as Status;
      await fill(0);
      const back = await waitFor(async () => !(await blocked()), Date.parse(s.commit!.deadline) + 2000 - Date.now());
      expect(back, 'reverted on time on a full disk').not.toBeNull();
      await waitFor(async () => !(await readdir(s.commit!.dir)).some((n) => n.startsWith('reverting.')), 2000);
      expect((await readdir(s.commit!.dir)).filter((n) => /^(reverting\.|reverted$)/.test(n))).toEqual(['reverted']);
      const st = await cli(['status', ...target()]);
      expect(st.stderr).toBe('');
      expect(st.exitCode).toBe(0);
      // Still full: a new apply is refused for the disk, not for a commit left open.
      const full = await apply();
      expect(full.stderr).toMatch(/the disk holding .* is full/);
      expect(full.stderr).not.toMatch(/pending/);
      await rm(join(disk, 'filler'));
      expect((await apply()).exitCode).toBe(0);
      expect((await cli(['revert', ...target()])).exitCode).toBe(0);
    }, 30_000);
  });
}
