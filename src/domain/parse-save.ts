/**
 * iptables-save / iptables-restore text -> Ruleset.
 * A small state machine: outside a table, inside `*table` (declarations,
 * rule commands), back outside at `COMMIT`. Rule text is kept verbatim so
 * any match module, known or not, round-trips byte for byte.
 */
import { expandRule, hasAddressList, mayHaveAddressList } from './address-lists.js';
import { ParseError } from './parse-error.js';
import { retarget } from './retarget.js';
import { QuotingError, joinArgs, quotingProblem, splitArgs } from './quoting.js';
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
  /** The chain the last fast-path rule went to. */
  last: MutableChain | null;
}

/** Digits a 64-bit counter can have without comparing against 2^64-1 (which has 20). */
const SAFE_DIGITS = 19;

/**
 * Checks `[packets:bytes]` and returns it unchanged. Runs once per rule of a
 * 100k-rule read, so it scans character codes instead of matching a regex.
 */
function checkCounters(text: string, line: number, length = text.length): string {
  const colon = text.indexOf(':');
  const last = length - 1;
  if (text.charCodeAt(0) !== 0x5b || text.charCodeAt(last) !== 0x5d || !allDigits(text, 1, colon) || !allDigits(text, colon + 1, last)) {
    throw new ParseError(line, `bad counters "${text.slice(0, length)}" (expected [packets:bytes])`);
  }
  if ((colon - 1 > SAFE_DIGITS && !fitsU64(text.slice(1, colon))) || (last - colon - 1 > SAFE_DIGITS && !fitsU64(text.slice(colon + 1, last)))) {
    throw new ParseError(line, `counters "${text.slice(0, length)}" exceed 64 bits`);
  }
  return text;
}

/** Whether text[from, to) is one or more ASCII digits. */
function allDigits(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
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
  const parser = new SaveParser(options);
  parser.push(text);
  return parser.end();
}

/**
 * The same parser fed piece by piece, as iptables-save prints: a 100k-rule
 * read is parsed while the rest is still arriving. Pieces may split lines
 * anywhere; `end()` parses the last line and returns the ruleset.
 * @throws ParseError from push() or end(), naming the line and what is wrong.
 */
export class SaveParser {
  readonly #family: Family;
  readonly #tables = new Map<TableName, Table>();
  readonly #warnings: string[] = [];
  #open: OpenTable | null = null;
  /** Text after the last newline seen: the start of a line still arriving. */
  #partial = '';
  #lineNumber = 0;

  constructor(options: ParseOptions = {}) {
    this.#family = options.family ?? 'ipv4';
  }

  /** Parses every whole line of `piece` (with what was left over from the last piece). */
  push(piece: string): void {
    let start = 0;
    if (this.#partial !== '') {
      const newline = piece.indexOf('\n');
      if (newline < 0) {
        this.#partial += piece;
        return;
      }
      this.#line(this.#partial + piece.slice(0, newline));
      this.#partial = '';
      start = newline + 1;
    }
    for (let newline = piece.indexOf('\n', start); newline >= 0; newline = piece.indexOf('\n', start)) {
      this.#line(piece.slice(start, newline));
      start = newline + 1;
    }
    this.#partial = start === 0 ? piece : piece.slice(start);
  }

