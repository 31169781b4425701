/**
 * `fwtui __watch-cleaner ID (--netns N | --host) --family F --backend B --owner PID`: the entry of the detached
 * process that takes a watch's TRACE rules out when its fwtui dies (app/watch/watch-cleaner.ts; started by the
 * watch, not by admins). What it acts on comes from these words.
 */
import { runWatchCleaner } from '../app/watch/watch-cleaner.js';
import type { CommandRunner } from '../backend/runner.js';
import { parseWatchCleanerArgs } from '../domain/analysis/watch-cleaner-argv.js';

/** @param args the words after `__watch-cleaner` */
export async function watchCleanerMain(args: readonly string[], runner: CommandRunner): Promise<number> {
  // Its output goes nowhere (see startWatchCleaner); a hang-up or ^C of whatever started it must not stop it.
  process.stdout.on('error', () => undefined);
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGQUIT'] as const) process.on(signal, () => undefined);
  const log = (line: string): void => {
    try {
      process.stdout.write(`${new Date().toISOString()} fwtui watch-cleaner[${process.pid}]: ${line}\n`);
    } catch {
      // Nobody reads it.
    }
  };
  // The system log: a watch that could not be cleaned, or a cleaner started wrongly, must reach an admin.
  const alarm = (line: string): Promise<unknown> =>
    runner.run({ file: 'logger', args: ['-t', 'fwtui-watch-cleaner', '-p', 'auth.err', '--', line] }).catch(() => 0);
  const target = parseWatchCleanerArgs(args);
  if ('error' in target) {
    log(`not started as a watch cleaner can be (${target.error}): cleaning nothing`);
    await alarm(`a watch cleaner was started wrongly (${target.error}): it cleans nothing`);
    return 2;
  }
  // Named for what it is (ps, /proc/PID/cmdline): which watch of which firewall.
  process.title = `fwtui-watch-cleaner ${target.id} ${target.netns === null ? 'host' : `netns ${target.netns}`}`;
  let last = '';
  const code = await runWatchCleaner(target, {
    runner,
    log: (line) => {
      last = line;
      log(line);
    },
  });
  if (code !== 0) await alarm(`${last} (the next fwtui command on this firewall tries again)`);
  return code;
}
