/**
 * For the watch tests: `fwtui watch` started in a namespace, and the watch cleaners (`fwtui __watch-cleaner`,
 * detached) its watches started, found by their command line.
 */
import { execa, type ResultPromise } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { FWTUI } from './run-cli.js';

/**
 * Starts `fwtui watch --netns NETNS ARGS` and waits until it says it is watching (the TRACE rule is in). The child
 * is handed back in an object: returned bare from an async function, a promise-like child would be awaited to its
 * end.
 */
export async function startWatchCli(
  netns: string,
  env: Record<string, string>,
  args: readonly string[],
): Promise<{ child: ResultPromise }> {
  const child = execa(FWTUI[0]!, [...FWTUI.slice(1), 'watch', '--netns', netns, ...args], { env, reject: false });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  for (let i = 0; i < 100 && !err.includes('fwtui: watching'); i++) await new Promise((r) => setTimeout(r, 50));
  if (!err.includes('fwtui: watching')) throw new Error(`watch did not start: ${err}`);
  return { child };
}

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
