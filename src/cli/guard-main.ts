/**
 * `fwtui __guard DIR ROLE (--netns N | --host) --backend B --seal HEX`: the
 * entry of the two detached processes that guard a commit (started by the
 * safety net, not by admins). What they act on comes from these words.
 */
import { startDetachedWatcher } from '../app/safety/guard-launch.js';
import { createIptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { parseGuardArgs } from '../domain/commit/guard-argv.js';
import { runGuard } from '../app/safety/guard.js';
import { stateRoot, type GuardRole } from '../app/state/state-dir.js';

/**
 * @param args the words after `__guard`
 * @param self argv that starts this fwtui (node and its bundle): how a dead partner is started again.
 * @param out where its log lines go (stdout: the commit's guard.log; a prepared guard opens that file itself).
 */
export function guardMain(
  args: readonly string[],
  runner: CommandRunner,
  self: readonly string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  // A full disk under guard.log must not stop the guard: its log is a note, the revert is the job.
  process.stdout.on('error', () => undefined);
  const invocation = parseGuardArgs(args);
  const role = 'error' in invocation ? 'guard' : invocation.role;
  const log = (line: string): void => {
    try {
      // stdout is the commit's guard.log (or the journal under systemd-run).
      out(`${new Date().toISOString()} fwtui ${role}[${process.pid}]: ${line}\n`);
    } catch {
      // ENOSPC on the log file: go on without it.
    }
  };
  // The system log, where it exists: an anomaly must reach an admin who never runs fwtui status.
  const alarm = (line: string): void => {
    runner.run({ file: 'logger', args: ['-t', 'fwtui-guard', '-p', 'auth.crit', '--', line] }).catch(() => undefined);
  };
  if ('error' in invocation) {
    log(`ANOMALY: not started as a guard can be (${invocation.error}): guarding nothing`);
    alarm(`a guard was started wrongly (${invocation.error}): it guards nothing`);
    return Promise.resolve(2);
  }
  const { dir, anchor } = invocation;
  // Named for what it is (ps, /proc/PID/comm): a careless `pkill node` does not take the safety net
  // with it. The commit id stays in the command line: that is how a live guard is recognised.
  process.title = `fwtui-${role} ${dir.split('/').pop() ?? ''}`;
  return runGuard(dir, {
    base: stateRoot(undefined),
    role,
    anchor,
    // The anchor's firewall, never the record's: the two were checked equal, and the argv is the one to trust.
    makeIptables: () =>
      createIptables({ runner, netns: anchor.netns ?? undefined, variant: anchor.backend ?? undefined }),
    // The partner gets the same words this one was started with.
    restartPartner: (other: GuardRole) => startDetachedWatcher(runner, self, dir, other, anchor),
    log,
    alarm,
    now: () => Date.now(),
  });
}
