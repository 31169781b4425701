/**
 * Starting a commit's two watchers so that nothing of the admin's session can
 * stop them: the guard and its watcher, each a child in its own session
 * (setsid through the runner's `detach`), no terminal, output to the commit's
 * log, reparented to init when fwtui exits. Each restarts the other when it
 * dies (see src/app/safety/guard.ts), so one kill -9 does not leave the rules
 * unguarded. Where systemd is PID 1 each runs as a transient service instead
 * (systemd-run), which also leaves the login session's cgroup: that path is
 * not covered by the tests (CI has no systemd). Elsewhere a pair started
 * early and waiting (prepared-guards.ts) is handed the commit first. The launch counts only once
 * both pidfiles name live processes. Each is told on its command line what
 * it acts on (namespace, backend, the seal of the commit's files): it
 * cross-checks the record with that, never takes it from the record alone.
 */
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { SealAnchor } from '../../domain/commit/commit-seal.js';
import { guardAnchorArgs } from '../../domain/commit/guard-argv.js';
import { guardAlive, type GuardRole } from '../state/state-dir.js';
import type { PreparedGuards } from './prepared-guards.js';
import type { CommandRunner } from '../../backend/runner.js';

export interface GuardLaunchOptions {
  readonly runner: CommandRunner;
  /** argv that runs `fwtui __guard DIR ROLE …` (node and the bundle). */
  readonly command: readonly string[];
  /** Use systemd-run. @default whether /run/systemd/system exists (systemd is PID 1) */
  readonly systemd?: boolean;
  /** How long to wait for the pidfiles. @default 5000 */
  readonly waitMs?: number;
  /** A pair started early (prepared-guards.ts): handed the commit first; started afresh when it does not answer. */
  readonly prepared?: PreparedGuards;
}

const ROLES: readonly GuardRole[] = ['guard', 'watcher'];

/** The systemd-run argv for one commit's guard or watcher (exported for tests). */
export function systemdRunArgs(
  id: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
  role: GuardRole = 'guard',
): string[] {
  // A transient service does not inherit fwtui's environment: pass on where the state lives.
  const setenv = env.FWTUI_STATE_DIR ? [`--setenv=FWTUI_STATE_DIR=${env.FWTUI_STATE_DIR}`] : [];
  return [
    '--unit',
    `fwtui-${role}-${id}`,
    '--description',
    `fwtui: revert commit ${id} unless confirmed (${role})`,
    '--collect',
    '--quiet',
    '--service-type=exec',
    '--property=KillMode=process',
    ...setenv,
    '--',
    ...argv,
  ];
}

/** The argv of one of a commit's watchers: `… __guard DIR ROLE (--netns N|--host) --backend B --seal HEX`. */
export const guardArgv = (command: readonly string[], dir: string, role: GuardRole, anchor: SealAnchor): string[] => [
  ...command,
  '__guard',
  dir,
  role,
  ...guardAnchorArgs(anchor),
];

/**
 * Starts one watcher of the commit in `dir` as a detached process (used by
 * the launcher and by a watcher restarting its dead partner, with the anchor it was started with).
 * @throws Error when the runner cannot start detached processes
 */
export function startDetachedWatcher(
  runner: CommandRunner,
  command: readonly string[],
  dir: string,
  role: GuardRole,
  anchor: SealAnchor,
): number | null {
  // Never through a planted symlink (the commit directory is new and root's alone, see ensureStateDir).
  const log = openSync(
    join(dir, 'guard.log'),
    constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    if (!runner.detach) throw new Error('this runner cannot start a detached guard');
    const [file, ...args] = guardArgv(command, dir, role, anchor);
    return runner.detach({ file: file!, args }, log);
  } finally {
    closeSync(log);
  }
}

/** The safety net's launcher: starts both watchers of a commit, told what they act on (`anchor`). */
export function createGuardLauncher(
  options: GuardLaunchOptions,
): (dir: string, id: string, anchor: SealAnchor) => Promise<void> {
  return async (dir, id, anchor) => {
    const systemd = options.systemd ?? existsSync('/run/systemd/system');
    if (!systemd && (await options.prepared?.handOver(dir, id, anchor, options.waitMs ?? 5000))) return;
    for (const role of ROLES) {
      if (systemd) {
        const argv = guardArgv(options.command, dir, role, anchor);
        const r = await options.runner.run({ file: 'systemd-run', args: systemdRunArgs(id, argv, process.env, role) });
        if (r.exitCode !== 0) throw new Error(`systemd-run failed: ${r.stderr.trim()}`);
      } else {
        startDetachedWatcher(options.runner, options.command, dir, role, anchor);
      }
    }
    const entry = { dir, record: { id } };
    const until = Date.now() + (options.waitMs ?? 5000);
    while (Date.now() < until) {
      if (ROLES.every((role) => guardAlive(entry, role))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no guard process reported for commit ${id} within ${(options.waitMs ?? 5000) / 1000} s`);
  };
}
