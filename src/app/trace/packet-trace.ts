/**
 * `fwtui trace`'s use case: the ruleset a packet meets (a file, or the live firewall with its sets,
 * addresses and routes), the path the packet takes, and the rules that decide it.
 */
import { readSetsFor } from '../../backend/ipset.js';
import { interfaceTowards } from '../../backend/routes.js';
import { forwardingFile, forwards, listAddresses } from '../../backend/local-addresses.js';
import { readRouting } from '../../backend/routing-facts.js';
import type { CommandRunner } from '../../backend/runner.js';
import { usesSets } from '../../domain/sets/ip-set.js';
import { notForThisMachine, type InterfaceAddress } from '../../domain/analysis/local-addresses.js';
import { tracePacket, type Trace } from '../../domain/analysis/evaluate.js';
import type { Packet } from '../../domain/analysis/packet.js';
import type { Ruleset } from '../../domain/model/ruleset.js';
import { rewritesDestinations as natRewrites } from '../../domain/analysis/routing.js';
import { iptablesFor, loadFromFile, loadLive, type FirewallScope } from '../sources/load-ruleset.js';

/** Where the rules come from: --file (or stdin), otherwise the live firewall of the scope. */
export interface TraceSource extends FirewallScope {
  readonly file: string | undefined;
}

export type PacketTrace =
  /** Traced through the rules; `notes` say what fwtui assumed (direction, interface), `warnings` the ruleset's. */
  | {
      readonly kind: 'traced';
      readonly packet: Packet;
      readonly trace: Trace;
      readonly notes: readonly string[];
      readonly warnings: readonly string[];
    }
  /** The packet does not take the path asked about (not for this machine, not forwarded): uncertain, `why`. */
  | { readonly kind: 'off-path'; readonly packet: Packet; readonly trace: Trace; readonly why: string };

/**
 * Traces `packet` through the rules of `from`.
 * @param directionGiven whether the admin gave --direction (otherwise a packet for another machine is re-aimed)
 */
export async function tracePacketIn(
  from: TraceSource,
  given: Packet,
  directionGiven: boolean,
  runner: CommandRunner,
  stdin: () => Promise<string>,
): Promise<PacketTrace> {
  let packet = given;
  const notes: string[] = [];
  let ruleset: Ruleset;
  if (from.file !== undefined) {
    ruleset = (await loadFromFile(from.file, packet.family, stdin)).ruleset;
  } else {
    ruleset = (await loadLive(iptablesFor(from, runner), packet.family)).ruleset;
    // -m set is decided from the namespace's sets, read only when a rule uses one.
    if (usesSets(ruleset.tables)) ruleset = { ...ruleset, sets: await readSetsFor(runner, from.netns) };
    const locals = await listAddresses(runner, from.netns);
    if (locals !== null) ruleset = { ...ruleset, localAddresses: locals };
    // Where a DNAT or REDIRECT sends the packet next: read only when a nat rule rewrites destinations.
    if (rewritesDestinations(ruleset))
      ruleset = { ...ruleset, routing: await readRouting(runner, packet.family, from.netns) };
    const where = await whereItGoes(packet, directionGiven, locals, runner, from.netns);
    if (where.uncertain !== undefined) return offPath(packet, where.uncertain);
    if (where.note !== undefined) notes.push(where.note);
    packet = where.packet;
    const filled = await withRouteInterface(packet, runner, from.netns);
    if (filled !== packet)
      notes.push(
        `(-i ${filled.inInterface ?? ''}: the interface of the route to ${packet.source}; give -i to say otherwise)`,
      );
    packet = filled;
  }
  return { kind: 'traced', packet, trace: tracePacket(ruleset, packet), notes, warnings: ruleset.warnings };
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

/** The answer when the packet does not take the path asked about: uncertain, saying why. */
function offPath(packet: Packet, why: string): PacketTrace {
  const trace: Trace = {
    verdict: null,
    possible: [],
    path: [],
    decidedBy: null,
    uncertainAt: { rule: null, why },
    assumptions: [],
    rewrites: [],
    routed: null,
  };
  return { kind: 'off-path', packet, trace, why };
}

/** A received packet with no `-i`: the interface its source is reached through, when the routes say. */
export async function withRouteInterface(packet: Packet, runner: CommandRunner, netns?: string): Promise<Packet> {
  if (packet.direction === 'output' || packet.inInterface !== null || packet.source === null) return packet;
  const iface = await interfaceTowards(runner, packet.source, netns);
  return iface === null ? packet : { ...packet, inInterface: iface };
}

/** Whether the nat table has a DNAT or REDIRECT rule (routing then decides where the packet goes). */
export function rewritesDestinations(ruleset: Ruleset): boolean {
  return natRewrites(ruleset.tables);
}
