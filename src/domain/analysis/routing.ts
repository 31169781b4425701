/**
 * Where the namespace routes a packet whose destination NAT rewrote: whether it forwards at all, and
 * the route (longest prefix, then lowest metric) of its main table, as `ip -o route show table main`
 * lists it. Absent facts (a --file) leave the answer unknown, never guessed. Pure.
 */
import { hostNet, netContains, parseNet, type Net } from '../model/ip-net.js';
import type { Table } from '../model/ruleset.js';
import { targetName } from '../model/rule-view.js';

/** One route of the main table. */
export interface Route {
  /** `default`, `10.0.0.0/8`, `fd00::/64` as `ip` prints it. */
  readonly destination: string;
  /** The outgoing interface; null for a route without one (blackhole, multipath). */
  readonly device: string | null;
  /** `unicast` for an ordinary route; `blackhole`, `unreachable`, `prohibit`, `throw`… otherwise. */
  readonly type: string;
  readonly metric: number;
}

/** What routing needs to know after a DNAT: the namespace forwards (null: unknown) and its routes. */
export interface RoutingFacts {
  readonly forwarding: boolean | null;
  /** Null when they could not be read, or when policy routing (`ip rule`) may pick another table. */
  readonly routes: readonly Route[] | null;
  /** Why `routes` is null. */
  readonly routesUnknown?: string;
}

const TYPES = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'broadcast', 'multicast']);

/** `ip -o -4 route show table main` (or -6) lines → routes; lines it cannot read are left out. */
export function parseRouteLines(text: string): Route[] {
  const out: Route[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === '' || words[0] === undefined) continue;
    const type = TYPES.has(words[0]) ? words.shift()! : 'unicast';
    const destination = words[0];
    if (destination === undefined) continue;
    const at = (key: string): string | null => {
      const i = words.indexOf(key);
      return i >= 0 ? (words[i + 1] ?? null) : null;
    };
    // A multipath route names several devices (`nexthop … dev a … nexthop … dev b`): which one is not known.
    const multipath = words.includes('nexthop');
    const metric = Number(at('metric') ?? 0);
    out.push({ destination, device: multipath ? null : at('dev'), type, metric: Number.isFinite(metric) ? metric : 0 });
  }
  return out;
}

function netOf(route: Route, width: number): Net | null {
  if (route.destination === 'default') return parseNet(width === 32 ? '0.0.0.0/0' : '::/0');
  return parseNet(route.destination);
}

/**
 * The route the kernel takes to `address` in the main table: the longest prefix that holds it, the
 * lowest metric among equals; null when no route holds it (the kernel then answers "network unreachable").
 */
export function routeFor(routes: readonly Route[], address: string): Route | null {
  const host = hostNet(address);
  if (!host) return null;
  const width = host.family === 'ipv4' ? 32 : 128;
  let best: { route: Route; prefix: number } | null = null;
  for (const route of routes) {
    const net = netOf(route, width);
    if (!net || !netContains(net, host)) continue;
    if (!best || net.prefix > best.prefix || (net.prefix === best.prefix && route.metric < best.route.metric))
      best = { route, prefix: net.prefix };
  }
  return best?.route ?? null;
}

/**
 * Whether `ip rule show` lists only the kernel's own rules (local, main, default): otherwise another
 * table may route the packet and the main table's answer is not the kernel's.
 */
export function onlyDefaultRules(text: string): boolean {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .every((l) => /^\d+:\s+from all lookup (local|main|default)\s*$/.test(l));
}

/**
 * Whether a nat table among `tables` has a DNAT or REDIRECT rule: routing then decides where a packet goes,
 * so its facts are worth reading (and only then).
 */
export function rewritesDestinations(tables: readonly Table[]): boolean {
  const nat = tables.filter((t) => t.name === 'nat');
  return nat.some((t) => t.chains.some((c) => c.rules.some((r) => /^(DNAT|REDIRECT)$/.test(targetName(r.args)))));
}
