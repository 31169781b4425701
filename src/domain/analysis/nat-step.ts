/**
 * Address translation in a walk: what a DNAT, REDIRECT, SNAT or MASQUERADE rule makes of the packet, and
 * where routing then sends a packet whose destination changed: to INPUT when it is now for this machine,
 * to FORWARD (out of the route's interface) when the namespace forwards, else nowhere ("routing"). What
 * fwtui does not know (an address range's pick, whether an address is local, whether it forwards) is a
 * choice the walk tries both ways: the answer is uncertain only where it matters. Pure.
 */
import type { RuleRef } from './chain-walk.js';
import { addressesOf, isLocalAddress, type InterfaceAddress } from './local-addresses.js';
import { natPicks, natPickText, parseNatTo, parseToPorts, type NatPick } from './nat-target.js';
import {
  originalDestination,
  originalDestinationPort,
  pathAfterRouting,
  type HookStep,
  type Packet,
} from './packet.js';
import { routeFor, type RoutingFacts } from './routing.js';
import { optionOf, type Target } from '../model/rule-view.js';
import { addressValue } from '../model/ip-net.js';

/** A translation on the walk: which rule, and where to (`172.17.0.2:80`, `10.0.0.1`; null: not known). */
export interface Rewrite {
  readonly kind: 'DNAT' | 'REDIRECT' | 'SNAT' | 'MASQUERADE';
  readonly rule: RuleRef;
  readonly to: string | null;
}

/** Where routing sent a packet whose destination a DNAT/REDIRECT changed, and out of which interface. */
export interface Routed {
  readonly to: 'INPUT' | 'FORWARD' | 'OUTPUT';
  /** The outgoing interface (FORWARD, OUTPUT); null when not known or delivered here. */
  readonly via: string | null;
}

/** Asks the walk to decide something fwtui cannot know (recorded as a choice on `rule`). */
export type Decide = (why: string) => boolean;

export type NatResult =
  | { readonly kind: 'rewritten'; readonly packet: Packet; readonly rewrite: Rewrite }
  | { readonly kind: 'dropped'; readonly why: string }
  | { readonly kind: 'stuck'; readonly why: string };

/** Picks one destination of several, one choice per pick but the last. */
function pickOne(picks: readonly NatPick[], text: string, decide: Decide): NatPick {
  for (let i = 0; i < picks.length - 1; i++)
    if (decide(`${text}: the kernel picks one of ${picks.length} destinations; here ${picks[i]!.address ?? ''}`))
      return picks[i]!;
  return picks[picks.length - 1]!;
}

/** The packet after `pick`, remembering where the connection was first addressed (for conntrack). */
function rewritten(packet: Packet, address: string | null, port: number | null): Packet {
  return {
    ...packet,
    destination: address ?? packet.destination,
    destinationPort: port ?? packet.destinationPort,
    originalDestination: originalDestination(packet),
    originalDestinationPort: originalDestinationPort(packet),
  };
}

/** A DNAT or REDIRECT rule (nat PREROUTING or OUTPUT, `hook`) applied to the packet. */
export function translate(
  target: Target,
  hook: string,
  rule: RuleRef,
  packet: Packet,
  locals: readonly InterfaceAddress[] | undefined,
  decide: Decide,
): NatResult {
  const at = `${rule.table} ${rule.chain} rule ${rule.number}`;
  if (target.name === 'DNAT') {
    const text = optionOf(target, '--to-destination')?.values[0] ?? '';
    const to = parseNatTo(text, packet.family);
    if (!to) return { kind: 'stuck', why: `DNAT --to-destination ${text} at ${at} is not a destination fwtui reads` };
    const picks = natPicks(to, packet.family);
    // Too many ways to try each: the new destination is unknown, and every rule that looks at it says so.
    const pick = picks ? pickOne(picks, `DNAT --to-destination ${text}`, decide) : null;
    const next = pick
      ? rewritten(packet, pick.address, pick.port)
      : {
          ...rewritten(packet, null, null),
          ...(to.first === null ? {} : { destination: null }),
          ...(to.ports === null ? {} : { destinationPort: null }),
        };
    const shown = pick ? natPickText({ address: next.destination, port: pick.port }, packet.family) : text;
    return { kind: 'rewritten', packet: next, rewrite: { kind: 'DNAT', rule, to: shown } };
  }
  const ports = parseToPorts(optionOf(target, '--to-ports')?.values[0]);
  if (ports === undefined) return { kind: 'stuck', why: `REDIRECT --to-ports at ${at} is not a port fwtui reads` };
  const v6 = packet.family === 'ipv6';
  // Locally sent: to the loopback address; received: to the first address of the interface it came in on.
  let address: string | null = hook === 'OUTPUT' ? (v6 ? '::1' : '127.0.0.1') : null;
  if (address === null && locals && packet.inInterface !== null) {
    const own = addressesOf(locals, packet.inInterface).filter((a) => addressValue(a)?.family === packet.family);
    if (own.length === 0)
      return { kind: 'dropped', why: `${packet.inInterface} has no ${v6 ? 'IPv6' : 'IPv4'} address to redirect to` };
    address = own[0]!;
  }
  const text = `REDIRECT --to-ports ${optionOf(target, '--to-ports')?.values[0] ?? ''}`;
  const picks = ports && natPicks({ first: null, last: null, ports }, packet.family);
  const port = picks ? pickOne(picks, text, decide).port : null;
  const next: Packet = {
    ...rewritten(packet, address, port),
    ...(address === null ? { destination: null } : {}),
    ...(ports && !picks ? { destinationPort: null } : {}),
  };
  const shown = natPickText({ address, port: ports ? port : packet.destinationPort }, packet.family);
  return { kind: 'rewritten', packet: next, rewrite: { kind: 'REDIRECT', rule, to: shown === '' ? null : shown } };
}

