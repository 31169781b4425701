/**
 * The rules that use a set (`-m set --match-set NAME`, the SET target's `--add-set`/`--del-set NAME`), in the
 * tables read and staged, by family, table, chain and number: what the sets panel lists, and what refuses to
 * destroy a set that is still used. Pure.
 */
import type { Family, Table, TableName } from '../model/ruleset.js';

/** One rule that names a set. */
export interface SetUser {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** 0-based. */
  readonly index: number;
  readonly spec: string;
}

const SET_WORDS = new Set(['--match-set', '--set', '--add-set', '--del-set', '--map-set']);

/** The set names a rule's spec uses. */
export function setsNamed(spec: string): string[] {
  if (!spec.includes('-set')) return [];
  const words = spec.split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length - 1; i++) if (SET_WORDS.has(words[i]!)) out.push(words[i + 1]!);
  return out;
}

/** The rules of `tables` (one family's) that use set `name`. */
export function setUsers(family: Family, tables: readonly Table[], name: string): SetUser[] {
  const out: SetUser[] = [];
  for (const t of tables)
    for (const c of t.chains)
      c.rules.forEach((r, index) => {
        if (setsNamed(r.spec).includes(name)) out.push({ family, table: t.name, chain: c.name, index, spec: r.spec });
      });
  return out;
}

/** "filter INPUT rule 1" */
export const userText = (u: SetUser): string => `${u.table} ${u.chain} rule ${u.index + 1}`;
