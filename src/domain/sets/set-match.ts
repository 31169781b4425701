/**
 * The `-m set` match of a rule, decided from the namespace's sets:
 * `[!] --match-set NAME src[,dst…]`, `--return-nomatch`. Counter conditions
 * (`--packets-lt` …) depend on traffic so far: uncertain. Pure.
 */
import type { MatchContext, Tri } from '../analysis/match-context.js';
import type { Match } from '../model/rule-view.js';
import { packetInSet } from './set-membership.js';

const COUNTER_TESTS = /^--(packets|bytes)-(eq|lt|gt)$/;

/** Whether the rule's `-m set` holds for the packet in `ctx`. */
export function setModule(m: Match, ctx: MatchContext): Tri {
  const which = m.options.find((o) => o.name === '--match-set' || o.name === '--set');
  const name = which?.values[0];
  if (!which || name === undefined) return '-m set without --match-set (not modelled)';
  const counter = m.options.find((o) => COUNTER_TESTS.test(o.name));
  if (counter) return `-m set ${counter.name} (depends on the set's counters so far)`;
  const sets = ctx.sets;
  if (!sets) return `-m set --match-set ${name} (the sets were not read)`;
  if (sets.byName === null)
    return `-m set --match-set ${name} (the sets could not be read: ${sets.unreadable ?? 'unknown reason'})`;
  const set = sets.byName.get(name);
  // iptables refuses a rule naming a set that does not exist; a staged rule may still do so.
  if (!set) return `-m set --match-set ${name} (no set named ${name})`;
  const flags = (which.values[1] ?? '').split(',').filter(Boolean);
  const answer = packetInSet(
    set,
    ctx.packet,
    {
      flags,
      returnNomatch: m.options.some((o) => o.name === '--return-nomatch'),
      horizonSec: sets.horizonSec,
    },
    sets.byName,
  );
  if (typeof answer === 'string') return `-m set --match-set ${name} (${answer})`;
  return which.negated ? !answer : answer;
}
