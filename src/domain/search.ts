/** Finding rules by any text an admin may type: address, port, comment, target, module. */
import { ruleColumns } from './list-format.js';
import { parseRuleView } from './rule-view.js';
import type { Family, Rule } from './ruleset.js';

/** Whether the rule's saved text or its `iptables -L` columns contain the query (case-insensitive). */
export function ruleMatchesQuery(rule: Rule, family: Family, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return false;
  if (rule.spec.toLowerCase().includes(q)) return true;
  const c = ruleColumns(parseRuleView(rule.args), family);
  return [c.target, c.source, c.destination, c.in, c.out, c.extra].some((s) => s.toLowerCase().includes(q));
}

/** Index of the next (or previous) matching rule after `from`, wrapping around; -1 when none. */
export function findRule(rules: readonly Rule[], family: Family, query: string, from: number, direction: 1 | -1): number {
  const n = rules.length;
  for (let step = 1; step <= n; step++) {
    const i = (((from + direction * step) % n) + n) % n;
    if (ruleMatchesQuery(rules[i]!, family, query)) return i;
  }
  return -1;
}
