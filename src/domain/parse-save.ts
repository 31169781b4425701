/**
 * iptables-save / iptables-restore text -> Ruleset.
 * A small state machine: outside a table, inside `*table` (declarations,
 * rule commands), back outside at `COMMIT`. Rule text is kept verbatim so
 * any match module, known or not, round-trips byte for byte.
 */
import { ParseError } from './parse-error.js';
import { retarget } from './retarget.js';
import { QuotingError, joinArgs, splitArgs } from './quoting.js';
import { SavedRule, fitsU64, withCounters } from './saved-rule.js';
import {
  POLICIES,
  isBuiltinChain,
  isTableName,
  type Chain,
  type Counters,
  type Family,
  type Policy,
  type Rule,
  type Ruleset,
  type Table,
  type TableName,
} from './ruleset.js';

interface MutableChain {
  name: string;
  policy: Policy | null;
  counters: Counters;
  rules: Rule[];
}

interface OpenTable {
  name: TableName;
  line: number;
  chains: Map<string, MutableChain>;
}

const COUNTERS = /^\[(\d+):(\d+)\]$/;

/** Checks `[packets:bytes]` and returns it unchanged. */
function checkCounters(text: string, line: number): string {
  const m = COUNTERS.exec(text);
  if (!m) throw new ParseError(line, `bad counters "${text}" (expected [packets:bytes])`);
  if (!fitsU64(m[1]!) || !fitsU64(m[2]!)) throw new ParseError(line, `counters "${text}" exceed 64 bits`);
  return text;
}

function parseCounters(text: string, line: number): Counters {
  checkCounters(text, line);
  const colon = text.indexOf(':');
  return { packets: BigInt(text.slice(1, colon)), bytes: BigInt(text.slice(colon + 1, -1)) };
}

/** Options: how to read the text. */
export interface ParseOptions {
  /** Which family the text describes; iptables-save text does not say. @default 'ipv4' */
  family?: Family;
}

/**
 * Parses iptables-save output (with or without -c) and the iptables-restore
 * input syntax (-A/-I/-D/-R/-N/-X/-F/-P/-Z/-E, `-c p b`, optional chain counters).
 * @throws ParseError naming the line and what is wrong.
 */
export function parseSave(text: string, options: ParseOptions = {}): Ruleset {
  const tables = new Map<TableName, Table>();
  const warnings: string[] = [];
  let open: OpenTable | null = null;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i]!;
    if (line.endsWith('\r')) {
      throw new ParseError(n, 'line ends with a carriage return (Windows line ends); convert the file with dos2unix');
    }
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const warning = /^#\s*Warning:\s*(.*)$/.exec(trimmed);
      if (warning) warnings.push(warning[1]!);
      continue;
    }
    if (trimmed.startsWith('*')) {
      if (open) throw new ParseError(n, `table "${trimmed.slice(1)}" starts before table ${open.name} (line ${open.line}) has its COMMIT`);
      const name = trimmed.slice(1);
      if (!isTableName(name)) throw new ParseError(n, `unknown table "${name}" (known: filter, nat, mangle, raw, security)`);
      open = { name, line: n, chains: new Map() };
      continue;
    }
    if (trimmed === 'COMMIT') {
      if (!open) throw new ParseError(n, 'COMMIT without a table (expected a "*filter"-style line before it)');
      tables.set(open.name, closeTable(open));
      open = null;
      continue;
    }
    if (!open) throw new ParseError(n, `"${abbreviate(trimmed)}" appears before any table (expected a line like "*filter")`);
    if (trimmed.startsWith(':')) declareChain(open, trimmed, n);
    else applyCommand(open, trimmed, n);
  }
  if (open) throw new ParseError(lines.length, `table ${open.name} (line ${open.line}) has no COMMIT: the input is truncated`);
  return { family: options.family ?? 'ipv4', tables: [...tables.values()], warnings };
}

