/**
 * Ports the rules cannot tell apart: two ports of a protocol that every rule's port matches take alike
 * (the same `--dport`/`--dports` answers, no other match that reads the port) meet the same walk, so the
 * report traces one of them. A rule whose port match is not read here makes every port a class of its
 * own for that protocol, as if no grouping were done. Pure.
 */
import { portRange } from '../analysis/packet-match.js';
import { protocolNumber } from '../model/protocols.js';
import { ruleView } from './rule-views.js';
import type { Ruleset } from '../model/ruleset.js';
import type { Proto } from './listeners.js';

/** Options whose answer depends on the destination port. */
const PORT_OPTIONS = new Set(['--dport', '--destination-port', '--dports', '--destination-ports']);
/** Options that read a port in a way not modelled here: no grouping for the rule's protocols. */
const OPAQUE = new Set(['--ports', '--ctorigdstport', '--ctrepldstport', '--ctorigsrcport', '--ctreplsrcport']);

interface PortRule {
  /** Protocol number, '0' for any. */
  readonly proto: string;
  readonly ranges: readonly (readonly [number, number])[];
  readonly negated: boolean;
}

/** A function naming the class of (proto, port): equal names, equal walks. */
export function portClasses(ruleset: Ruleset): (proto: Proto, port: number) => string {
  const rules: PortRule[] = [];
  const opaque = new Set<string>();
  for (const t of ruleset.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        const v = ruleView(r);
        const proto = v.protocol && !v.protocol.negated ? protocolNumber(v.protocol.value) : '0';
        const options = v.matches.flatMap((m) => m.options);
        const sets = v.matches.some(
          (m) => m.name === 'set' && m.options.some((o) => (o.values[1] ?? '').includes(',')),
        );
        const ports = options.filter((o) => PORT_OPTIONS.has(o.name));
        if (sets || options.some((o) => OPAQUE.has(o.name)) || ports.length > 1) {
          opaque.add(proto);
          continue;
        }
        const o = ports[0];
        if (!o) continue;
        const ranges = (o.values[0] ?? '').split(',').map(portRange);
        if (ranges.some((x) => x === null)) opaque.add(proto);
        else rules.push({ proto, ranges: ranges as [number, number][], negated: o.negated });
      }
  const known = new Map<string, string>();
  const index = indexRules(rules);
  return (proto, port) => {
    const asked = `${proto}:${port}`;
    let name = known.get(asked);
    if (name === undefined) {
      name = classOf(index, opaque, proto, port);
      known.set(asked, name);
    }
    return name;
  };
}

/** Rules of one port by that port; the others (ranges, lists, negations) to scan. */
interface RuleIndex {
  readonly single: ReadonlyMap<number, readonly number[]>;
  readonly scan: readonly number[];
  readonly rules: readonly PortRule[];
}

function indexRules(rules: readonly PortRule[]): RuleIndex {
  const single = new Map<number, number[]>();
  const scan: number[] = [];
  rules.forEach((r, i) => {
    const only = r.ranges.length === 1 && !r.negated && r.ranges[0]![0] === r.ranges[0]![1] ? r.ranges[0]![0] : null;
    if (only === null) scan.push(i);
    else single.set(only, [...(single.get(only) ?? []), i]);
  });
  return { single, scan, rules };
}

/** The class name: the rules whose port match holds for the port (or the port itself where that is not read). */
function classOf(index: RuleIndex, opaque: ReadonlySet<string>, proto: Proto, port: number): string {
  const n = proto === 'tcp' ? '6' : '17';
  if (opaque.has(n) || opaque.has('0')) return `${proto}:${port}`;
  const holds = (i: number): boolean => {
    const r = index.rules[i]!;
    if (r.proto !== n && r.proto !== '0') return false;
    return r.ranges.some(([lo, hi]) => port >= lo && port <= hi) !== r.negated;
  };
  const found = [...(index.single.get(port) ?? []), ...index.scan].filter(holds).sort((a, b) => a - b);
  return `${proto}:[${found.join(',')}]`;
}
