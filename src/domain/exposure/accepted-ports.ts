/**
 * Ports the filter rules accept for anyone (`-p tcp --dport 443 -j ACCEPT`, no source, destination or
 * set): where nothing listens yet, the report says "no listener: open the day something listens". Pure.
 */
import { portRange } from '../analysis/packet-match.js';
import { findTable, type Ruleset } from '../model/ruleset.js';
import type { Proto } from './listeners.js';
import { ruleView } from './rule-views.js';

/** The most such ports one report lists (the rest are not asked about). */
export const MAX_ACCEPTED_PORTS = 256;
/** A list longer than this (`--dports 1000:2000`) is a range, not ports someone means to serve. */
const MAX_PER_RULE = 16;

/** (proto, port) pairs filter rules outside OUTPUT and FORWARD accept with no address condition, in order. */
export function acceptedPorts(ruleset: Ruleset): { proto: Proto; port: number }[] {
  const out = new Map<string, { proto: Proto; port: number }>();
  for (const chain of findTable(ruleset, 'filter')?.chains ?? []) {
    if (chain.name === 'OUTPUT' || chain.name === 'FORWARD') continue;
    for (const rule of chain.rules) {
      const v = ruleView(rule);
      const proto = v.protocol?.value;
      if (v.target?.name !== 'ACCEPT' || v.source || v.destination || v.protocol?.negated) continue;
      if ((proto !== 'tcp' && proto !== 'udp') || v.matches.some((m) => m.name === 'set' || m.name === 'iprange'))
        continue;
      const o = v.matches.flatMap((m) => m.options).find((x) => x.name === '--dport' || x.name === '--dports');
      if (!o || o.negated) continue;
      const ranges = (o.values[0] ?? '').split(',').map(portRange);
      if (ranges.some((r) => r === null || r[1] - r[0] >= MAX_PER_RULE)) continue;
      for (const [lo, hi] of ranges as [number, number][])
        for (let port = lo; port <= hi && out.size < MAX_ACCEPTED_PORTS; port++)
          out.set(`${proto}/${port}`, { proto, port });
    }
  }
  return [...out.values()];
}