function closeTable(open: OpenTable): Table {
  const chains: Chain[] = [...open.chains.values()];
  return { name: open.name, chains };
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function declareChain(table: OpenTable, line: string, n: number): void {
  const parts = line.slice(1).split(/\s+/);
  const [name, policyText, countersText, ...rest] = parts;
  if (!name) throw new ParseError(n, 'chain declaration without a name');
  if (policyText === undefined) throw new ParseError(n, `chain ${name} has no policy (use "-" for a user-defined chain)`);
  if (rest.length > 0) throw new ParseError(n, `unexpected text after the counters of chain ${name}`);
  if (table.chains.has(name)) throw new ParseError(n, `chain ${name} is declared twice in table ${table.name}`);
  const builtin = isBuiltinChain(table.name, name);
  let policy: Policy | null = null;
  if (policyText === '-') {
    if (builtin) throw new ParseError(n, `built-in chain ${name} needs a policy (ACCEPT or DROP), not "-"`);
  } else {
    if (!builtin) throw new ParseError(n, `${name} is not a built-in chain of table ${table.name}, so it cannot have policy ${policyText} (use "-")`);
    if (!(POLICIES as readonly string[]).includes(policyText)) throw new ParseError(n, `policy of ${name} must be ACCEPT or DROP, not "${policyText}"`);
    policy = policyText as Policy;
  }
  const counters = countersText === undefined ? { packets: 0n, bytes: 0n } : parseCounters(countersText, n);
  table.chains.set(name, { name, policy, counters, rules: [] });
}

/** `-A CHAIN rest` keeps `rest` verbatim; every other command is interpreted. */
function applyCommand(table: OpenTable, line: string, n: number): void {
  let rest = line;
  let counters: string | null = null;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) throw new ParseError(n, 'counters "[" without a closing "]"');
    counters = checkCounters(rest.slice(0, end + 1), n);
    rest = rest.slice(end + 1).trimStart();
  }
  // Fast path for what iptables-save prints: "-A CHAIN spec".
  if (rest.startsWith('-A ')) {
    const space = rest.indexOf(' ', 3);
    const chainName = space < 0 ? rest.slice(3) : rest.slice(3, space);
    if (chainName !== '' && !chainName.includes('\t')) {
      return addRule(table, chainOf(table, chainName, n, '-A'), space < 0 ? '' : rest.slice(space + 1), counters, n, 'append');
    }
  }
  const m = /^(\S+)(?:[ \t]+(\S+))?(?:[ \t]+(.*))?$/.exec(rest);
  const command = m?.[1] ?? '';
  const chainName = m?.[2];
  const tail = m?.[3] ?? '';
  switch (command) {
    case '-A':
    case '--append':
      return addRule(table, chainOf(table, chainName, n, command), tail, counters, n, 'append');
    case '-I':
    case '--insert':
      return addRule(table, chainOf(table, chainName, n, command), tail, counters, n, 'insert');
    case '-R':
    case '--replace':
      return addRule(table, chainOf(table, chainName, n, command), tail, counters, n, 'replace');
    case '-D':
    case '--delete':
      return deleteRule(chainOf(table, chainName, n, command), tail, n);
    case '-N':
    case '--new-chain':
      if (!chainName || tail) throw new ParseError(n, `${command} takes exactly one chain name`);
      if (table.chains.has(chainName)) throw new ParseError(n, `chain ${chainName} already exists in table ${table.name}`);
      table.chains.set(chainName, { name: chainName, policy: null, counters: { packets: 0n, bytes: 0n }, rules: [] });
      return;
    case '-X':
    case '--delete-chain':
      return deleteChains(table, chainName, n);
    case '-F':
    case '--flush':
      for (const chain of chainName ? [chainOf(table, chainName, n, command)] : table.chains.values()) chain.rules = [];
      return;
    case '-Z':
    case '--zero':
      for (const chain of chainName ? [chainOf(table, chainName, n, command)] : table.chains.values()) {
        chain.rules = chain.rules.map((r) => withCounters(r, r.counters && { packets: 0n, bytes: 0n }));
        chain.counters = { packets: 0n, bytes: 0n };
      }
      return;
    case '-P':
    case '--policy': {
      const chain = chainOf(table, chainName, n, command);
      if (chain.policy === null) throw new ParseError(n, `user-defined chain ${chain.name} has no policy to set`);
      if (!(POLICIES as readonly string[]).includes(tail)) throw new ParseError(n, `policy must be ACCEPT or DROP, not "${tail}"`);
      chain.policy = tail as Policy;
      return;
    }
    case '-E':
    case '--rename-chain':
      return renameChain(table, chainOf(table, chainName, n, command), tail, n);
    default:
      throw new ParseError(n, `"${abbreviate(command)}" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)`);
  }
}

function chainOf(table: OpenTable, name: string | undefined, n: number, command: string): MutableChain {
  if (!name) throw new ParseError(n, `${command} needs a chain name`);
  const chain = table.chains.get(name);
  if (chain) return chain;
  if (isBuiltinChain(table.name, name)) {
    // iptables-restore accepts rules for built-in chains that were not declared.
    const created: MutableChain = { name, policy: 'ACCEPT', counters: { packets: 0n, bytes: 0n }, rules: [] };
    table.chains.set(name, created);
    return created;
  }
  throw new ParseError(n, `chain ${name} is not declared in table ${table.name} (add ":${name} - [0:0]" before its rules)`);
}

function splitOrThrow(text: string, n: number): string[] {
  try {
    return splitArgs(text);
  } catch (e) {
    if (e instanceof QuotingError) throw new ParseError(n, e.message);
    throw e;
  }
}

