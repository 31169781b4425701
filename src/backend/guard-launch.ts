/**
 * Starting the guard so that nothing of the admin's session can stop it:
 * where systemd is PID 1, a transient service (systemd-run), which also
 * leaves the login session's cgroup; elsewhere a child in its own session
 * (setsid through `detached`), no terminal, output to a log file, reparented
 * to init when fwtui exits. The launch counts only once the guard's pidfile
 * names a live process.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { readGuardPid, processAlive } from '../safety/state-dir.js';
import type { CommandRunner } from './runner.js';

export interface GuardLaunchOptions {
  readonly runner: CommandRunner;
  /** argv that runs `fwtui __guard DIR` (node and the bundle). */
  readonly command: readonly string[];
  /** Use systemd-run. @default whether /run/systemd/system exists (systemd is PID 1) */
  readonly systemd?: boolean;
  /** How long to wait for the pidfile. @default 5000 */
  readonly waitMs?: number;
}

/** The systemd-run argv for one commit's guard (exported for tests). */
export function systemdRunArgs(id: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): string[] {
  // A transient service does not inherit fwtui's environment: pass on where the state lives.
  const setenv = env.FWTUI_STATE_DIR ? [`--setenv=FWTUI_STATE_DIR=${env.FWTUI_STATE_DIR}`] : [];
  return [
    '--unit', `fwtui-guard-${id}`, '--description', `fwtui: revert commit ${id} unless confirmed`,
    '--collect', '--quiet', '--service-type=exec', '--property=KillMode=process', ...setenv, '--', ...argv,
  ];
}

export function createGuardLauncher(options: GuardLaunchOptions): (dir: string, id: string) => Promise<void> {
  return async (dir, id) => {
    const argv = [...options.command, '__guard', dir];
    const systemd = options.systemd ?? existsSync('/run/systemd/system');
    if (systemd) {
      const r = await options.runner.run({ file: 'systemd-run', args: systemdRunArgs(id, argv, process.env) });
      if (r.exitCode !== 0) throw new Error(`systemd-run failed: ${r.stderr.trim()}`);
    } else {
      // Never through a planted symlink (the commit directory is new and root's alone, see ensureStateDir).
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW;
      const log = openSync(join(dir, 'guard.log'), flags, 0o600);
      try {
        const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', log, log], cwd: '/' });
        child.on('error', () => undefined);
        child.unref();
        // Not run through the runner (it would wait): still listed in the command log.
        const started = { stdout: '', stderr: '', exitCode: 0, durationMs: 0, detached: true };
        options.runner.note?.({ file: argv[0]!, args: argv.slice(1) }, started);
      } finally {
        closeSync(log);
      }
    }
    const until = Date.now() + (options.waitMs ?? 5000);
    while (Date.now() < until) {
      const pid = readGuardPid(dir);
      if (pid !== null && processAlive(pid, id)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no guard process reported for commit ${id} within ${(options.waitMs ?? 5000) / 1000} s`);
  };
}
