/**
 * `fwtui connections [-p P] [-s A] [-d A] [--sport N] [--dport N]`: the namespace's tracked connections that
 * match, one a line as the view's panel shows them (conntrack -L, else /proc/net/nf_conntrack). Exit 0, 1 when
 * they could not be read.
 */
import { connectionsThrough } from '../domain/analysis/connection-match.js';
import { connectionFilter } from '../domain/analysis/connection-filter.js';
import { readConnections } from '../backend/conntrack.js';
import type { CommandRunner } from '../backend/runner.js';
import type { Family } from '../domain/model/ruleset.js';
import { printable } from '../domain/text/printable.js';
import { connectionLine } from '../domain/listing/connection-lines.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface ConnectionsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function connectionsCommand(
  opts: CliOptions,
  runner: CommandRunner,
  io: ConnectionsIo,
): Promise<ExitCode> {
  const filter = connectionFilter(opts.packet);
  const read = await readConnections(runner, opts.netns);
  if (!read.ok) {
    io.stderr(`fwtui: the connections could not be read: ${printable(read.why)}\n`);
    return EXIT.failure;
  }
  if (read.note) io.stderr(`fwtui: ${printable(read.note)}\n`);
  const families: Family[] = opts.family ? [opts.family] : ['ipv4', 'ipv6'];
  const lines: string[] = [];
  let shown = 0;
  for (const family of families) {
    const m = connectionsThrough(filter, { family, table: 'filter', chain: '' }, read.entries);
    for (const entry of m.through) lines.push(connectionLine(entry));
    for (const { entry, why } of m.maybe) lines.push(connectionLine(entry, why));
    shown += m.through.length + m.maybe.length;
  }
  const of = read.entries.filter((e) => families.includes(e.family)).length;
  const skipped = read.unreadable > 0 ? `; ${read.unreadable} line(s) fwtui could not read` : '';
  io.stdout(lines.map((l) => `${printable(l)}\n`).join(''));
  io.stderr(`fwtui: ${shown} of ${of} tracked connection(s) match${skipped}\n`);
  return EXIT.ok;
}
