/** Where Enter on a rule leads: the user chain its target names (-j or -g), in the same table. Pure. */
import { parseRuleView } from './rule-view.js';
import type { Rule, Table } from './ruleset.js';

/**
 * The user chain `rule` jumps (or goes) to in `table`, or null: no rule, a built-in target (ACCEPT, LOG...),
 * or a name the table has no user chain of (built-in chains have a policy, user chains none).
 */
export function jumpTarget(table: Table | undefined, rule: Rule | undefined): string | null {
  const name = rule ? parseRuleView(rule.args).target?.name : undefined;
  return name && table?.chains.some((c) => c.name === name && c.policy === null) ? name : null;
}
