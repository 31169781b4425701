/**
 * iptables command lines as admins paste them from tutorials
 * (`sudo iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE`), read into
 * what they would do: which family, table and chain, which command, which
 * rule. Turning them into staged edits is command-edits.ts. Pure.
 */
import type { Family, Policy, TableName } from '../model/ruleset.js';
import { POLICIES, TABLE_NAMES } from '../model/ruleset.js';
import { shellWords, ShellWordsError } from './shell-words.js';

/** What one line asks iptables to do. */
export type Command =
  | { readonly op: 'append'; readonly chain: string; readonly rule: readonly string[] }
  | { readonly op: 'insert'; readonly chain: string; readonly at: number; readonly rule: readonly string[] }
  | { readonly op: 'replace'; readonly chain: string; readonly at: number; readonly rule: readonly string[] }
  | { readonly op: 'deleteAt'; readonly chain: string; readonly at: number }
  | { readonly op: 'deleteRule'; readonly chain: string; readonly rule: readonly string[] }
  | { readonly op: 'policy'; readonly chain: string; readonly policy: Policy }
  | { readonly op: 'newChain'; readonly chain: string }
  | { readonly op: 'deleteChain'; readonly chain: string }
  | { readonly op: 'flush'; readonly chain: string }
  | { readonly op: 'rename'; readonly chain: string; readonly to: string };

export interface CommandLine {
  /** 1-based line number in what was pasted (a `\` continuation counts from its first line). */
  readonly line: number;
  readonly text: string;
  readonly family: Family;
  /** `iptables-nft` / `iptables-legacy` name one; plain `iptables` is whichever fwtui shows. */
  readonly variant: 'nft' | 'legacy' | null;
  readonly table: TableName;
  readonly command: Command;
}

/** Why a line cannot be staged, naming it. */
export class CommandLineError extends Error {
  constructor(
    readonly line: number,
    readonly text: string,
    why: string,
  ) {
    super(`line ${line} (${text.length > 60 ? `${text.slice(0, 59)}…` : text}): ${why}`);
  }
}

const PROGRAMS: Readonly<Record<string, Family>> = {
  iptables: 'ipv4',
  'iptables-nft': 'ipv4',
  'iptables-legacy': 'ipv4',
  ip6tables: 'ipv6',
  'ip6tables-nft': 'ipv6',
  'ip6tables-legacy': 'ipv6',
};

const COMMAND_FLAGS: Readonly<Record<string, string>> = {
  '-A': 'append',
  '--append': 'append',
  '-I': 'insert',
  '--insert': 'insert',
  '-R': 'replace',
  '--replace': 'replace',
  '-D': 'delete',
  '--delete': 'delete',
  '-P': 'policy',
  '--policy': 'policy',
  '-N': 'newChain',
  '--new-chain': 'newChain',
  '-X': 'deleteChain',
  '--delete-chain': 'deleteChain',
  '-F': 'flush',
  '--flush': 'flush',
  '-E': 'rename',
  '--rename-chain': 'rename',
};

const NOT_EDITS = new Set([
  '-L',
  '--list',
  '-S',
  '--list-rules',
  '-C',
  '--check',
  '-Z',
  '--zero',
  '-h',
  '--help',
  '-V',
  '--version',
]);

/** The lines of a paste, with `\` continuations joined and blank lines dropped. */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | null = null;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const continued = /(^|[^\\])(\\\\)*\\$/.test(raw);
    const part = continued ? raw.slice(0, -1) : raw;
    pending = pending
      ? { line: pending.line, text: `${pending.text} ${part.trim()}` }
      : { line: i + 1, text: part.trim() };
    if (!continued) {
      if (pending.text !== '') out.push(pending);
      pending = null;
    }
  });
  if (pending !== null && (pending as { text: string }).text !== '') out.push(pending);
  return out;
}

/** A rule number as iptables takes it (1, 2, …), or null. */
const position = (word: string | undefined): number | null =>
  word !== undefined && /^[1-9]\d{0,8}$/.test(word) ? Number(word) : null;

const isTable = (name: string): name is TableName => (TABLE_NAMES as readonly string[]).includes(name);

