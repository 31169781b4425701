/** Rule views parsed once per rule for the report's scans of a big ruleset (sources, port classes). Pure. */
import { parseRuleView, type RuleView } from '../model/rule-view.js';

const views = new WeakMap<object, RuleView>();

/** The rule's view, parsed the first time it is asked for. */
export function ruleView(rule: { readonly args: readonly string[] }): RuleView {
  let v = views.get(rule);
  if (!v) {
    v = parseRuleView(rule.args);
    views.set(rule, v);
  }
  return v;
}
