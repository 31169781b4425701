/**
 * `fwtui trace`: what the firewall does with one packet, and which rules
 * decide it. Exit 0 accept, 1 drop or reject, 3 uncertain (errors: 11, see main.ts).
 */
import { createIptables } from '../backend/iptables.js';
import { readSetsFor } from '../backend/ipset.js';
import { usesSets } from '../domain/sets/ip-set.js';
import { interfaceTowards } from '../backend/routes.js';
import type { CommandRunner } from '../backend/runner.js';
import { tracePacket } from '../domain/evaluate.js';
import { parsePacketSpec } from '../domain/packet-spec.js';
import type { Packet } from '../domain/packet.js';
import type { Ruleset } from '../domain/ruleset.js';
import { traceJson, traceReport } from '../domain/trace-report.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { loadFromFile, loadLive } from './source.js';
import { printable } from '../domain/printable.js';

export interface TraceIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: () => Promise<string>;
}

/** Exit codes of trace: the verdict, for scripts. */
export const TRACE_EXIT = { accept: 0, blocked: 1, uncertain: 3 } as const;

export async function traceCommand(opts: CliOptions, runner: CommandRunner, io: TraceIo): Promise<ExitCode> {
  let packet = parsePacketSpec(opts.packet, opts.family);
  const notes: string[] = [];
  let ruleset: Ruleset;
  if (opts.file !== undefined) {
    ruleset = (await loadFromFile(opts.file, packet.family, io.stdin)).ruleset;
  } else {
    ruleset = (await loadLive(createIptables({ runner, netns: opts.netns, variant: opts.backend }), packet.family)).ruleset;
    // -m set is decided from the namespace's sets, read only when a rule uses one.
    if (usesSets(ruleset.tables)) ruleset = { ...ruleset, sets: await readSetsFor(runner, opts.netns) };
    const filled = await withRouteInterface(packet, runner, opts.netns);
    if (filled !== packet) notes.push(`(-i ${filled.inInterface ?? ''}: the interface of the route to ${packet.source}; give -i to say otherwise)`);
    packet = filled;
  }
  for (const w of ruleset.warnings) io.stderr(`fwtui: warning: ${printable(w)}\n`);
  const trace = tracePacket(ruleset, packet);
  if (opts.json) io.stdout(`${JSON.stringify(traceJson(packet, trace), null, 2)}\n`);
  else io.stdout(`${[...traceReport(packet, trace), ...notes].join('\n')}\n`);
  if (trace.verdict === null) return TRACE_EXIT.uncertain as ExitCode;
  return trace.verdict === 'ACCEPT' ? EXIT.ok : EXIT.failure;
}

/** A received packet with no `-i`: the interface its source is reached through, when the routes say. */
export async function withRouteInterface(packet: Packet, runner: CommandRunner, netns?: string): Promise<Packet> {
  if (packet.direction === 'output' || packet.inInterface !== null || packet.source === null) return packet;
  const iface = await interfaceTowards(runner, packet.source, netns);
  return iface === null ? packet : { ...packet, inInterface: iface };
}