/** One line's words after the program: table, command and rule. */
function readWords(words: string[], fail: (why: string) => never): { table: TableName; command: Command } {
  let table: TableName = 'filter';
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-t' || w === '--table') {
      const name = words[++i];
      if (!name || !isTable(name)) fail(`-t needs a table: ${TABLE_NAMES.join(', ')}`);
      table = name as TableName;
    } else if (w.startsWith('--table=')) {
      const name = w.slice('--table='.length);
      if (!isTable(name)) fail(`${name} is not a table (${TABLE_NAMES.join(', ')})`);
      table = name as TableName;
    } else if (w === '-w' || w === '--wait') {
      if (position(words[i + 1]) !== null) i++; // the wait is fwtui's business
    } else if (w === '-W' || w === '--wait-interval') i++;
    else rest.push(w);
  }
  const k = rest.findIndex((w) => COMMAND_FLAGS[w] || NOT_EDITS.has(w));
  if (k < 0) fail('no command: give -A, -I, -R, -D, -P, -N, -X, -F or -E');
  const flag = rest[k]!;
  if (NOT_EDITS.has(flag)) fail(`${flag} does not change the rules: nothing to stage`);
  if (rest.slice(k + 1).some((w) => COMMAND_FLAGS[w])) fail('one command per line');
  const chain = rest[k + 1];
  const before = rest.slice(0, k);
  const kind = COMMAND_FLAGS[flag]!;
  if (!chain || chain.startsWith('-')) {
    const all = kind === 'flush' || kind === 'deleteChain';
    fail(
      all
        ? `${flag} without a chain acts on every chain of the table: name the chain, one line each`
        : `${flag} needs a chain`,
    );
  }
  const after = rest.slice(k + 2);
  if (/^\d+$/.test(after[0] ?? '') && position(after[0]) === null) {
    fail(`${after[0]} is not a rule number (they start at 1)`);
  }
  const rule = [...before, ...after];
  const noRule = (): void => {
    if (rule.length > 0) fail(`${flag} takes no rule: ${rule.join(' ')} is left over`);
  };
  switch (kind) {
    case 'append':
      return { table, command: { op: 'append', chain, rule } };
    case 'insert': {
      const n = position(after[0]);
      const typed = n === null ? rule : [...before, ...after.slice(1)];
      return { table, command: { op: 'insert', chain, at: n === null ? 0 : n - 1, rule: typed } };
    }
    case 'replace': {
      const n = position(after[0]);
      if (n === null) fail('-R needs the number of the rule to replace');
      return { table, command: { op: 'replace', chain, at: n - 1, rule: [...before, ...after.slice(1)] } };
    }
    case 'delete': {
      const n = position(after[0]);
      if (n !== null && after.length === 1 && before.length === 0) {
        return { table, command: { op: 'deleteAt', chain, at: n - 1 } };
      }
      if (rule.length === 0) fail('-D needs a rule number or the rule');
      return { table, command: { op: 'deleteRule', chain, rule } };
    }
    case 'policy': {
      const policy = after[0];
      if (!policy || !(POLICIES as readonly string[]).includes(policy)) fail('-P needs ACCEPT or DROP');
      if (after.length > 1 || before.length > 0) fail(`-P takes only a chain and a policy`);
      return { table, command: { op: 'policy', chain, policy: policy as Policy } };
    }
    case 'rename': {
      const to = after[0];
      if (!to || after.length > 1 || before.length > 0) fail('-E needs the old and the new chain name');
      return { table, command: { op: 'rename', chain, to } };
    }
    default:
      noRule();
      return { table, command: { op: kind as 'newChain' | 'deleteChain' | 'flush', chain } };
  }
}

/**
 * Every command of a paste, in order.
 * @throws CommandLineError naming the first line that cannot be read
 */
export function parseCommandLines(text: string): CommandLine[] {
  return logicalLines(text).map(({ line, text: t }) => {
    const fail = (why: string): never => {
      throw new CommandLineError(line, t, why);
    };
    let words: string[];
    try {
      words = shellWords(t.replace(/^\$\s+/, ''));
    } catch (e) {
      if (e instanceof ShellWordsError) fail(e.message);
      throw e;
    }
    words = words!;
    if (words[0] === 'sudo') words = words.slice(1);
    const program = (words[0] ?? '').replace(/^.*\//, '');
    const family = PROGRAMS[program];
    if (!family) {
      const what = words[0] ?? '(nothing)';
      fail(`not an iptables command: give the whole line (iptables …, ip6tables …); ${what} is not one`);
    }
    const { table, command } = readWords(words.slice(1), fail);
    const variant = /-(nft|legacy)$/.exec(program)?.[1] as 'nft' | 'legacy' | undefined;
    return { line, text: t, family: family!, variant: variant ?? null, table, command };
  });
}
