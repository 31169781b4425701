/**
 * The exposure report: for each interface, every listening socket and every DNAT'd port with the verdict
 * for a NEW packet from the internet. A socket behind a DNAT of the same port (docker-proxy) is counted
 * under that DNAT, not as a port of its own. Pure: the facts come in, the report goes out.
 */
import { isLocalAddress, type InterfaceAddress } from '../analysis/local-addresses.js';
import { addressValue } from '../model/ip-net.js';
import type { Ruleset } from '../model/ruleset.js';
import { dnatOn, dnatTarget, type DnatPort } from './dnat-entry.js';
import type { ExposureEntry, ExposureReport, OtherTable } from './exposure-entry.js';
import { judgePort, type Judgement, type Sources, type TraceCache } from './exposure-verdict.js';
import { isLoopback, isWildcard, type Listener } from './listeners.js';
import { portClasses } from './port-classes.js';
import { boundarySources, internetAddress } from './probe-sources.js';

/** What the report is made from (one family). */
export interface ExposureFacts {
  /** The rules, with the namespace's sets and addresses when they were read. */
  readonly ruleset: Ruleset;
  /** Non-loopback interfaces that are up. */
  readonly interfaces: readonly string[];
  readonly locals: readonly InterfaceAddress[];
  /** The family's listeners (see listenersOf). */
  readonly listeners: readonly Listener[];
  readonly dnat: readonly DnatPort[];
  readonly otherTables?: readonly OtherTable[];
  readonly warnings?: readonly string[];
}

/** The address an internet host sends to on `iface`: a global one of the family first. */
function ifaceAddress(facts: ExposureFacts, iface: string): string | null {
  const mine = facts.locals.filter(
    (l) => l.iface === iface && addressValue(l.address)?.family === facts.ruleset.family,
  );
  return (mine.find((l) => !/^fe80:/i.test(l.address)) ?? mine[0])?.address ?? null;
}

/** Why a packet from outside on `iface` never reaches `address`, or null when it may. */
function notOn(facts: ExposureFacts, address: string, iface: string): string | null {
  if (isLoopback(address)) return `bound to ${address} (loopback)`;
  if (isWildcard(address)) return null;
  const owner = facts.locals.find((l) => addressValue(l.address)?.value === addressValue(address)?.value);
  if (owner?.iface === iface) return null;
  return owner
    ? `bound to ${address}, an address of ${owner.iface}`
    : `bound to ${address}, not an address of ${iface}`;
}

const localOnly = (reason: string): Judgement => ({ verdict: 'local-only', from: [], decided_by: null, reason });

/** The process behind a DNAT: the listener of `to` when it is this host's, else the one on the port (docker-proxy). */
function processOf(facts: ExposureFacts, d: DnatPort): string | null {
  const t = dnatTarget(d.to, d.port);
  const local = t.address === null || isLocalAddress(facts.locals, t.address);
  const on = (port: number, address: string | null): Listener | undefined =>
    facts.listeners.find(
      (l) =>
        l.proto === d.proto && l.port === port && (address === null || isWildcard(l.address) || l.address === address),
    );
  return (local ? on(t.port, t.address)?.process : on(d.port, d.bindAddress)?.process) ?? null;
}

/** Whether `to` is this host with nothing listening there: accepted is then "no listener". */
function nothingBehind(facts: ExposureFacts, d: DnatPort): boolean {
  const t = dnatTarget(d.to, d.port);
  if (t.address !== null && !isLocalAddress(facts.locals, t.address)) return false;
  return !facts.listeners.some((l) => l.proto === d.proto && l.port === t.port);
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
  for (const iface of facts.interfaces) {
    const address = ifaceAddress(facts, iface);
    const dnats = facts.dnat.filter((d) => dnatOn(d, iface));
    for (const d of dnats) {
      const away = d.bindAddress === null ? null : notOn(facts, d.bindAddress, iface);
      const q = { proto: d.proto, port: d.port, iface, destination: d.bindAddress ?? address };
      const j = away ? localOnly(away) : judgePort(ruleset, q, sources, !nothingBehind(facts, d), cache);
      const base = { proto: d.proto, port: d.port, bind: d.bindAddress, interface: iface, via: 'dnat' as const };
      entries.push({ ...base, to: d.to, process: processOf(facts, d), ...j });
    }
    for (const l of facts.listeners) {
      const destination = isWildcard(l.address) ? address : l.address;
      const behind = dnats.some(
        (d) => d.proto === l.proto && d.port === l.port && (d.bindAddress === null || d.bindAddress === destination),
      );
      if (behind) continue;
      const away = notOn(facts, l.address, iface);
      const q = { proto: l.proto, port: l.port, iface, destination };
      const j = away ? localOnly(away) : judgePort(ruleset, q, sources, true, cache);
      const base = { proto: l.proto, port: l.port, bind: l.address, interface: iface, via: 'local' as const };
      entries.push({ ...base, to: null, process: l.process, ...j });
    }
  }
  return {
    family: ruleset.family,
    interfaces: facts.interfaces,
    entries,
    ...(facts.otherTables && facts.otherTables.length > 0 ? { otherTables: facts.otherTables } : {}),
    ...(facts.warnings && facts.warnings.length > 0 ? { warnings: facts.warnings } : {}),
  };
}
