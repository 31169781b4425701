/**
 * The one place fwtui runs `conntrack` (argv, never a shell), in the firewall's network namespace: the table
 * of tracked connections (`conntrack -L -o extended`, else `/proc/net/nf_conntrack`) and dropping one entry.
 */
import type { Command, CommandResult } from './command.js';
import { CommandNotFoundError, execFailedMissing } from './errors.js';
import { missingProgramMessage } from './missing-program.js';
import type { CommandRunner } from './runner.js';
import { addressValue } from '../domain/model/ip-net.js';
import type { ConnectionsPort, ConnectionsRead, DropOutcome } from '../domain/ports/connections-port.js';
import { parseConntrack, type ConnEntry } from '../domain/text/conntrack-entries.js';

const PROC_FILE = '/proc/net/nf_conntrack';

/** `conntrack ARGS` (or any program) in the namespace, or here. */
export function inNetns(netns: string | undefined, file: string, args: readonly string[]): Command {
  return netns === undefined ? { file, args } : { file: 'ip', args: ['netns', 'exec', netns, file, ...args] };
}

/** Runs a program; null when it is not installed (here, or inside the namespace). */
async function tryRun(runner: CommandRunner, cmd: Command, program: string): Promise<CommandResult | null> {
  try {
    const r = await runner.run(cmd);
    return r.exitCode !== 0 && execFailedMissing(r.stderr) ? null : r;
  } catch (e) {
    if (e instanceof CommandNotFoundError && e.program === program) return null;
    throw e;
  }
}

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

/** The namespace's tracked connections: conntrack's list, or the kernel's file when conntrack is not installed. */
export async function readConnections(runner: CommandRunner, netns?: string): Promise<ConnectionsRead> {
  try {
    const listed = await tryRun(runner, inNetns(netns, 'conntrack', ['-L', '-o', 'extended']), 'conntrack');
    if (listed && listed.exitCode === 0) {
      const table = parseConntrack(listed.stdout);
      return { ok: true, entries: table.entries, unreadable: table.unreadable.length, via: 'conntrack', note: null };
    }
    if (listed)
      return { ok: false, why: `conntrack -L failed: ${firstLine(listed.stderr) || `exit ${listed.exitCode}`}` };
    const missing = missingProgramMessage('conntrack');
    const proc = await tryRun(runner, inNetns(netns, 'cat', [PROC_FILE]), 'cat');
    if (proc?.exitCode !== 0) {
      const detail = proc ? `: ${firstLine(proc.stderr) || `exit ${proc.exitCode}`}` : '';
      return { ok: false, why: `${missing}; nor can ${PROC_FILE} be read${detail}` };
    }
    const table = parseConntrack(proc.stdout);
    const note = `read from ${PROC_FILE}: ${missing} (dropping a connection needs it)`;
    return { ok: true, entries: table.entries, unreadable: table.unreadable.length, via: 'proc', note };
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  }
}

/** ICMP's options in conntrack: `--icmp-type` for IPv4, `--icmpv6-type` for IPv6. */
const ICMP_OPTION: Readonly<Record<string, string>> = { icmp: 'icmp', icmpv6: 'icmpv6', 'ipv6-icmp': 'icmpv6' };
const PORTED = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp']);

/**
 * `conntrack -D` arguments that name exactly this entry (family, protocol, both addresses, both ports or the
 * ICMP type, code and id, the zone); or why fwtui will not drop it (a protocol it cannot name exactly).
 */
export function dropArgs(entry: ConnEntry): string[] | string {
  const o = entry.original;
  if (!addressValue(o.source) || !addressValue(o.destination))
    return `${o.source} → ${o.destination} is not an address`;
  const base = ['-D', '-f', entry.family, '-p', entry.protocol, '-s', o.source, '-d', o.destination];
  // Always a zone: `conntrack -D` without --zone deletes the same tuple in every zone (zone 0 is not printed).
  const zone = ['--zone', String(entry.zone ?? 0)];
  if (PORTED.has(entry.protocol) && o.sourcePort !== null && o.destinationPort !== null)
    return [...base, '--sport', String(o.sourcePort), '--dport', String(o.destinationPort), ...zone];
  const icmp = ICMP_OPTION[entry.protocol];
  if (icmp && o.icmp) {
    const { type, code, id } = o.icmp;
    return [
      ...base,
      `--${icmp}-type`,
      String(type),
      `--${icmp}-code`,
      String(code),
      `--${icmp}-id`,
      String(id),
      ...zone,
    ];
  }
  const named = 'tcp, udp, udplite, sctp, dccp, icmp';
  return `fwtui drops only connections it can name exactly (${named}), not ${entry.protocol}`;
}

/** Deletes exactly one tracked connection; says how many entries conntrack reports deleted. Never throws. */
export async function dropConnection(runner: CommandRunner, entry: ConnEntry, netns?: string): Promise<DropOutcome> {
  const args = dropArgs(entry);
  if (typeof args === 'string') return { deleted: null, words: args };
  try {
    const r = await tryRun(runner, inNetns(netns, 'conntrack', args), 'conntrack');
    if (!r) return { deleted: null, words: missingProgramMessage('conntrack') };
    // conntrack says "N flow entries have been deleted." (exit 1 when N is 0).
    const m = /(\d+) flow entr(?:y|ies) (?:has|have) been deleted/.exec(r.stderr);
    if (m) return { deleted: Number(m[1]), words: firstLine(m[0]) };
    return { deleted: null, words: `conntrack -D failed: ${firstLine(r.stderr) || `exit ${r.exitCode}`}` };
  } catch (e) {
    return { deleted: null, words: e instanceof Error ? e.message : String(e) };
  }
}

/** The namespace's connection tracking as the view's port. */
export function connectionsPort(runner: CommandRunner, netns?: string): ConnectionsPort {
  return { list: () => readConnections(runner, netns), drop: (entry) => dropConnection(runner, entry, netns) };
}