  /** Parses the last line (one without a newline) and checks the input is complete. */
  end(): Ruleset {
    if (this.#partial !== '') this.#line(this.#partial);
    this.#partial = '';
    if (this.#open) throw new ParseError(this.#lineNumber, `table ${this.#open.name} (line ${this.#open.line}) has no COMMIT: the input is truncated`);
    return { family: this.#family, tables: [...this.#tables.values()], warnings: this.#warnings };
  }

  #line(line: string): void {
    const n = ++this.#lineNumber;
    if (line.endsWith('\r')) {
      throw new ParseError(n, 'line ends with a carriage return (Windows line ends); convert the file with dos2unix');
    }
    const trimmed = line.trim();
    if (trimmed === '') return;
    const open = this.#open;
    if (trimmed.startsWith('#')) {
      const warning = /^#\s*Warning:\s*(.*)$/.exec(trimmed);
      if (warning) this.#warnings.push(warning[1]!);
      return;
    }
    if (trimmed.startsWith('*')) {
      if (open) throw new ParseError(n, `table "${trimmed.slice(1)}" starts before table ${open.name} (line ${open.line}) has its COMMIT`);
      const name = trimmed.slice(1);
      if (!isTableName(name)) throw new ParseError(n, `unknown table "${name}" (known: filter, nat, mangle, raw, security)`);
      this.#open = { name, line: n, chains: new Map(), last: null };
      return;
    }
    if (trimmed === 'COMMIT') {
      if (!open) throw new ParseError(n, 'COMMIT without a table (expected a "*filter"-style line before it)');
      this.#tables.set(open.name, closeTable(open));
      this.#open = null;
      return;
    }
    if (!open) throw new ParseError(n, `"${abbreviate(trimmed)}" appears before any table (expected a line like "*filter")`);
    if (trimmed.startsWith(':')) declareChain(open, trimmed, n);
    else if (!appendPrinted(open, trimmed, n)) applyCommand(open, trimmed, n);
  }
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

/**
 * A rule line exactly as iptables-save prints it (`[p:b] -A CHAIN spec`, single
 * spaces, counters optional) is appended without being cut up: the rule keeps
 * the line (SavedRule.fromLine). This runs for every rule of a 100k-rule read,
 * so it allocates nothing but the rule. Any other line returns false and goes
 * the general way (applyCommand).
 */
function appendPrinted(table: OpenTable, line: string, n: number): boolean {
  let at = 0;
  let countersLength = 0;
  if (line.charCodeAt(0) === 0x5b) {
    const end = line.indexOf(']');
    if (end < 0 || line.charCodeAt(end + 1) !== 0x20) return false;
    countersLength = end + 1;
    at = end + 2;
  }
  if (!line.startsWith('-A ', at)) return false;
  const nameAt = at + 3;
  const space = line.indexOf(' ', nameAt);
  const nameEnd = space < 0 ? line.length : space;
  if (nameEnd === nameAt || (space >= 0 && mayHaveInlineCounters(line, space + 1))) return false;
  // -s a,b is several rules (iptables-restore makes one per address): the general way expands it.
  if (space >= 0 && mayHaveAddressList(line)) return false;
  if (countersLength > 0) checkCounters(line, n, countersLength);
  // iptables-save prints a chain's rules together: the last chain is almost always the one.
  let chain = table.last;
  if (!chain || chain.name.length !== nameEnd - nameAt || !line.startsWith(chain.name, nameAt)) {
    const name = line.slice(nameAt, nameEnd);
    if (name.includes('\t')) return false;
    chain = chainOf(table, name, n, '-A');
    table.last = chain;
  }
  // Quotes are checked now, to name the line; the rule is split only when something asks.
  const problem = space >= 0 && (line.includes('"', space) || line.includes('\\', space)) ? quotingProblem(line, space + 1) : null;
  if (problem) throw new ParseError(n, problem);
  chain.rules.push(SavedRule.fromLine(line, chain.name, countersLength));
  return true;
}

/** `-A CHAIN rest` keeps `rest` verbatim; every other command is interpreted. */
function applyCommand(table: OpenTable, line: string, n: number): void {
  // -X, -E and the rest change chains: the fast path looks its chain up again.
  table.last = null;
  let rest = line;
  let countersLength = 0;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) throw new ParseError(n, 'counters "[" without a closing "]"');
    countersLength = end + 1;
    checkCounters(line, n, countersLength);
    rest = rest.slice(countersLength).trimStart();
  }
  // "-A CHAIN spec" with other spacing than iptables-save's.
  if (rest.startsWith('-A ')) {
    const space = rest.indexOf(' ', 3);
    const chainName = space < 0 ? rest.slice(3) : rest.slice(3, space);
    if (chainName !== '' && !chainName.includes('\t')) {
      const chain = chainOf(table, chainName, n, '-A');
      const spec = space < 0 ? '' : rest.slice(space + 1);
      const printed = line.length === (countersLength > 0 ? countersLength + 1 : 0) + rest.length;
      const from = printed ? { line, chain: chainName, countersLength } : undefined;
      const rule = makeRule(spec, countersOf(line, countersLength), n, from);
      chain.rules.push(...(mayHaveAddressList(spec) ? expandRule(rule, 'append') : [rule]));
      return;
    }
  }
  const counters = countersOf(line, countersLength);
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

function countersOf(line: string, countersLength: number): string | null {
  return countersLength > 0 ? line.slice(0, countersLength) : null;
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
  // -s a,b is one rule per address, placed as iptables-restore places them (-I: reversed).
  const listed = mayHaveAddressList(specText) && hasAddressList(rule.args);
  if (listed && mode === 'replace') {
    throw new ParseError(n, '-R with a list of addresses: iptables refuses it (one rule per address)');
  }
  const made = listed && mode !== 'replace' ? expandRule(rule, mode) : [rule];
  const rules = chain.rules;
  if (mode === 'append') {
    rules.push(...made);
    return;
  }
  const index = (position ?? 1) - 1;
  const limit = mode === 'insert' ? rules.length + 1 : rules.length;
  if (index < 0 || index >= limit) {
    throw new ParseError(n, `rule number ${position} is out of range for chain ${chain.name} ` + `in table ${table.name} (it has ${rules.length} rules)`);
  }
  rules.splice(index, mode === 'insert' ? 0 : 1, ...made);
}

/** Where a rule line printed as iptables-save prints it came from: the rule keeps it (SavedRule.fromLine). */
interface PrintedLine {
  line: string;
  chain: string;
  countersLength: number;
}

/** Quoted text and `-c` counters are decoded now, to report errors with their line; plain text later. */
function makeRule(specText: string, prefixCounters: string | null, n: number, printed?: PrintedLine): Rule {
  const saved = (args?: readonly string[]): SavedRule =>
    printed ? SavedRule.fromLine(printed.line, printed.chain, printed.countersLength, args) : new SavedRule(specText.trimEnd(), prefixCounters, args);
  if (!needsSplit(specText)) return saved();
  const inline = extractInlineCounters(splitOrThrow(specText, n), n);
  if (!inline.counters) return saved(inline.args);
  return { spec: joinArgs(inline.args), args: inline.args, counters: inline.counters };
}

/** Whether a rule's text must be split now: quotes and backslashes to check them, `-c P B` to take the counters out. */
function needsSplit(spec: string): boolean {
  return spec.includes('"') || spec.includes('\\') || mayHaveInlineCounters(spec, 0);
}

/** `-c P B` in a rule: cheap scans first, and only a hit goes on to the exact (slower) match. */
function mayHaveInlineCounters(spec: string, from: number): boolean {
  // "-c" also starts "--ctstate" and ends "--comment"'s dashes: only "-c" as a word counts.
  for (let at = spec.indexOf('-c', from); at >= 0; at = spec.indexOf('-c', at + 2)) {
    const before = at === from ? 0x20 : spec.charCodeAt(at - 1);
    const after = at + 2 === spec.length ? 0x20 : spec.charCodeAt(at + 2);
    if ((before === 0x20 || before === 0x09) && (after === 0x20 || after === 0x09)) return true;
  }
  return spec.includes('--set-counters', from);
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

