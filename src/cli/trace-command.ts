/**
 * `fwtui trace`: what the firewall does with one packet, and which rules
 * decide it. Exit 0 accept, 1 drop or reject, 3 uncertain (errors: 11, see main.ts).
 */
import { createIptables } from '../backend/iptables.js';
import { readSetsFor } from '../backend/ipset.js';
import { usesSets } from '../domain/sets/ip-set.js';
import { interfaceTowards } from '../backend/routes.js';
import { forwardingFile, forwards, listAddresses } from '../backend/local-addresses.js';
import { notForThisMachine, type InterfaceAddress } from '../domain/analysis/local-addresses.js';
import type { CommandRunner } from '../backend/runner.js';
import { tracePacket, type Trace } from '../domain/analysis/evaluate.js';
import { describePacket, parsePacketSpec } from '../domain/analysis/packet-spec.js';
import type { Packet } from '../domain/analysis/packet.js';
import type { Ruleset } from '../domain/model/ruleset.js';
import { traceJson, traceReport } from '../domain/analysis/trace-report.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { loadFromFile, loadLive } from '../app/sources/load-ruleset.js';
import { printable } from '../domain/text/printable.js';

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
    ruleset = (await loadLive(createIptables({ runner, netns: opts.netns, variant: opts.backend }), packet.family))
      .ruleset;
    // -m set is decided from the namespace's sets, read only when a rule uses one.
    if (usesSets(ruleset.tables)) ruleset = { ...ruleset, sets: await readSetsFor(runner, opts.netns) };
    const locals = await listAddresses(runner, opts.netns);
    if (locals !== null) ruleset = { ...ruleset, localAddresses: locals };
    const where = await whereItGoes(packet, opts.packet.includes('--direction'), locals, runner, opts.netns);
    if (where.uncertain !== undefined) return uncertainPath(packet, where.uncertain, opts.json, io);
    if (where.note !== undefined) notes.push(where.note);
    packet = where.packet;
    const filled = await withRouteInterface(packet, runner, opts.netns);
    if (filled !== packet)
      notes.push(
        `(-i ${filled.inInterface ?? ''}: the interface of the route to ${packet.source}; give -i to say otherwise)`,
      );
    packet = filled;
  }
  for (const w of ruleset.warnings) io.stderr(`fwtui: warning: ${printable(w)}\n`);
  const trace = tracePacket(ruleset, packet);
  if (opts.json) io.stdout(`${JSON.stringify(traceJson(packet, trace), null, 2)}\n`);
  else io.stdout(`${[...traceReport(packet, trace), ...notes].join('\n')}\n`);
  if (trace.verdict === null) return TRACE_EXIT.uncertain as ExitCode;
  return trace.verdict === 'ACCEPT' ? EXIT.ok : EXIT.failure;
}

/**
 * A packet given without --direction is taken as one for this machine; when the namespace's
 * addresses are known and its destination is not one of them, it does not go that way: traced as
 * forwarded when the namespace forwards, otherwise the answer is uncertain, saying why.
 */
async function whereItGoes(
  packet: Packet,
  directionGiven: boolean,
  locals: readonly InterfaceAddress[] | null,
  runner: CommandRunner,
  netns?: string,
): Promise<{ packet: Packet; note?: string; uncertain?: string }> {
  const to = packet.destination;
  if (directionGiven || packet.direction !== 'input' || to === null || locals === null) return { packet };
  const foreign = notForThisMachine(locals, to);
  if (foreign === null) return { packet };
  const on = await forwards(runner, packet.family, netns);
  if (on === true) {
    const note = `(${foreign}, and it forwards: traced as forwarded; give --direction to say otherwise)`;
    return { packet: { ...packet, direction: 'forward', outInterface: null }, note };
  }
  const off =
    on === false
      ? `, and it does not forward (${forwardingFile(packet.family)} is 0): the packet is not ` +
        'delivered here nor forwarded'
      : ': it would be forwarded (or routed)';
  return { packet, uncertain: `${foreign}${off}; trace it with --direction forward to see the FORWARD rules` };
}

/** The answer when the packet does not take the path asked about: uncertain, exit 3. */
function uncertainPath(packet: Packet, why: string, json: boolean, io: TraceIo): ExitCode {
  const trace: Trace = {
    verdict: null,
    possible: [],
    path: [],
    decidedBy: null,
    uncertainAt: { rule: null, why },
    assumptions: [],
  };
  if (json) io.stdout(`${JSON.stringify(traceJson(packet, trace), null, 2)}\n`);
  else io.stdout(`packet: ${describePacket(packet, 'for another machine')}\nverdict: uncertain: ${why}\n`);
  return TRACE_EXIT.uncertain as ExitCode;
}

/** A received packet with no `-i`: the interface its source is reached through, when the routes say. */
export async function withRouteInterface(packet: Packet, runner: CommandRunner, netns?: string): Promise<Packet> {
  if (packet.direction === 'output' || packet.inInterface !== null || packet.source === null) return packet;
  const iface = await interfaceTowards(runner, packet.source, netns);
  return iface === null ? packet : { ...packet, inInterface: iface };
}
