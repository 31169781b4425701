/**
 * `fwtui apply --noflush FILE`: what `iptables-restore --noflush FILE` does,
 * as commit plans. Each table of the file is laid over the running one:
 * a built-in chain declared in the file only gets its policy, a user chain
 * declared is emptied and refilled (created when missing), chains the file
 * does not declare keep their rules, and the file's commands (`-A`, `-I`,
 * `-D`, `-R`…) act on the result in order. Nothing is deleted. Pure.
 */
import { makePlan, type TablePlan } from './commit-plan.js';
import { ParseError } from '../text/parse-error.js';
import { parseSave } from '../text/parse-save.js';
import { renderTable } from '../text/render-save.js';
import {
  emptyTable,
  isBuiltinChain,
  isTableName,
  type Chain,
  type Policy,
  type Ruleset,
  type Table,
} from '../model/ruleset.js';
import { isEmptyDiff } from '../diff/table-diff.js';

interface Block {
  readonly name: string;
  /** Declared chains with their policy (null for `-`). */
  readonly declared: Map<string, Policy | null>;
  /** The block's command lines with their line number in the file. */
  readonly commands: { readonly text: string; readonly line: number }[];
}

/** The file's `*table` blocks, without parsing the rules (that happens against the running table). */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let open: Block | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      if (open) throw new ParseError(n, `table ${line.slice(1)} starts before ${open.name} ends with COMMIT`);
      if (!isTableName(line.slice(1))) throw new ParseError(n, `unknown table "${line.slice(1)}"`);
      open = { name: line.slice(1), declared: new Map(), commands: [] };
      return;
    }
    if (!open) throw new ParseError(n, 'a line outside a table (expected *filter, *nat, ...)');
    if (line === 'COMMIT') {
      out.push(open);
      open = null;
    } else if (line.startsWith(':')) {
      const [name = '', policy = '-'] = line.slice(1).split(/\s+/);
      open.declared.set(name, policy === '-' ? null : (policy as Policy));
    } else open.commands.push({ text: raw, line: n });
  });
  if (open) throw new ParseError(0, `table ${(open as Block).name} has no COMMIT`);
  return out;
}

/** The running table with the file's block laid over it, as --noflush does. */
function overlay(live: Table, block: Block, family: Ruleset['family']): Table {
  const chains: Chain[] = live.chains.map((c) => {
    if (!block.declared.has(c.name)) return c;
    const policy = block.declared.get(c.name) ?? null;
    if (isBuiltinChain(live.name, c.name)) return policy === null ? c : { ...c, policy };
    return { ...c, rules: [] };
  });
  for (const [name, policy] of block.declared) {
    if (chains.some((c) => c.name === name)) continue;
    chains.push({ name, policy, counters: { packets: 0n, bytes: 0n }, rules: [] });
  }
  const head = renderTable({ ...live, chains }).replace(/COMMIT\n$/, '');
  const headLines = head.split('\n').length - 1;
  const text = `${head}${block.commands.map((c) => c.text).join('\n')}\nCOMMIT\n`;
  try {
    return parseSave(text, { family }).tables[0] ?? emptyTable(live.name);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    // Point at the file's own line, not the merged text's.
    const own = block.commands[e.line - headLines - 1];
    if (own) throw new ParseError(own.line, e.reason);
    throw e;
  }
}

/** One plan per table of the file that changes something when laid over the running rules. */
export function noflushPlans(live: Ruleset, fileText: string): TablePlan[] {
  return blocks(fileText)
    .map((block) => {
      const basis = live.tables.find((t) => t.name === block.name) ?? emptyTable(block.name as Table['name']);
      return makePlan(live.family, basis, overlay(basis, block, live.family), new Map());
    })
    .filter((p) => !isEmptyDiff(p.diff));
}
