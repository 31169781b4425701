/** `fwtui __guard DIR`: the entry of the detached guard process (started by the safety net, not by admins). */
import { createIptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { runGuard } from '../safety/guard.js';
import { stateRoot } from '../safety/state-dir.js';

export function guardMain(dir: string, runner: CommandRunner): Promise<number> {
  // A full disk under guard.log must not stop the guard: its log is a note, the revert is the job.
  process.stdout.on('error', () => undefined);
  return runGuard(dir, {
    base: stateRoot(undefined),
    makeIptables: (record) => createIptables({ runner, netns: record.netns ?? undefined, variant: record.backend ?? undefined }),
    // stdout is the commit's guard.log (or the journal under systemd-run).
    log: (line) => {
      try {
        process.stdout.write(`${new Date().toISOString()} fwtui guard[${process.pid}]: ${line}\n`);
      } catch {
        // ENOSPC on the log file: go on without it.
      }
    },
    // The system log, where it exists: an anomaly must reach an admin who never runs fwtui status.
    alarm: (line) => {
      runner.run({ file: 'logger', args: ['-t', 'fwtui-guard', '-p', 'auth.crit', '--', line] }).catch(() => undefined);
    },
    now: () => Date.now(),
  });
}
