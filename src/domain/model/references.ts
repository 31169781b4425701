/** How many rules jump or go to each chain of a table (iptables -L "N references"). */
import { targetName } from './rule-view.js';
import type { Table } from './ruleset.js';

const cache = new WeakMap<Table, ReadonlyMap<string, number>>();

/** Cached per table object (tables are never mutated): the view asks on every keypress. */
export function countReferences(table: Table): ReadonlyMap<string, number> {
  let counts = cache.get(table);
  if (!counts) {
    counts = count(table);
    cache.set(table, counts);
  }
  return counts;
}

function count(table: Table): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const chain of table.chains) if (chain.policy === null) counts.set(chain.name, 0);
  for (const chain of table.chains) {
    for (const rule of chain.rules) {
      const target = targetName(rule.args);
      const current = counts.get(target);
      if (current !== undefined) counts.set(target, current + 1);
    }
  }
  return counts;
}
