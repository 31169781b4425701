/**
 * Ruleset -> the text of `iptables -L -n -v -x --line-numbers`, column for
 * column as iptables 1.8.9 prints it (xshared.c print_header/print_rule).
 */
import { kernelAddress } from '../text/address-text.js';
import { printMatch, printTarget, type ListVariant } from './match-print.js';
import { protocolNumber } from '../model/protocols.js';
import { listTargetName } from './target-print.js';
import { countReferences } from '../model/references.js';
import { parseRuleView, type Negatable, type RuleView } from '../model/rule-view.js';
import { BUILTIN_CHAINS, isTableName, type Chain, type Family, type Rule, type Table } from '../model/ruleset.js';
import { SavedRule } from '../model/saved-rule.js';

const HEADER = 'num      pkts      bytes target     prot opt in     out     source               destination         ';

const padEnd = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padStart = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** The address as -L -n shows it: host masks (/32, /128) dropped, "anywhere" as 0.0.0.0/0 or ::/0. */
export function listAddress(address: Negatable | null, family: Family): string {
  if (!address) return family === 'ipv6' ? '::/0' : '0.0.0.0/0';
  const hostMask = family === 'ipv6' ? '/128' : '/32';
  const value = kernelAddress(address.value, family);
  return value.endsWith(hostMask) ? value.slice(0, -hostMask.length) : value;
}

const iface = (i: Negatable | null): string => (i ? `${i.negated ? '!' : ''}${i.value}` : '*');

/** The columns of one rule, shared by `fwtui list` and the TUI's rule view. */
export interface RuleColumns {
  target: string;
  prot: string;
  opt: string;
  in: string;
  out: string;
  source: string;
  destination: string;
  /** Remaining matches, target options and `[goto]`, as -L prints them after the destination. */
  extra: string;
}

/** The columns of one rule as `iptables -L -n` prints them (`variant`: which iptables, default nft). */
export function ruleColumns(view: RuleView, family: Family, variant: ListVariant = 'nft'): RuleColumns {
  const prot = view.protocol ? `${view.protocol.negated ? '!' : ''}${protocolNumber(view.protocol.value)}` : '0';
  const opt = view.fragment ? (view.fragment.negated ? '!f' : '-f') : '--';
  let extra = view.target?.goto ? '[goto] ' : '';
  const ctx = { family, variant };
  for (const match of view.matches) extra += printMatch(match, ctx);
  if (view.target) extra += printTarget(view.target, ctx);
  return {
    target: listTargetName(view.target?.name ?? ''),
    prot,
    opt,
    in: iface(view.inInterface),
    out: iface(view.outInterface),
    source: `${view.source?.negated ? '!' : ''}${listAddress(view.source, family)}`,
    destination: `${view.destination?.negated ? '!' : ''}${listAddress(view.destination, family)}`,
    extra,
  };
}

/** A column that iptables prefixes with "!" when negated, or with a space. */
const negatable = (s: string, width: number): string =>
  s.startsWith('!') ? `!${padEnd(s.slice(1), width)}` : ` ${padEnd(s, width)}`;

function ruleLine(num: number, rule: Rule, family: Family, variant: ListVariant): string {
  const c = ruleColumns(parseRuleView(SavedRule.argsOnce(rule)), family, variant);
  const counters = rule.counters ?? { packets: 0n, bytes: 0n };
  return (
    `${padEnd(String(num), 4)} ${padStart(String(counters.packets), 8)} ${padStart(String(counters.bytes), 8)} ` +
    `${padEnd(c.target, 9)} ${negatable(c.prot, 4)} ${c.opt}  ${padEnd(c.in, 6)} ${padEnd(c.out, 6)} ` +
    `${negatable(c.source, 19)} ${negatable(c.destination, 19)} ${c.extra}`
  );
}

/** "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)" or "Chain X (2 references)". */
export function chainHeader(chain: Chain, references: number): string {
  if (chain.policy)
    return (
      `Chain ${chain.name} (policy ${chain.policy} ` +
      `${chain.counters.packets} packets, ${chain.counters.bytes} bytes)`
    );
  return `Chain ${chain.name} (${references} references)`;
}

/**
 * Chains in the order `iptables -L` lists them: the table's built-in chains in kernel order, then
 * the user chains. A restore file may name a built-in chain after a user chain or after another
 * built-in; the kernel's list does not follow the file.
 */
function kernelOrder(table: Table): readonly Chain[] {
  const builtins = isTableName(table.name) ? BUILTIN_CHAINS[table.name] : [];
  const rank = (c: Chain): number => {
    const i = builtins.indexOf(c.name);
    return i === -1 ? builtins.length : i;
  };
  return table.chains
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/** Rules per piece of {@link listPieces}: big enough to write efficiently, small enough to stay flat in memory. */
const PIECE_RULES = 2000;

/**
 * One table as `iptables -t TABLE -L [CHAIN] -n -v -x --line-numbers`
 * prints it, in pieces to write as they come: a million-rule table is never
 * held as one string, nor are its rules' decoded arguments kept. `variant` is the iptables that
 * loaded the rules (legacy and nft print a few modules differently).
 * @returns null when `chainName` is given and the table has no such chain.
 */
export function listPieces(
  table: Table,
  family: Family,
  chainName?: string,
  variant: ListVariant = 'nft',
): Iterable<string> | null {
  const references = countReferences(table);
  const chains = chainName === undefined ? kernelOrder(table) : table.chains.filter((c) => c.name === chainName);
  if (chains.length === 0 && chainName !== undefined) return null;
  return (function* pieces() {
    for (const [n, chain] of chains.entries()) {
      let lines = [`${n > 0 ? '\n' : ''}${chainHeader(chain, references.get(chain.name) ?? 0)}`, HEADER];
      for (let i = 0; i < chain.rules.length; i++) {
        lines.push(ruleLine(i + 1, chain.rules[i]!, family, variant));
        if (lines.length >= PIECE_RULES) {
          yield `${lines.join('\n')}\n`;
          lines = [];
        }
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
    }
  })();
}

/**
 * One table as `iptables -t TABLE -L [CHAIN] -n -v -x --line-numbers` prints it.
 * @returns null when `chainName` is given and the table has no such chain.
 */
export function formatList(
  table: Table,
  family: Family,
  chainName?: string,
  variant: ListVariant = 'nft',
): string | null {
  const pieces = listPieces(table, family, chainName, variant);
  return pieces === null ? null : [...pieces].join('');
}
