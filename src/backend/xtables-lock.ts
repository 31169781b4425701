/**
 * The legacy xtables lock held across a read and the write computed from it:
 * every legacy iptables writer flocks /run/xtables.lock (one file for all
 * network namespaces), so while fwtui holds it nobody can move rules between
 * fwtui's read and its write. fwtui's own writes meanwhile take a private
 * lock file instead (XTABLES_LOCKFILE, honoured since iptables 1.8.6).
 * The lock is taken by flock(1) on a descriptor fwtui keeps open: it stays
 * held until fwtui closes it, or dies.
 */
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandRunner } from './runner.js';

/** The lock held: `env` makes fwtui's own iptables commands skip it. */
export interface HeldXtablesLock {
  readonly env: Readonly<Record<string, string>>;
  release(): void;
}

/** The lock file legacy iptables uses. */
export const xtablesLockPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.XTABLES_LOCKFILE || '/run/xtables.lock';

/**
 * Takes the xtables lock, waiting up to `waitSec` seconds.
 * @throws Error when another program holds it that long, or it cannot be opened
 */
export async function holdXtablesLock(runner: CommandRunner, waitSec = 10): Promise<HeldXtablesLock> {
  const path = xtablesLockPath();
  const fd = openSync(path, constants.O_RDONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  let own: string | null = null;
  try {
    const r = await runner.run({ file: 'flock', args: ['--exclusive', '--wait', String(waitSec), '3'], fds: [fd] });
    if (r.exitCode !== 0)
      throw new Error(
        `another program held the xtables lock ${path} for ` +
          `${waitSec} s${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`,
      );
    own = mkdtempSync(join(tmpdir(), 'fwtui-xtables-'));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const dir = own;
  return {
    env: { XTABLES_LOCKFILE: join(dir, 'lock') },
    release() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