/** Takes `-c PACKETS BYTES` (restore syntax) out of the arguments. */
function extractInlineCounters(args: string[], n: number): { args: string[]; counters: Counters | null } {
  const at = args.findIndex((a) => a === '-c' || a === '--set-counters');
  if (at < 0) return { args, counters: null };
  const p = args[at + 1];
  const b = args[at + 2];
  if (p === undefined || b === undefined || !/^\d+$/.test(p) || !/^\d+$/.test(b)) {
    throw new ParseError(n, `${args[at]} needs two numbers: packets and bytes`);
  }
  const counters = parseCounters(`[${p}:${b}]`, n);
  return { args: [...args.slice(0, at), ...args.slice(at + 3)], counters };
}

function addRule(
  table: OpenTable,
  chain: MutableChain,
  tail: string,
  prefixCounters: string | null,
  n: number,
  mode: 'append' | 'insert' | 'replace',
): void {
  let specText = tail;
  let position: number | null = null;
  if (mode !== 'append') {
    const num = /^(\d+)(?:[ \t]+|$)(.*)$/.exec(tail);
    if (num) {
      position = Number(num[1]);
      specText = num[2]!;
    } else if (mode === 'replace') {
      throw new ParseError(n, '-R needs a rule number');
    }
  }
  const rule = makeRule(specText, prefixCounters, n);
  const rules = chain.rules;
  if (mode === 'append') {
    rules.push(rule);
    return;
  }
  const index = (position ?? 1) - 1;
  const limit = mode === 'insert' ? rules.length + 1 : rules.length;
  if (index < 0 || index >= limit) {
    throw new ParseError(n, `rule number ${position} is out of range for chain ${chain.name} in table ${table.name} (it has ${rules.length} rules)`);
  }
  rules.splice(index, mode === 'insert' ? 0 : 1, rule);
}

/** Quoted text and `-c` counters are decoded now, to report errors with their line; plain text later. */
function makeRule(specText: string, prefixCounters: string | null, n: number): Rule {
  const needsSplit = specText.includes('"') || specText.includes('\\') || /(^|[ \t])(-c|--set-counters)([ \t]|$)/.test(specText);
  const spec = specText.trimEnd();
  if (!needsSplit) return new SavedRule(spec, prefixCounters);
  const inline = extractInlineCounters(splitOrThrow(specText, n), n);
  if (!inline.counters) return new SavedRule(spec, prefixCounters, inline.args);
  return { spec: joinArgs(inline.args), args: inline.args, counters: inline.counters };
}

function deleteRule(chain: MutableChain, tail: string, n: number): void {
  if (/^\d+$/.test(tail)) {
    const index = Number(tail) - 1;
    if (index < 0 || index >= chain.rules.length) throw new ParseError(n, `chain ${chain.name} has no rule ${tail}`);
    chain.rules.splice(index, 1);
    return;
  }
  const args = splitOrThrow(tail, n).join('\0');
  const index = chain.rules.findIndex((r) => r.args.join('\0') === args);
  if (index < 0) throw new ParseError(n, `no rule in chain ${chain.name} matches "${abbreviate(tail)}"`);
  chain.rules.splice(index, 1);
}

function deleteChains(table: OpenTable, name: string | undefined, n: number): void {
  const names = name ? [name] : [...table.chains.values()].filter((c) => c.policy === null).map((c) => c.name);
  for (const chainName of names) {
    const chain = chainOf(table, chainName, n, '-X');
    if (chain.policy !== null) throw new ParseError(n, `built-in chain ${chainName} cannot be deleted`);
    if (chain.rules.length > 0) throw new ParseError(n, `chain ${chainName} is not empty (flush it with -F first)`);
    table.chains.delete(chainName);
  }
}

function renameChain(table: OpenTable, chain: MutableChain, newName: string, n: number): void {
  if (!newName || /\s/.test(newName)) throw new ParseError(n, '-E needs the old and the new chain name');
  if (chain.policy !== null) throw new ParseError(n, `built-in chain ${chain.name} cannot be renamed`);
  if (table.chains.has(newName)) throw new ParseError(n, `chain ${newName} already exists in table ${table.name}`);
  const entries = [...table.chains.entries()].map(([k, v]): [string, MutableChain] => (k === chain.name ? [newName, v] : [k, v]));
  const oldName = chain.name;
  chain.name = newName;
  // The kernel keeps jumps pointing at the renamed chain; the text must follow.
  for (const other of table.chains.values()) other.rules = other.rules.map((r) => retarget(r, oldName, newName));
  table.chains.clear();
  for (const [k, v] of entries) table.chains.set(k, v);
}

