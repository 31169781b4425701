/** A rule aimed at a renamed chain: the kernel keeps such jumps, so the text must follow. Pure. */
import { joinArgs } from '../text/quoting.js';
import { targetName } from './rule-view.js';
import type { Rule } from './ruleset.js';

/**
 * The rule with its jump or goto aimed at `to` when it aimed at `from`; the
 * same object otherwise. Keeps the text as read when the jump ends it (the
 * canonical form), else rebuilds it from the arguments.
 */
export function retarget(rule: Rule, from: string, to: string): Rule {
  if (targetName(rule.args) !== from) return rule;
  for (const flag of [' -j ', ' -g ', '-j ', '-g ']) {
    if (rule.spec === `${flag.trimStart()}${from}` || rule.spec.endsWith(`${flag}${from}`)) {
      const spec = rule.spec.slice(0, rule.spec.length - from.length) + to;
      return { spec, args: [...rule.args.slice(0, -1), to], counters: rule.counters, origin: rule.origin ?? rule };
    }
  }
  const args = [...rule.args];
  for (let i = args.length - 2; i >= 0; i--)
    if (/^(-j|--jump|-g|--goto)$/.test(args[i]!) && args[i + 1] === from) args[i + 1] = to;
  return { spec: joinArgs(args), args, counters: rule.counters, origin: rule.origin ?? rule };
}
