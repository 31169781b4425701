/**
 * The lines of the A view: per chain of a table, the rules that can never
 * match (and which earlier rule takes their packets), and, live, the rules
 * that have not counted a packet since the last zeroing. Pure.
 */
import { MAX_ANALYSED_RULES, neverHitRules } from '../../domain/analysis/shadow.js';
import type { Chain, Table } from '../../domain/model/ruleset.js';

export interface AnalysisLine {
  readonly kind: 'chain' | 'shadowed' | 'never' | 'note' | 'blank';
  readonly text: string;
}

/** Rule numbers as short ranges: 3, 5-9, 12. */
function ranges(indexes: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    out.push(i === j ? `${indexes[i]! + 1}` : `${indexes[i]! + 1}-${indexes[j]! + 1}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** Said for a chain whose shadow analysis has not answered yet (it runs in idle time). */
const CHECKING = 'checking for shadowed rules…';

/** Why zero counts prove little: the kernel counts from when a rule was loaded, or since someone zeroed it. */
export const UNZEROED_NOTE = 'counters count since the rules were loaded or last zeroed';

/**
 * The A view's lines for `table`. `shadows` gives a chain's shadowed rules (rule -> the rule that takes its
 * packets), or null while they are still being checked. `zeroedHere` says which chains fwtui zeroed itself: only
 * there does it say "never hit since zeroed"; elsewhere a zero count is "no hits counted", with what counters count.
 */
export function analysisLines(
  table: Table,
  live: boolean,
  shadows: (chain: Chain) => ReadonlyMap<number, number> | null,
  zeroedHere: (chain: string) => boolean = () => false,
): AnalysisLine[] {
  const lines: AnalysisLine[] = [];
  for (const chain of table.chains) {
    const found: AnalysisLine[] = [];
    if (chain.rules.length > MAX_ANALYSED_RULES)
      found.push({
        kind: 'note',
        text: `  ${chain.rules.length} rules: too many to compare pairwise (limit ${MAX_ANALYSED_RULES})`,
      });
    const marks = shadows(chain);
    if (marks === null) found.push({ kind: 'note', text: `  ${CHECKING}` });
    for (const [j, i] of marks ?? []) {
      found.push({
        kind: 'shadowed',
        text:
          `  rule ${j + 1} never matches: rule ${i + 1} takes all its ` +
          `packets first (-A ${chain.name} ${chain.rules[i]!.spec})`,
      });
      found.push({ kind: 'note', text: `      ${j + 1}: -A ${chain.name} ${chain.rules[j]!.spec}` });
    }
    const never = live ? neverHitRules(chain) : [];
    const which = `rule${never.length > 1 ? 's' : ''} ${ranges(never)}`;
    if (never.length > 0) {
      found.push({
        kind: 'never',
        text: zeroedHere(chain.name)
          ? `  never hit since fwtui zeroed the counters: ${which}`
          : `  no hits counted: ${which} (${UNZEROED_NOTE})`,
      });
    }
    if (found.length > 0) lines.push({ kind: 'chain', text: `${chain.name}` }, ...found, { kind: 'blank', text: '' });
  }
  if (lines.length === 0)
    lines.push({
      kind: 'note',
      text: live ? 'No shadowed rules, and every rule has counted packets.' : 'No shadowed rules.',
    });
  return lines;
}
