/**
 * A table while its text is read (parse-save.ts, restore-commands.ts): its chains so far, and
 * what both kinds of line share: counters, chain look-up, rules made from their text. Pure.
 */
import { ParseError } from './parse-error.js';
import { joinArgs, quotingProblem, splitArgs } from './quoting.js';
import { SavedRule, fitsU64 } from '../model/saved-rule.js';
import { isBuiltinChain, type Counters, type Policy, type Rule, type TableName } from '../model/ruleset.js';

/** A chain of the table being read: rules are added, deleted and renamed in place. */
export interface MutableChain {
  name: string;
  policy: Policy | null;
  counters: Counters;
  rules: Rule[];
}

/** A table between its `*table` line and its `COMMIT`. */
export interface OpenTable {
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
export function checkCounters(text: string, line: number, length = text.length): string {
  const colon = text.indexOf(':');
  const last = length - 1;
  if (
    text.charCodeAt(0) !== 0x5b ||
    text.charCodeAt(last) !== 0x5d ||
    !allDigits(text, 1, colon) ||
    !allDigits(text, colon + 1, last)
  ) {
    throw new ParseError(line, `bad counters "${text.slice(0, length)}" (expected [packets:bytes])`);
  }
  if (
    (colon - 1 > SAFE_DIGITS && !fitsU64(text.slice(1, colon))) ||
    (last - colon - 1 > SAFE_DIGITS && !fitsU64(text.slice(colon + 1, last)))
  ) {
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

/** `[packets:bytes]` as numbers. @throws ParseError naming the line */
export function parseCounters(text: string, line: number): Counters {
  checkCounters(text, line);
  const colon = text.indexOf(':');
  return { packets: BigInt(text.slice(1, colon)), bytes: BigInt(text.slice(colon + 1, -1)) };
}

/** Long text, cut for a message. */
export function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The `[p:b]` at the start of a line (`countersLength` long), or null. */
export function countersOf(line: string, countersLength: number): string | null {
  return countersLength > 0 ? line.slice(0, countersLength) : null;
}

/** The chain a command names; an undeclared built-in chain is made, as iptables-restore does. */
export function chainOf(table: OpenTable, name: string | undefined, n: number, command: string): MutableChain {
  if (!name) throw new ParseError(n, `${command} needs a chain name`);
  const chain = table.chains.get(name);
  if (chain) return chain;
  if (isBuiltinChain(table.name, name)) {
    // iptables-restore accepts rules for built-in chains that were not declared.
    const created: MutableChain = { name, policy: 'ACCEPT', counters: { packets: 0n, bytes: 0n }, rules: [] };
    table.chains.set(name, created);
    return created;
  }
  throw new ParseError(
    n,
    `chain ${name} is not declared in table ${table.name} (add ":${name} - [0:0]" before its rules)`,
  );
}

/** The arguments of a rule's text. @throws ParseError naming the line */
export function splitOrThrow(text: string, n: number): string[] {
  const problem = quotingProblem(text);
  if (problem) throw new ParseError(n, problem);
  return splitArgs(text);
}

/** The numbers after `-c` or `--set-counters` (restore syntax) at `args[at]`. @throws ParseError naming the line */
function inlineCounters(args: readonly string[], at: number, n: number): Counters {
  const numbers = args.slice(at + 1, at + 3);
  if (numbers.length < 2 || !numbers.every((x) => /^\d+$/.test(x))) {
    throw new ParseError(n, `${args[at]} needs two numbers: packets and bytes`);
  }
  return parseCounters(`[${numbers[0]}:${numbers[1]}]`, n);
}

/** Where a rule line printed as iptables-save prints it came from: the rule keeps it (SavedRule.fromLine). */
export interface PrintedLine {
  line: string;
  chain: string;
  countersLength: number;
}

/** Quoted text and `-c` counters are decoded now, to report errors with their line; plain text later. */
export function makeRule(specText: string, prefixCounters: string | null, n: number, printed?: PrintedLine): Rule {
  const saved = (args?: readonly string[]): SavedRule =>
    printed
      ? SavedRule.fromLine(printed.line, printed.chain, printed.countersLength, args)
      : new SavedRule(specText, prefixCounters, args);
  if (!needsSplit(specText)) return saved();
  const args = splitOrThrow(specText, n);
  const at = args.findIndex((a) => a === '-c' || a === '--set-counters');
  if (at < 0) return saved(args);
  const counters = inlineCounters(args, at, n);
  const rest = [...args.slice(0, at), ...args.slice(at + 3)];
  return { spec: joinArgs(rest), args: rest, counters };
}

/** Whether a rule's text must be split now: quotes and backslashes to check them, `-c P B` to take the counters out. */
function needsSplit(spec: string): boolean {
  return spec.includes('"') || spec.includes('\\') || mayHaveInlineCounters(spec, 0);
}

/** `-c P B` in a rule: cheap scans first, and only a hit goes on to the exact (slower) match. */
export function mayHaveInlineCounters(spec: string, from: number): boolean {
  // "-c" also starts "--ctstate" and ends "--comment"'s dashes: only "-c" as a word counts.
  for (let at = spec.indexOf('-c', from); at >= 0; at = spec.indexOf('-c', at + 2)) {
    const before = at === from ? 0x20 : spec.charCodeAt(at - 1);
    const after = at + 2 === spec.length ? 0x20 : spec.charCodeAt(at + 2);
    if ((before === 0x20 || before === 0x09) && (after === 0x20 || after === 0x09)) return true;
  }
  return spec.includes('--set-counters', from);
}
