/**
 * The ports nat PREROUTING rewrites, read from the rules' text: DNAT and REDIRECT rules with one
 * `--dport` in PREROUTING or a chain it jumps to. The evaluator decides what happens to each packet;
 * this only says which ports to ask about. Pure.
 */
import type { RuleRef } from '../analysis/chain-walk.js';
import { optionOf, type RuleView } from '../model/rule-view.js';
import { ruleView } from './rule-views.js';
import { findChain, findTable, type Ruleset } from '../model/ruleset.js';
import type { DnatPort } from './dnat-entry.js';

/** The chains PREROUTING reaches (itself first), each once. */
function reachable(ruleset: Ruleset): string[] {
  const nat = findTable(ruleset, 'nat');
  if (!nat) return [];
  const seen = ['PREROUTING'];
  for (let i = 0; i < seen.length; i++)
    for (const rule of findChain(nat, seen[i]!)?.rules ?? []) {
      const to = ruleView(rule).target?.name;
      if (to && !seen.includes(to) && findChain(nat, to)?.policy === null) seen.push(to);
    }
  return seen;
}

/** `-d 10.1.2.3/32` → `10.1.2.3`; a network or a negation is not one address (null: every address). */
function bindOf(v: RuleView): string | null {
  if (!v.destination || v.destination.negated) return null;
  const m = /^([^/]+)(?:\/(32|128))?$/.exec(v.destination.value);
  return m ? m[1]! : null;
}

/** Every DNAT'd or REDIRECTed single port PREROUTING's rules name. */
export function scanDnatPorts(ruleset: Ruleset): DnatPort[] {
  const nat = findTable(ruleset, 'nat');
  const out: DnatPort[] = [];
  for (const name of reachable(ruleset)) {
    const chain = nat && findChain(nat, name);
    chain?.rules.forEach((rule, i) => {
      const v = ruleView(rule);
      const target = v.target;
      const proto = v.protocol?.value;
      if (!target || (target.name !== 'DNAT' && target.name !== 'REDIRECT')) return;
      if ((proto !== 'tcp' && proto !== 'udp') || v.protocol?.negated) return;
      const dport = v.matches
        .flatMap((m) => m.options)
        .find((o) => o.name === '--dport' || o.name === '--destination-port');
      if (!dport || dport.negated || !/^\d+$/.test(dport.values[0] ?? '')) return;
      const to =
        target.name === 'DNAT'
          ? (optionOf(target, '--to-destination')?.values[0] ?? '?')
          : `:${optionOf(target, '--to-ports')?.values[0] ?? dport.values[0]}`;
      const ref: RuleRef = { table: 'nat', chain: name, number: i + 1, spec: rule.spec };
      const iface = v.inInterface;
      out.push({
        proto,
        port: Number(dport.values[0]),
        bindAddress: bindOf(v),
        inNot: iface?.negated ? [iface.value] : [],
        inOnly: iface && !iface.negated ? iface.value : null,
        to,
        rule: ref,
      });
    });
  }
  return out;
}
