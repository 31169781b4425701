/**
 * The documented JSON of `fwtui list --json`:
 * {"family","backend","tables":[{"name","chains":[{"name","policy","packets","bytes","references",
 *   "rules":[{"num","packets","bytes","target","spec"}]}]}]}
 * Counters are decimal strings: they are 64-bit and JSON numbers are not.
 */
import { countReferences } from '../model/references.js';
import { parseRuleView } from '../model/rule-view.js';
import type { Ruleset, Table } from '../model/ruleset.js';

export type ListBackend = 'nft' | 'legacy' | 'file';

export interface ListJsonRule {
  num: number;
  packets: string;
  bytes: string;
  /** The target or chain jumped to; '' when the rule has none. */
  target: string;
  /** The rule's text after `-A CHAIN `. */
  spec: string;
}

export interface ListJsonChain {
  name: string;
  policy: 'ACCEPT' | 'DROP' | null;
  packets: string;
  bytes: string;
  references: number;
  rules: ListJsonRule[];
}

export interface ListJson {
  family: 'ipv4' | 'ipv6';
  backend: ListBackend;
  tables: { name: string; chains: ListJsonChain[] }[];
}

function tableJson(table: Table, chainName?: string): { name: string; chains: ListJsonChain[] } {
  const references = countReferences(table);
  const chains = table.chains
    .filter((c) => chainName === undefined || c.name === chainName)
    .map((chain) => ({
      name: chain.name,
      policy: chain.policy,
      packets: String(chain.counters.packets),
      bytes: String(chain.counters.bytes),
      references: references.get(chain.name) ?? 0,
      rules: chain.rules.map((rule, i) => ({
        num: i + 1,
        packets: String(rule.counters?.packets ?? 0n),
        bytes: String(rule.counters?.bytes ?? 0n),
        target: parseRuleView(rule.args).target?.name ?? '',
        spec: rule.spec,
      })),
    }));
  return { name: table.name, chains };
}

/** Builds the JSON object for the given tables (all when none named) and optional chain. */
export function listJson(
  ruleset: Ruleset,
  backend: ListBackend,
  tables: readonly Table[],
  chainName?: string,
): ListJson {
  return { family: ruleset.family, backend, tables: tables.map((t) => tableJson(t, chainName)) };
}
