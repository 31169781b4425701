/** The watch cleaners (`fwtui __watch-cleaner`, detached) a test's watches started, found by their command line. */
import { readdir, readFile } from 'node:fs/promises';

/** The processes whose command line names namespace `netns` (fwtui, its cleaners), with its words. */
export async function fwtuiProcesses(netns: string): Promise<{ pid: number; words: string[] }[]> {
  const found: { pid: number; words: string[] }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const words = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split(/[\0 ]/);
    if (words.includes(netns) && words.some((w) => w.includes('fwtui'))) found.push({ pid: Number(entry), words });
  }
  return found;
}

/** The pids of the watch cleaners started for the firewall in namespace `netns`. */
export async function watchCleaners(netns: string): Promise<number[]> {
  // Its argv (`… __watch-cleaner ID --netns NAME …`) until it names itself `fwtui-watch-cleaner ID netns NAME`.
  return (await fwtuiProcesses(netns))
    .filter((p) => p.words.includes('__watch-cleaner') || p.words.includes('fwtui-watch-cleaner'))
    .map((p) => p.pid);
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
