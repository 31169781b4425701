/** The watch cleaners (`fwtui __watch-cleaner`, detached) a test's watches started, found by their command line. */
import { readdir, readFile } from 'node:fs/promises';

/** The pids of the watch cleaners started for the firewall in namespace `netns`. */
export async function watchCleaners(netns: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Its argv (`… __watch-cleaner ID --netns NAME …`) until it names itself `fwtui-watch-cleaner ID netns NAME`.
    const words = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split(/[\0 ]/);
    const cleaner = words.includes('__watch-cleaner') || words.includes('fwtui-watch-cleaner');
    if (cleaner && words.includes(netns)) found.push(Number(entry));
  }
  return found;
}

/** Kills them (kill -9), as an OOM killer or a careless admin would. */
export async function killWatchCleaners(netns: string): Promise<void> {
  for (const pid of await watchCleaners(netns)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
}
