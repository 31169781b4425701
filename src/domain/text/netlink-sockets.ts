/**
 * `/proc/PID/net/netlink` read for one question: has a process joined the kernel's nf_tables event group yet (so
 * every ruleset commit from now on reaches it)? Pure.
 */

/** NETLINK_NETFILTER, the protocol of nf_tables' sockets (the table's `Eth` column). */
const NETLINK_NETFILTER = 12;
/** NFNLGRP_NFTABLES is group 7: bit 6 of the `Groups` mask. */
const NFTABLES_GROUP = 1 << 6;

/**
 * Whether one of `inodes` (the process's sockets, from its /proc/PID/fd links) is a netfilter netlink socket in the
 * nf_tables group. `table`: /proc/PID/net/netlink (`sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode`).
 */
export function joinedRulesetEvents(table: string, inodes: ReadonlySet<string>): boolean {
  return table
    .split('\n')
    .slice(1)
    .some((line) => {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || Number(f[1]) !== NETLINK_NETFILTER) return false;
      return (Number.parseInt(f[3]!, 16) & NFTABLES_GROUP) !== 0 && inodes.has(f[9]!);
    });
}

/** The inode of a `socket:[N]` fd link, or null for anything else. */
export const socketInode = (link: string): string | null => /^socket:\[(\d+)\]$/.exec(link)?.[1] ?? null;
