/**
 * The exposure report: for each interface, every listening socket and every DNAT'd port with the verdict
 * for a NEW packet from the internet. A socket behind a DNAT of the same port (docker-proxy) is counted
 * under that DNAT, not as a port of its own. Pure: the facts come in, the report goes out.
 */
import type { InterfaceAddress } from '../analysis/local-addresses.js';
import { addressValue, hostNet, netContains, parseNet } from '../model/ip-net.js';
import type { RoutingFacts } from '../analysis/routing.js';
import type { Ruleset } from '../model/ruleset.js';
import { dnatOn, dnatTarget, dnatTo, publishedOn, targetIsHere } from './dnat-entry.js';
import type { DnatPort } from './dnat-ports.js';
import { dnatRuns, runKey } from './dnat-runs.js';
import { byPort, otherOwner, reachedThrough } from './other-address.js';
import type { ExposureEntry, ExposureReport, OtherTable } from './exposure-entry.js';
import { judgePort, type Judgement, type Sources, type TraceCache } from './exposure-verdict.js';
import { internalBridges, onInternalBridge, type Link } from './internal-bridges.js';
import { isLoopback, isWildcard, type Listener, type Proto } from './listeners.js';
import { neighbourWords } from './loopback-publish.js';
import { acceptedPorts } from './accepted-ports.js';
import { portClasses } from './port-classes.js';
import { boundarySources, internetAddress } from './probe-sources.js';

/** What the report is made from (one family). */
export interface ExposureFacts {
  /** The rules, with the namespace's sets and addresses when they were read. */
  readonly ruleset: Ruleset;
  /** Non-loopback interfaces that are up. */
  readonly interfaces: readonly string[];
  readonly locals: readonly InterfaceAddress[];
  /** The interfaces' addresses could not be read (`locals` is empty for it): a bound address's owner is unknown. */
  readonly localsUnknown?: boolean;
  /** The family's listeners (see listenersOf). */
  readonly listeners: readonly Listener[];
  readonly dnat: readonly DnatPort[];
  readonly otherTables?: readonly OtherTable[];
  /** The namespace's links (kinds, bridge ports) and routes: which bridges are internal; absent: none is. */
  readonly links?: readonly Link[];
  readonly routing?: RoutingFacts;
  readonly warnings?: readonly string[];
  /**
   * A saved ruleset: the interfaces' addresses are unknown; packets are sent to this address (one no rule
   * names, said in a warning), and an address a socket or DNAT is bound to is taken as this host's.
   */
  readonly assumedAddress?: string;
}

/** The address an internet host sends to on `iface`: a global one of the family first. */
function ifaceAddress(facts: ExposureFacts, iface: string): string | null {
  if (facts.assumedAddress !== undefined) return facts.assumedAddress;
  const mine = facts.locals.filter(
    (l) => l.iface === iface && addressValue(l.address)?.family === facts.ruleset.family,
  );
  return (mine.find((l) => !/^fe80:/i.test(l.address)) ?? mine[0])?.address ?? null;
}

/** Why a packet from outside on `iface` never reaches `address`, or null when it may. */
function notOn(facts: ExposureFacts, address: string, iface: string): string | null {
  if (isLoopback(address)) return `bound to ${address} (loopback)`;
  if (isWildcard(address) || facts.assumedAddress !== undefined) return null;
  const owner = facts.locals.find((l) => addressValue(l.address)?.value === addressValue(address)?.value);
  if (owner?.iface === iface) return null;
  return owner
    ? `bound to ${address}, an address of ${owner.iface}`
    : `bound to ${address}, not an address of ${iface}`;
}

const localOnly = (reason: string): Judgement => ({ verdict: 'local-only', from: [], decided_by: null, reason });

/** A socket or DNAT bound to `address` when no address of this machine could be read: uncertain, saying so. */
function ownerUnknown(facts: ExposureFacts, address: string, iface: string): Judgement | null {
  if (!facts.localsUnknown || facts.assumedAddress !== undefined || isLoopback(address) || isWildcard(address))
    return null;
  const reason = `bound to ${address}: the addresses could not be read (whether it is ${iface}'s is unknown)`;
  return { verdict: 'uncertain', from: [], decided_by: null, reason };
}

