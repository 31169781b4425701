/**
 * `fwtui apply FILE`: what iptables-restore FILE would do (each table in the
 * file replaces the live one; tables not in the file stay), expressed as
 * commit plans so it gets the same drift check, minimal writes and safety
 * net as edits made in the view. Pure.
 */
import { looseKey, makePlan, type TablePlan } from './commit-plan.js';
import { isEmptyDiff } from '../diff/table-diff.js';
import { emptyTable, type Rule, type Ruleset, type Table } from '../model/ruleset.js';

/** The file's table, with any built-in chain it leaves out kept as an empty chain with the live policy. */
function complete(file: Table, live: Table): Table {
  const missing = live.chains.filter((c) => c.policy !== null && !file.chains.some((f) => f.name === c.name));
  return missing.length === 0
    ? file
    : { ...file, chains: [...missing.map((c) => ({ ...c, rules: [] })), ...file.chains] };
}

/**
 * The file's rules, with each one that only differs from a live rule of the
 * same chain in how it is written (`--dport 22` vs `-m tcp --dport 22`)
 * replaced by the live rule: such rules are not rewritten, keep their counters.
 */
function preferLive(file: Table, live: Table): Table {
  return {
    ...file,
    chains: file.chains.map((chain) => {
      const pool = new Map<string, Rule[]>();
      for (const r of live.chains.find((c) => c.name === chain.name)?.rules ?? []) {
        const key = looseKey(r.args);
        pool.set(key, [...(pool.get(key) ?? []), r]);
      }
      if (pool.size === 0) return chain;
      return { ...chain, rules: chain.rules.map((r) => pool.get(looseKey(r.args))?.shift() ?? r) };
    }),
  };
}

/** One plan per table of the file that differs from the live one. */
export function replacePlans(live: Ruleset, file: Ruleset): TablePlan[] {
  return file.tables
    .map((table) => {
      const basis = live.tables.find((t) => t.name === table.name) ?? emptyTable(table.name);
      return makePlan(live.family, basis, preferLive(complete(table, basis), basis), new Map());
    })
    .filter((p) => !isEmptyDiff(p.diff));
}
