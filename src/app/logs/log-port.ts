/**
 * The view's log port (l): reads whether this namespace's LOG rules reach the kernel log at all (see
 * domain/analysis/log-reach.ts), then follows the kernel log and the NFLOG groups asked for, in `netns`.
 */
import { interfaceIndexes } from '../../backend/interfaces.js';
import { startKernelLogReader, startNflogReader, type LogReader } from '../../backend/log-readers.js';
import { readNetnsFiles } from '../../backend/proc-files.js';
import type { CommandRunner } from '../../backend/runner.js';
import { logReach, type LogReach } from '../../domain/analysis/log-reach.js';
import type { LogFeed, LogPort } from '../../domain/ports/log-port.js';

const ALL_NETNS = '/proc/sys/net/netfilter/nf_log_all_netns';

/** Whether LOG rules in `netns` (here when undefined) reach the kernel log, as read now. */
export async function readLogReach(runner: CommandRunner, netns: string | undefined): Promise<LogReach> {
  const own = (await readNetnsFiles(runner, [ALL_NETNS])).get(ALL_NETNS) ?? null;
  const view = netns === undefined ? own : ((await readNetnsFiles(runner, [ALL_NETNS], netns)).get(ALL_NETNS) ?? null);
  return logReach({ viewAllNetns: view, ownAllNetns: own });
}

/** The port over the live firewall in `netns`. */
export function createLogPort(runner: CommandRunner, netns: string | undefined): LogPort {
  return {
    async start(request, listener) {
      const readers: LogReader[] = [];
      const reach = request.kernelLog ? await readLogReach(runner, netns) : null;
      const kernelLog = reach?.read === true;
      const on = (what: string) => ({
        hits: (hits: Parameters<typeof listener.hits>[0]) => listener.hits(hits),
        ended: (why: string) => listener.ended(what, why),
      });
      if (kernelLog) readers.push(startKernelLogReader(runner, on('kernel log')));
      const names = request.nflogGroups.length > 0 ? await interfaceIndexes(runner, netns) : new Map<number, string>();
      for (const group of request.nflogGroups)
        readers.push(startNflogReader(runner, netns, group, (i) => names.get(i) ?? null, on(`NFLOG group ${group}`)));
      const feed: LogFeed = {
        kernelLogSilent: reach?.silent ?? null,
        notes: reach?.note ? [reach.note] : [],
        kernelLog,
        nflogGroups: [...request.nflogGroups],
        stop: () => {
          for (const r of readers) r.stop();
        },
      };
      return feed;
    },
  };
}