/** The process behind a DNAT: the listener of `to` when it is this host's, else the one on the port (docker-proxy). */
function processOf(facts: ExposureFacts, d: DnatPort): string | null {
  const t = dnatTarget(d.to, d.port);
  const local = targetIsHere(facts.locals, t);
  if (local === null) return null; // some of the range is this host, some not: which process is not known
  const on = (port: number, address: string | null): Listener | undefined =>
    facts.listeners.find(
      (l) =>
        l.proto === d.proto && l.port === port && (address === null || isWildcard(l.address) || l.address === address),
    );
  return (local ? on(t.port, t.address)?.process : on(d.port, publishedOn(d).address)?.process) ?? null;
}

/** Whether `to` is this host with nothing listening there: accepted is then "no listener". */
function nothingBehind(facts: ExposureFacts, d: DnatPort): boolean {
  const t = dnatTarget(d.to, d.port);
  if (targetIsHere(facts.locals, t) !== true) return false;
  return !facts.listeners.some((l) => l.proto === d.proto && l.port === t.port);
}

/** Where a packet to a DNAT rule's `-d` network is sent on `iface`: the interface's address inside it. */
function networkAddress(facts: ExposureFacts, network: string, iface: string): string | null {
  const net = parseNet(network);
  const mine = facts.locals.filter((l) => l.iface === iface);
  const inside = mine.find((l) => {
    const h = hostNet(l.address);
    return net !== null && h !== null && netContains(net, h);
  });
  return inside?.address ?? null;
}

/** The entry of one DNAT'd port (or range of ports) on one interface. */
function dnatEntry(
  facts: ExposureFacts,
  d: DnatPort,
  iface: string,
  address: string | null,
  sources: Sources,
  cache: TraceCache,
): ExposureEntry {
  const on = publishedOn(d);
  const bind = on.address ?? on.network;
  const base = { proto: d.proto, port: d.port, bind, interface: iface, via: 'dnat' as const };
  const rest = { to: dnatTo(d), process: processOf(facts, d), ...(d.lastPort ? { last_port: d.lastPort } : {}) };
  // Published on another interface's address: the nat rule takes it on this one too (weak host model).
  const other =
    on.address === null ? null : otherOwner(facts.locals, facts.assumedAddress !== undefined, on.address, iface);
  const away = on.address === null || other !== null ? null : notOn(facts, on.address, iface);
  // The packet is sent to the address the port is published on, else to the interface's own.
  const inNet = on.address ?? (on.network === null ? address : networkAddress(facts, on.network, iface));
  const t = dnatTarget(d.to, d.port);
  const elsewhere = targetIsHere(facts.locals, t) !== true;
  const at = { iface, address: on.address ?? '', to: dnatTo(d), local: !elsewhere };
  const neighbour = away ? neighbourWords(facts.ruleset, d, at, sources, cache) : null;
  let j: Judgement;
  const unknown = on.address === null ? null : ownerUnknown(facts, on.address, iface);
  if (unknown) j = unknown;
  else if (away) j = localOnly(neighbour ? `${away}: not from the internet; ${neighbour}` : away);
  else if (inNet === null && on.network !== null)
    j = {
      verdict: 'uncertain',
      from: [],
      decided_by: null,
      reason: `published on ${on.network}, which holds no address of ${iface}: reached only where it is routed here`,
    };
  else
    j = judgePort(
      facts.ruleset,
      { proto: d.proto, port: d.port, iface, destination: inNet },
      sources,
      !nothingBehind(facts, d),
      cache,
    );
  // The rules pass it on; whether the host behind answers is not something fwtui can see from here.
  const unseen =
    elsewhere && (j.verdict === 'open' || j.verdict === 'open-from')
      ? `whether something listens at ${d.to} is not seen from here`
      : null;
  const how = other === null || j.verdict === 'filtered' ? null : reachedThrough(other, on.address!, iface);
  const reason = [how, j.reason, d.reason ?? null, unseen].filter((x) => x !== null).join('; ') || null;
  return { ...base, ...rest, ...j, reason };
}

