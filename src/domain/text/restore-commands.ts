/**
 * The iptables-restore commands inside a table (-A/-I/-D/-R/-N/-X/-F/-P/-Z/-E, `-c p b`,
 * counters before the command), applied to the table being read. Pure.
 */
import { expandRule, hasAddressList, mayHaveAddressList } from './address-lists.js';
import { ParseError } from './parse-error.js';
import { retarget } from '../model/retarget.js';
import { withCounters } from '../model/saved-rule.js';
import { POLICIES, type Policy } from '../model/ruleset.js';
import {
  abbreviate,
  chainOf,
  checkCounters,
  countersOf,
  makeRule,
  splitOrThrow,
  type MutableChain,
  type OpenTable,
} from './open-table.js';

/** `-A CHAIN rest` keeps `rest` verbatim; every other command is interpreted. */
export function applyCommand(table: OpenTable, line: string, n: number): void {
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
      if (table.chains.has(chainName))
        throw new ParseError(n, `chain ${chainName} already exists in table ${table.name}`);
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
      if (!(POLICIES as readonly string[]).includes(tail))
        throw new ParseError(n, `policy must be ACCEPT or DROP, not "${tail}"`);
      chain.policy = tail as Policy;
      return;
    }
    case '-E':
    case '--rename-chain':
      return renameChain(table, chainOf(table, chainName, n, command), tail, n);
    default:
      throw new ParseError(
        n,
        `"${abbreviate(command)}" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)`,
      );
  }
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
    throw new ParseError(
      n,
      `rule number ${position} is out of range for chain ${chain.name} ` +
        `in table ${table.name} (it has ${rules.length} rules)`,
    );
  }
  rules.splice(index, mode === 'insert' ? 0 : 1, ...made);
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
  const entries = [...table.chains.entries()].map(([k, v]): [string, MutableChain] =>
    k === chain.name ? [newName, v] : [k, v],
  );
  const oldName = chain.name;
  chain.name = newName;
  // The kernel keeps jumps pointing at the renamed chain; the text must follow.
  for (const other of table.chains.values()) other.rules = other.rules.map((r) => retarget(r, oldName, newName));
  table.chains.clear();
  for (const [k, v] of entries) table.chains.set(k, v);
}
