/**
 * The iptables-restore --noflush text that turns a live table into its
 * staged copy, touching only what changed: deletes by the rule's words,
 * then inserts at their final places (lowest first), moved rules carrying
 * their counters, renames last. One such block is all-or-nothing in the kernel. Pure.
 */
import { retarget } from '../model/retarget.js';
import type { Rule } from '../model/ruleset.js';
import type { ChainDiff, TableDiff } from '../diff/table-diff.js';

const countersPrefix = (rule: Rule): string =>
  rule.counters ? `[${rule.counters.packets}:${rule.counters.bytes}] ` : '';
const withSpec = (head: string, rule: Rule): string =>
  `${countersPrefix(rule)}${head}${rule.spec === '' ? '' : ` ${rule.spec}`}`;

/**
 * `-D CHAIN <rule>`: deletes the first rule with these words wherever it is
 * now (identical rules are interchangeable). Only a rule without any words
 * (`-A CHAIN` alone) cannot be named that way and is deleted by its number.
 */
const deleteLine = (chain: string, rule: Rule, index: number): string =>
  rule.spec === '' ? `-D ${chain} ${index + 1}` : `-D ${chain} ${rule.spec}`;

/**
 * Lines for one chain. They use the chain's live name and jumps to live
 * names: renames (`-E`) come after them, because iptables-nft-restore cannot
 * find a chain by its new name within the same batch (seen with 1.8.9).
 */
function chainLines(diff: ChainDiff, renamed: readonly (readonly [string, string])[]): string[] {
  const toLive = (rule: Rule): Rule => renamed.reduce((r, [from, to]) => retarget(r, to, from), rule);
  const d = { ...diff, name: diff.was, after: renamed.length > 0 ? diff.after.map(toLive) : diff.after };
  const lines: string[] = [];
  const kept = d.common.before.length;
  // Nothing of the old chain survives: one flush instead of a delete per rule.
  if (kept === 0 && d.before.length > 0) {
    lines.push(`-F ${d.name}`);
    for (const rule of d.after) lines.push(withSpec(`-A ${d.name}`, rule));
  } else {
    const removed = [...d.deleted, ...d.moved.map(([i]) => i), ...d.changed.map(([i]) => i)].sort((a, b) => b - a);
    // By the rule's words, never by a number read earlier: another writer may have moved the rules since.
    for (const i of removed) lines.push(deleteLine(d.name, toLive(d.before[i]!), i));
    const placed = [...d.added, ...d.moved.map(([, j]) => j), ...d.changed.map(([, j]) => j)].sort((a, b) => a - b);
    let length = d.before.length - removed.length;
    for (const j of placed) {
      lines.push(withSpec(j === length ? `-A ${d.name}` : `-I ${d.name} ${j + 1}`, d.after[j]!));
      length++;
    }
  }
  if (d.policy) lines.push(`-P ${d.name} ${d.policy.to}`);
  return lines;
}

/** The whole `*table` ... `COMMIT` block, or null when the table has nothing to change. */
export function restoreScript(diff: TableDiff): string | null {
  const lines: string[] = [];
  for (const name of diff.created) lines.push(`-N ${name}`);
  for (const chain of diff.chains) lines.push(...chainLines(chain, diff.renamed));
  for (const [from, to] of diff.renamed) lines.push(`-E ${from} ${to}`);
  // Flush every chain that goes before deleting any: they may jump to each other.
  for (const chain of diff.deleted) lines.push(`-F ${chain.name}`);
  for (const chain of diff.deleted) lines.push(`-X ${chain.name}`);
  if (lines.length === 0) return null;
  return `*${diff.table}\n${lines.join('\n')}\nCOMMIT\n`;
}
