/** Finding rules by any text an admin may type: address, port, comment, target, module. */
import { netContains, parseNet, parseRange, type Net } from '../model/ip-net.js';
import { ruleColumns } from '../listing/list-format.js';
import { parseRuleView, type RuleView } from '../model/rule-view.js';
import type { Family, Rule } from '../model/ruleset.js';

/** The query as a network (`10.0.0.5`, `10.1.0.0/16`), or null; the last one is kept (asked once per rule). */
let lastQuery: { text: string; net: Net | null } = { text: '', net: null };
function queryNet(q: string): Net | null {
  if (lastQuery.text !== q) lastQuery = { text: q, net: /^[\d.:a-f/]+$/.test(q) ? parseNet(q) : null };
  return lastQuery.net;
}

/**
 * Whether the rule's -s/-d network (or iprange) holds every address of `net`, or lies inside it:
 * `10.0.0.5` finds `-s 10.0.0.0/8`, `203.0.113.0/24` finds `-s 203.0.113.7/32`. A negated address
 * excludes it, so it is no hit.
 */
function holdsNet(view: RuleView, net: Net): boolean {
  for (const a of [view.source, view.destination]) {
    const rule = a && !a.negated ? parseNet(a.value) : null;
    // Either way round: the rule's network holds the query, or lies inside the network searched for.
    if (rule && (netContains(rule, net) || netContains(net, rule))) return true;
  }
  const last = net.base + (1n << BigInt((net.family === 'ipv4' ? 32 : 128) - net.prefix)) - 1n;
  for (const m of view.matches) {
    if (m.name !== 'iprange') continue;
    for (const o of m.options) {
      const named = o.name === '--src-range' || o.name === '--dst-range';
      const range = named && !o.negated ? parseRange(o.values[0] ?? '') : null;
      if (!range || range.family !== net.family) continue;
      const holds = range.from <= net.base && last <= range.to;
      if (holds || (net.base <= range.from && range.to <= last)) return true;
    }
  }
  return false;
}

/**
 * Whether the rule's saved text or its `iptables -L` columns contain the query
 * (case-insensitive), or, for an address or network, whether the rule's
 * -s/-d network or iprange holds it.
 */
export function ruleMatchesQuery(rule: Rule, family: Family, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return false;
  if (rule.spec.toLowerCase().includes(q)) return true;
  const view = parseRuleView(rule.args);
  const c = ruleColumns(view, family);
  if ([c.target, c.source, c.destination, c.in, c.out, c.extra].some((s) => s.toLowerCase().includes(q))) return true;
  const net = queryNet(q);
  return net !== null && holdsNet(view, net);
}

/** Index of the next (or previous) matching rule after `from`, wrapping around; -1 when none. */
export function findRule(
  rules: readonly Rule[],
  family: Family,
  query: string,
  from: number,
  direction: 1 | -1,
): number {
  const n = rules.length;
  for (let step = 1; step <= n; step++) {
    const i = (((from + direction * step) % n) + n) % n;
    if (ruleMatchesQuery(rules[i]!, family, query)) return i;
  }
  return -1;
}

/** Every rule of `chains` that matches `query`, in table order: its chain's name and its index there. */
export function searchHits(
  chains: readonly { readonly name: string; readonly rules: readonly Rule[] }[],
  family: Family,
  query: string,
): { chain: string; index: number }[] {
  return chains.flatMap((c) =>
    c.rules.flatMap((r, index) => (ruleMatchesQuery(r, family, query) ? [{ chain: c.name, index }] : [])),
  );
}
