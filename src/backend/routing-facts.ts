/**
 * Where the namespace (or here) routes packets a DNAT re-aims: its main routing table, whether policy
 * routing may pick another table, and whether it forwards. Read-only (`ip route`, `ip rule`, /proc/sys).
 */
import { onlyDefaultRules, parseRouteLines, type RoutingFacts } from '../domain/analysis/routing.js';
import type { Family } from '../domain/model/ruleset.js';
import { forwards } from './local-addresses.js';
import type { CommandRunner } from './runner.js';

async function ip(runner: CommandRunner, args: string[], netns?: string): Promise<string | null> {
  try {
    const result = await runner.run({ file: 'ip', args: [...(netns === undefined ? [] : ['-n', netns]), ...args] });
    return result.exitCode === 0 ? result.stdout : null;
  } catch {
    return null;
  }
}

/** The routing facts of a family; a part that cannot be read is null (unknown), never guessed. */
export async function readRouting(runner: CommandRunner, family: Family, netns?: string): Promise<RoutingFacts> {
  const f = family === 'ipv6' ? '-6' : '-4';
  const forwarding = await forwards(runner, family, netns);
  const rules = await ip(runner, [f, 'rule', 'show'], netns);
  if (rules === null) return { forwarding, routes: null, routesUnknown: '`ip rule show` failed' };
  if (!onlyDefaultRules(rules))
    return { forwarding, routes: null, routesUnknown: 'policy routing (ip rule) may choose another table' };
  const routes = await ip(runner, ['-o', f, 'route', 'show', 'table', 'main'], netns);
  if (routes === null) return { forwarding, routes: null, routesUnknown: '`ip route show` failed' };
  return { forwarding, routes: parseRouteLines(routes) };
}
