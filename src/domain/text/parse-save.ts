/**
 * iptables-save / iptables-restore text -> Ruleset.
 * A small state machine: outside a table, inside `*table` (declarations,
 * rule commands), back outside at `COMMIT`. Rule text is kept verbatim so
 * any match module, known or not, round-trips byte for byte. Lines as
 * iptables-save prints them are read here; other commands (restore syntax:
 * -I, -D, -N, ...) in restore-commands.ts.
 */
import { mayHaveAddressList } from './address-lists.js';
import { ParseError } from './parse-error.js';
import { quotingProblem } from './quoting.js';
import { SavedRule } from '../model/saved-rule.js';
import {
  POLICIES,
  isBuiltinChain,
  isTableName,
  type Chain,
  type Family,
  type Policy,
  type Ruleset,
  type Table,
  type TableName,
} from '../model/ruleset.js';
import {
  abbreviate,
  chainOf,
  checkCounters,
  mayHaveInlineCounters,
  parseCounters,
  type OpenTable,
} from './open-table.js';
import { applyCommand } from './restore-commands.js';

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
    if (this.#open)
      throw new ParseError(
        this.#lineNumber,
        `table ${this.#open.name} (line ${this.#open.line}) has no COMMIT: the input is truncated`,
      );
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
      if (open)
        throw new ParseError(
          n,
          `table "${trimmed.slice(1)}" starts before table ${open.name} (line ${open.line}) has its COMMIT`,
        );
      const name = trimmed.slice(1);
      if (!isTableName(name))
        throw new ParseError(n, `unknown table "${name}" (known: filter, nat, mangle, raw, security)`);
      this.#open = { name, line: n, chains: new Map(), last: null };
      return;
    }
    if (trimmed === 'COMMIT') {
      if (!open) throw new ParseError(n, 'COMMIT without a table (expected a "*filter"-style line before it)');
      this.#tables.set(open.name, closeTable(open));
      this.#open = null;
      return;
    }
    if (!open)
      throw new ParseError(n, `"${abbreviate(trimmed)}" appears before any table (expected a line like "*filter")`);
    if (trimmed.startsWith(':')) declareChain(open, trimmed, n);
    else if (!appendPrinted(open, trimmed, n)) applyCommand(open, trimmed, n);
  }
}

function closeTable(open: OpenTable): Table {
  const chains: Chain[] = [...open.chains.values()];
  return { name: open.name, chains };
}

function declareChain(table: OpenTable, line: string, n: number): void {
  const parts = line.slice(1).split(/\s+/);
  const [name, policyText, countersText, ...rest] = parts;
  if (!name) throw new ParseError(n, 'chain declaration without a name');
  if (policyText === undefined)
    throw new ParseError(n, `chain ${name} has no policy (use "-" for a user-defined chain)`);
  if (rest.length > 0) throw new ParseError(n, `unexpected text after the counters of chain ${name}`);
  if (table.chains.has(name)) throw new ParseError(n, `chain ${name} is declared twice in table ${table.name}`);
  const builtin = isBuiltinChain(table.name, name);
  let policy: Policy | null = null;
  if (policyText === '-') {
    if (builtin) throw new ParseError(n, `built-in chain ${name} needs a policy (ACCEPT or DROP), not "-"`);
  } else {
    if (!builtin)
      throw new ParseError(
        n,
        `${name} is not a built-in chain of table ${table.name}, so it cannot have policy ${policyText} (use "-")`,
      );
    if (!(POLICIES as readonly string[]).includes(policyText))
      throw new ParseError(n, `policy of ${name} must be ACCEPT or DROP, not "${policyText}"`);
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
  const problem =
    space >= 0 && (line.includes('"', space) || line.includes('\\', space)) ? quotingProblem(line, space + 1) : null;
  if (problem) throw new ParseError(n, problem);
  chain.rules.push(SavedRule.fromLine(line, chain.name, countersLength));
  return true;
}
