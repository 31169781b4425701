/**
 * `fwtui __guard DIR [guard|watcher]`: the entry of the two detached
 * processes that guard a commit (started by the safety net, not by admins).
 */
import { startDetachedWatcher } from '../backend/guard-launch.js';
import { createIptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { runGuard } from '../safety/guard.js';
import { stateRoot, type GuardRole } from '../safety/state-dir.js';

/**
 * @param self argv that starts this fwtui (node and its bundle): how a dead partner is started again.
 */
export function guardMain(dir: string, role: string | undefined, runner: CommandRunner, self: readonly string[]): Promise<number> {
  // A full disk under guard.log must not stop the guard: its log is a note, the revert is the job.
  process.stdout.on('error', () => undefined);
  const log = (line: string): void => {
    try {
      // stdout is the commit's guard.log (or the journal under systemd-run).
      process.stdout.write(`${new Date().toISOString()} fwtui ${role ?? 'guard'}[${process.pid}]: ${line}\n`);
    } catch {
      // ENOSPC on the log file: go on without it.
    }
  };
  if (role !== undefined && role !== 'guard' && role !== 'watcher') {
    log(`unknown role ${JSON.stringify(role)}`);
    return Promise.resolve(2);
  }
  // Named for what it is (ps, /proc/PID/comm): a careless `pkill node` does not take the safety net
  // with it. The commit id stays in the command line: that is how a live guard is recognised.
  process.title = `fwtui-${role ?? 'guard'} ${dir.split('/').pop() ?? ''}`;
  return runGuard(dir, {
    base: stateRoot(undefined),
    role: role ?? 'guard',
    makeIptables: (record) => createIptables({ runner, netns: record.netns ?? undefined, variant: record.backend ?? undefined }),
    restartPartner: (other: GuardRole) => startDetachedWatcher(runner, self, dir, other),
    log,
    // The system log, where it exists: an anomaly must reach an admin who never runs fwtui status.
    alarm: (line) => {
      runner.run({ file: 'logger', args: ['-t', 'fwtui-guard', '-p', 'auth.crit', '--', line] }).catch(() => undefined);
    },
    now: () => Date.now(),
  });
}