/** Ports the rules accept where nothing listens on `iface`: accepted from outside, they are "no listener". */
function waiting(
  facts: ExposureFacts,
  iface: string,
  address: string | null,
  sources: Sources,
  cache: TraceCache,
  made: readonly ExposureEntry[],
  accepted: readonly { proto: Proto; port: number }[],
): ExposureEntry[] {
  const out: ExposureEntry[] = [];
  for (const { proto, port } of accepted) {
    const covers = (e: ExposureEntry): boolean => port >= e.port && port <= (e.last_port ?? e.port);
    if (made.some((e) => e.interface === iface && e.proto === proto && covers(e))) continue;
    const j = judgePort(facts.ruleset, { proto, port, iface, destination: address }, sources, false, cache);
    if (j.verdict !== 'no-listener') continue;
    // Nothing is bound: no bind address, no process.
    out.push({ proto, port, bind: null, interface: iface, via: 'local', to: null, process: null, ...j });
  }
  return out;
}

/** The report for one family. */
export function exposureReport(facts: ExposureFacts): ExposureReport {
  const { ruleset } = facts;
  const sources: Sources = {
    internet: internetAddress(ruleset, facts.locals),
    boundaries: boundarySources(ruleset),
  };
  const cache: TraceCache = { traces: new Map(), classOf: portClasses(ruleset), tries: new Map() };
  const entries: ExposureEntry[] = [];
  const accepted = acceptedPorts(ruleset);
  const internal = internalBridges(facts.interfaces, facts.links, facts.routing, sources.internet);
  for (const iface of facts.interfaces) {
    const first = entries.length;
    const address = ifaceAddress(facts, iface);
    const dnats = facts.dnat
      .filter((d) => dnatOn(d, iface))
      .flatMap((d) => dnatRuns(d, runKey(d, facts.listeners, cache.classOf)));
    for (const d of dnats) entries.push(dnatEntry(facts, d, iface, address, sources, cache));
    for (const l of facts.listeners) {
      const destination = isWildcard(l.address) ? address : l.address;
      const behind = dnats.some(
        (d) =>
          d.proto === l.proto &&
          l.port >= d.port &&
          l.port <= (d.lastPort ?? d.port) &&
          (d.bindAddress === null || publishedOn(d).address === destination),
      );
      if (behind) continue;
      const other = otherOwner(facts.locals, facts.assumedAddress !== undefined, l.address, iface);
      const away = other === null ? notOn(facts, l.address, iface) : null;
      const q = { proto: l.proto, port: l.port, iface, destination };
      const j =
        ownerUnknown(facts, l.address, iface) ?? (away ? localOnly(away) : judgePort(ruleset, q, sources, true, cache));
      const base = { proto: l.proto, port: l.port, bind: l.address, interface: iface, via: 'local' as const };
      const how = other === null || j.verdict === 'filtered' ? null : reachedThrough(other, l.address, iface);
      const reason = [how, j.reason].filter((x) => x !== null).join('; ') || null;
      entries.push({ ...base, to: null, process: l.process, ...j, reason });
    }
    entries.push(...waiting(facts, iface, address, sources, cache, entries, accepted));
    const bridge = internal.get(iface);
    if (bridge) for (let i = first; i < entries.length; i++) entries[i] = onInternalBridge(entries[i]!, bridge);
  }
  return {
    family: ruleset.family,
    interfaces: facts.interfaces,
    entries: entries.sort(byPort(facts.interfaces)),
    internet: sources.internet,
    ...(facts.otherTables && facts.otherTables.length > 0 ? { otherTables: facts.otherTables } : {}),
    ...(facts.warnings && facts.warnings.length > 0 ? { warnings: facts.warnings } : {}),
  };
}
