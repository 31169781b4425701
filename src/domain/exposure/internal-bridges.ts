/**
 * Internal bridges: a bridge whose ports are all veth or tap (or none) and that no route to the internet
 * leaves by (docker0, libvirt's virbr0) receives no packet from the internet, only from the containers or
 * virtual machines plugged into it. Decided from facts read in the namespace (`ip -o -d link show`, its
 * routes); what could not be read leaves a bridge external. Pure.
 */
import { routeFor, type RoutingFacts } from '../analysis/routing.js';
import type { ExposureEntry } from './exposure-entry.js';

/** One link of `ip -o -d link show`. */
export interface Link {
  readonly name: string;
  /** `bridge`, `veth`, `tap`, `tun`, `vxlan`…; null when `ip` names none (a physical interface). */
  readonly kind: string | null;
  /** The bridge or bond it is a port of; null when none. */
  readonly master: string | null;
}

/** The details after the link line (`\    link/ether …`) whose first word is no kind but a port's role. */
const NOT_A_KIND = /^(bridge_slave|bond_slave|team_slave|addrgenmode|link\/)/;

/** `ip -o -d link show` lines → links; lines it cannot read are left out. */
export function parseLinks(text: string): Link[] {
  const out: Link[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split('\\').map((p) => p.trim());
    const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<[^>]*>/.exec(parts[0] ?? '');
    if (!m) continue;
    const details = parts.slice(1).find((p) => p !== '' && !NOT_A_KIND.test(p));
    const words = details?.split(/\s+/) ?? [];
    // `tun type tap …`: a tap is a VM's port, a tun carries no Ethernet.
    const kind = words[0] === 'tun' && words[1] === 'type' ? (words[2] ?? 'tun') : (words[0] ?? null);
    out.push({ name: m[1]!, kind, master: /\smaster (\S+)/.exec(parts[0]!)?.[1] ?? null });
  }
  return out;
}

/** The ports that make a bridge internal, and who sits behind each. */
const GUESTS: Readonly<Record<string, string>> = { veth: 'containers', tap: 'virtual machines' };

/** Whether a route to the internet may leave by `bridge` (unknown routes: it may). */
function routedOut(bridge: string, routing: RoutingFacts | undefined, internet: string | null): boolean {
  const routes = routing?.routes;
  if (!routes) return true;
  // A multipath default route names no device: it may leave by the bridge.
  if (routes.some((r) => r.destination === 'default' && (r.device === null || r.device === bridge))) return true;
  return internet !== null && routeFor(routes, internet)?.device === bridge;
}

/**
 * The internal bridges among `interfaces`, each with the words that say why (`docker0 is an internal bridge
 * (ports: veth only, no route to the internet)`) and who reaches it (`the containers on it`).
 */
export function internalBridges(
  interfaces: readonly string[],
  links: readonly Link[] | undefined,
  routing: RoutingFacts | undefined,
  internet: string | null,
): Map<string, { why: string; who: string }> {
  const out = new Map<string, { why: string; who: string }>();
  if (!links) return out;
  for (const name of interfaces) {
    if (links.find((l) => l.name === name)?.kind !== 'bridge') continue;
    const kinds = [...new Set(links.filter((l) => l.master === name).map((l) => l.kind ?? 'physical'))].sort();
    if (kinds.some((k) => GUESTS[k] === undefined) || routedOut(name, routing, internet)) continue;
    const ports = kinds.length === 0 ? 'no ports' : `ports: ${kinds.join(' and ')} only`;
    const who = kinds.length === 0 ? 'this host only' : `the ${kinds.map((k) => GUESTS[k]).join(' and ')} on it`;
    out.set(name, { why: `${name} is an internal bridge (${ports}, no route to the internet)`, who });
  }
  return out;
}

/** What calling a bridge internal takes on trust: a router container or VM on it could forward the internet in. */
export const BRIDGE_ASSUMES = 'assuming no guest on it routes packets from elsewhere in';

/**
 * An entry on an internal bridge: what the rules accept there (open, open-from) is reached from the bridge's
 * guests, not from the internet (local-only, not counted by --expect), the reason saying what that assumes.
 * Every other verdict (uncertain above all) stays as it is.
 */
export function onInternalBridge(e: ExposureEntry, bridge: { why: string; who: string }): ExposureEntry {
  if (e.verdict !== 'open' && e.verdict !== 'open-from') return e;
  const said =
    e.verdict === 'open'
      ? `reached from ${bridge.who}, not from the internet (${BRIDGE_ASSUMES})`
      : `not from the internet (${BRIDGE_ASSUMES}); from ${bridge.who}: ${e.verdict} (${e.from.join(', ')})`;
  const reason = [`${bridge.why}: ${said}`, e.reason].filter((x) => x !== null).join('; ');
  return { ...e, verdict: 'local-only', from: [], reason };
}
