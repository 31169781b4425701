/** A table's staged changes in plain words: "filter INPUT: rule 5 moved to 3; policy ACCEPT → DROP". Pure. */
import { ownedChainWarning } from '../model/chain-owners.js';
import type { ChainDiff, TableDiff } from '../diff/table-diff.js';

/**
 * A rule's text whole: cutting it ("--dp…") could hide the part that changes what it means. The review wraps it,
 * `status` lets the terminal wrap it.
 */
const whole = (spec: string): string => spec || '(matches everything)';

/**
 * A moved rule in words. Rule numbers are the running ones, "to N" the staged
 * one. A rule that keeps its number (other edits shifted the rules around
 * it) is named by the running rule it now passes: never "moved from 6 to 6".
 */
function movedText(c: ChainDiff, i: number, j: number): string {
  if (i !== j) return `rule ${i + 1} moved to ${j + 1}`;
  const kept = c.common.before.map((b, k) => [b, c.common.after[k]!] as const);
  const pairs: (readonly [number, number])[] = [...kept, ...c.moved];
  // The nearest running rule it changed sides with: above one that was above it, or below one that was below.
  const above = pairs.filter(([k, m]) => k < i && m > j).sort((x, y) => y[0] - x[0])[0];
  if (above) return `rule ${i + 1} moved above rule ${above[0] + 1} (it keeps number ${i + 1})`;
  const below = pairs.filter(([k, m]) => k > i && m < j).sort((x, y) => x[0] - y[0])[0];
  if (below) return `rule ${i + 1} moved below rule ${below[0] + 1} (it keeps number ${i + 1})`;
  return `rule ${i + 1} moved back among the same rules (it keeps number ${i + 1})`;
}

/** One line per changed chain (and one per created, renamed or deleted chain). */
export function summarizeTable(diff: TableDiff): string[] {
  const t = diff.table;
  const lines: string[] = [];
  for (const name of diff.created) lines.push(`${t}: new chain ${name}`);
  for (const [from, to] of diff.renamed) lines.push(`${t}: chain ${from} renamed to ${to} (every jump to it follows)`);
  for (const c of diff.chains) {
    const parts: string[] = [];
    const flushed = c.before.length > 0 && c.after.length === 0;
    if (flushed) parts.push(`all ${c.before.length} rules removed`);
    else {
      for (const [i, j] of c.moved) parts.push(movedText(c, i, j));
      for (const [i, j] of c.changed) {
        parts.push(`rule ${i + 1} changed${i === j ? '' : ` (now ${j + 1})`}: ${whole(c.after[j]!.spec)}`);
      }
      for (const i of c.deleted) parts.push(`rule ${i + 1} deleted: ${whole(c.before[i]!.spec)}`);
      for (const j of c.added) parts.push(`new rule ${j + 1}: ${whole(c.after[j]!.spec)}`);
    }
    if (c.policy) parts.push(`policy ${c.policy.from} → ${c.policy.to}`);
    // The last look before applying names what another program will do to these edits.
    const owned = ownedChainWarning(c.name);
    if (parts.length > 0) lines.push(`${t} ${c.name}: ${parts.join('; ')}${owned ? ` (warning: ${owned})` : ''}`);
  }
  for (const chain of diff.deleted)
    lines.push(
      `${t}: chain ${chain.name} deleted${chain.rules.length > 0 ? ` with its ${chain.rules.length} rules` : ''}`,
    );
  return lines;
}
