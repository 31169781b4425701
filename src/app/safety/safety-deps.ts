/** Builds the safety net's dependencies for this process: state directory, guard launcher, who is applying. */
import { readlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { createGuardLauncher } from './guard-launch.js';
import { createPreparedGuards } from './prepared-guards.js';
import { createIptables } from '../../backend/iptables.js';
import type { CommandRunner } from '../../backend/runner.js';
import type { CommitRecord } from '../../domain/commit/pending-commit.js';
import type { SafetyNetDeps } from './safety-net.js';
import { stateRoot } from '../state/state-dir.js';

export interface SafetyTarget {
  readonly netns: string | undefined;
  readonly backend: 'nft' | 'legacy' | undefined;
}

/** The terminal on stdin (/dev/pts/3), or null. */
function terminal(): string | null {
  try {
    const tty = readlinkSync('/proc/self/fd/0');
    return /^\/dev\/(pts\/|tty)/.test(tty) ? tty : null;
  } catch {
    return null;
  }
}

/** Who is applying: sudo's caller when there is one; SSH_CONNECTION when sudo kept it. */
export function author(env: NodeJS.ProcessEnv = process.env): CommitRecord['by'] {
  let user = env.SUDO_USER || env.USER || '';
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = `uid ${process.getuid?.() ?? '?'}`;
    }
  }
  return { user, tty: terminal(), ssh: env.SSH_CONNECTION || env.SSH_CLIENT || null, pid: process.pid };
}

/**
 * @param guardCommand argv that starts this fwtui (node and its bundle); the guard is `… __guard DIR`.
 */
export function safetyDeps(
  target: SafetyTarget,
  runner: CommandRunner,
  guardCommand: readonly string[],
): SafetyNetDeps {
  // Under systemd the guards are transient services started at the apply (systemd-run): none are prepared.
  const prepared = existsSync('/run/systemd/system') ? undefined : createPreparedGuards(runner, guardCommand);
  return {
    root: stateRoot(target.netns),
    netns: target.netns,
    backend: target.backend,
    makeIptables: (record) =>
      createIptables({ runner, netns: record.netns ?? undefined, variant: record.backend ?? undefined }),
    launchGuard: createGuardLauncher({ runner, command: guardCommand, ...(prepared ? { prepared } : {}) }),
    prepareGuards: () => prepared?.prepare(),
    by: author(),
    now: () => Date.now(),
  };
}