/** An SNAT or MASQUERADE rule: recorded (the source changes after every chain that could look at it). */
export function sourceRewrite(target: Target, rule: RuleRef): Rewrite {
  const kind = target.name === 'SNAT' ? 'SNAT' : 'MASQUERADE';
  const to = optionOf(target, kind === 'SNAT' ? '--to-source' : '--to-ports')?.values[0] ?? null;
  return { kind, rule, to: kind === 'MASQUERADE' && to !== null ? `:${to}` : to };
}

export type RouteResult =
  | { readonly kind: 'routed'; readonly packet: Packet; readonly routed: Routed; readonly rest: readonly HookStep[] }
  | { readonly kind: 'dropped'; readonly why: string };

/**
 * Where routing sends a received packet (after nat PREROUTING) or a sent one (after nat OUTPUT) whose
 * destination a translation changed; `local` is true for REDIRECT (always to this machine).
 */
export function routeAfterNat(
  packet: Packet,
  hook: string,
  redirected: boolean,
  facts: { readonly locals?: readonly InterfaceAddress[]; readonly routing?: RoutingFacts },
  decide: Decide,
): RouteResult {
  const to = packet.destination;
  const isLocal = !redirected && to !== null && facts.locals ? isLocalAddress(facts.locals, to) : null;
  const local =
    redirected || (isLocal ?? decide(`whether ${to ?? 'the new destination'} is this machine's is not known`));
  if (hook === 'OUTPUT') {
    const via = local ? 'lo' : routeDevice(to, facts.routing);
    return { kind: 'routed', packet: { ...packet, outInterface: via }, routed: { to: 'OUTPUT', via }, rest: [] };
  }
  const martian = redirected ? null : loopbackMartian(packet, decide);
  if (martian) return { kind: 'dropped', why: martian };
  if (local) {
    const p: Packet = { ...packet, direction: 'input', outInterface: '' };
    return { kind: 'routed', packet: p, routed: { to: 'INPUT', via: null }, rest: pathAfterRouting('input') };
  }
  const known = facts.routing?.forwarding ?? null;
  const forwarding = known ?? decide('whether the namespace forwards packets is not known');
  // What was not known but taken as so on this way says "may".
  const isNot = isLocal === null ? 'may not be' : 'is not';
  const where = `${to ?? 'the new destination'} ${isNot} an address of this machine`;
  if (!forwarding) return { kind: 'dropped', why: `forwarding ${known === null ? 'may be' : 'is'} off (${where})` };
  const routes = facts.routing?.routes;
  let via: string | null = null;
  if (routes && to !== null) {
    const route = routeFor(routes, to);
    if (!route) return { kind: 'dropped', why: `no route to ${to}` };
    if (route.type === 'blackhole' || route.type === 'unreachable' || route.type === 'prohibit')
      return { kind: 'dropped', why: `the route to ${to} is ${route.type}` };
    via = route.type === 'unicast' ? route.device : null;
  }
  const p: Packet = { ...packet, direction: 'forward', outInterface: via };
  return { kind: 'routed', packet: p, routed: { to: 'FORWARD', via }, rest: pathAfterRouting('forward') };
}

/**
 * Why the kernel drops a received packet DNAT'd to a loopback address (a martian): always for ::1, for 127/8
 * unless route_localnet is on for the incoming interface (not read here: a choice). Null when it is let on.
 */
function loopbackMartian(packet: Packet, decide: Decide): string | null {
  const to = packet.destination;
  if (to === null || packet.inInterface === 'lo') return null;
  if (packet.family === 'ipv6' && to === '::1') return `the kernel drops a packet from outside to ${to} (martian)`;
  if (packet.family !== 'ipv4' || !to.startsWith('127.')) return null;
  const iface = packet.inInterface || 'the incoming interface';
  const on = decide(`whether route_localnet is on for ${iface} is not known (off: ${to} from outside is martian)`);
  return on ? null : `route_localnet may be off for ${iface}: the kernel drops ${to} from outside as martian`;
}

function routeDevice(to: string | null, routing: RoutingFacts | undefined): string | null {
  if (to === null || !routing?.routes) return null;
  const route = routeFor(routing.routes, to);
  return route?.type === 'unicast' ? route.device : null;
}
