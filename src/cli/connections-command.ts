/**
 * `fwtui connections [-p P [--sport N] [--dport N]] [-s A] [-d A]`: the namespace's tracked connections that
 * match, one a line as the view's panel shows them (conntrack -L, else /proc/net/nf_conntrack). Exit 0, 1 when
 * they could not be read.
 */
import { connectionsThrough } from '../domain/analysis/connection-match.js';
import { connectionFilter } from '../domain/analysis/connection-filter.js';
import { readConnections } from '../backend/conntrack.js';
import type { CommandRunner } from '../backend/runner.js';
import type { Family } from '../domain/model/ruleset.js';
import { printable } from '../domain/text/printable.js';
import { connectionLine, NOTHING_TRACKED } from '../domain/listing/connection-lines.js';
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
  // IPv4 unless -6, as everywhere in fwtui; no rule, so either side of a DNAT picks a connection.
  const family: Family = opts.family ?? 'ipv4';
  const m = connectionsThrough(filter, { family, table: 'filter', chain: '', side: 'either' }, read.entries);
  const lines = [
    ...m.through.map((e) => connectionLine(e)),
    ...m.maybe.map(({ entry, why }) => connectionLine(entry, why)),
  ];
  const of = read.entries.filter((e) => e.family === family).length;
  const skipped = read.unreadable > 0 ? `; ${read.unreadable} line(s) fwtui could not read` : '';
  io.stdout(lines.map((l) => `${printable(l)}\n`).join(''));
  if (read.entries.length === 0 && read.unreadable === 0) io.stderr(`fwtui: ${NOTHING_TRACKED}\n`);
  else {
    const shown = m.through.length + m.maybe.length;
    io.stderr(
      `fwtui: ${shown} of ${of} tracked ${family === 'ipv6' ? 'IPv6' : 'IPv4'} connection(s) match${skipped}\n`,
    );
  }
  return EXIT.ok;
}
