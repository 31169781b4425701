/** The two FirewallSources the live view can show: the live firewall, or a saved file. */
import { hostname } from 'node:os';
import type { Iptables } from '../backend/iptables.js';
import type { Ruleset } from '../domain/ruleset.js';
import type { FirewallSource } from '../store/firewall-source.js';

export function liveSource(iptables: Iptables): FirewallSource {
  return {
    live: true,
    label: iptables.netns ? `${hostname()} netns ${iptables.netns}` : hostname(),
    async families() {
      const [v4, v6] = await Promise.all([iptables.hasFamily('ipv4'), iptables.hasFamily('ipv6')]);
      return [...(v4 ? ['ipv4' as const] : []), ...(v6 ? ['ipv6' as const] : [])];
    },
    read: (family) => iptables.save(family),
    readTable: (family, table) => iptables.saveTable(family, table),
    zeroChain: (family, table, chain) => iptables.zeroChain(family, table, chain),
  };
}

/** A saved ruleset: one family, counters as in the file, nothing to refresh. */
export function fileSource(path: string, ruleset: Ruleset): FirewallSource {
  const read = async () => ({ ruleset, variant: 'file' as const, durationMs: 0 });
  return {
    live: false,
    label: path === '-' ? 'stdin' : path,
    families: async () => [ruleset.family],
    read,
    readTable: read,
    zeroChain: async () => {
      throw new Error('counters of a saved file cannot be zeroed');
    },
  };
}
