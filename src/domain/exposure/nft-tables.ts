/**
 * The nftables tables iptables does not show (firewalld, Docker's nftables backend, hand-written nft) that
 * see the same packets: base chains on the ingress, prerouting, input or forward hooks, from
 * `nft -j list ruleset`. iptables-nft's own tables (ip/ip6 filter, nat… whose base chains carry iptables'
 * built-in names) are left out: fwtui reads those through iptables. Pure.
 */
import { BUILTIN_CHAINS, isTableName, type Family } from '../model/ruleset.js';
import type { OtherTable } from './exposure-entry.js';
import { nftItems } from '../text/nft-json.js';

/** Hooks a packet from outside passes on its way in or through. */
const INCOMING = ['ingress', 'prerouting', 'input', 'forward'];

interface NftChain {
  readonly family: string;
  readonly table: string;
  readonly name: string;
  readonly type?: string;
  readonly hook?: string;
  readonly prio?: number | string;
  readonly policy?: string;
}

/** nft families whose rules apply to packets of `family`. */
const familiesFor = (family: Family): string[] =>
  family === 'ipv4' ? ['ip', 'inet', 'netdev'] : ['ip6', 'inet', 'netdev'];

/** A table iptables-nft made: ip/ip6, a table name iptables knows, every base chain named as iptables names it. */
function iptablesOwn(family: string, table: string, bases: readonly NftChain[]): boolean {
  if ((family !== 'ip' && family !== 'ip6') || !isTableName(table)) return false;
  return bases.every((c) => BUILTIN_CHAINS[table].includes(c.name));
}

/**
 * The other tables with base chains on incoming hooks, for `family`, from `nft -j list chains` (or
 * `ruleset`); null when the text is not that JSON.
 */
export function otherNftTables(json: string, family: Family): OtherTable[] | null {
  const items = nftItems(json);
  if (!items) return null;
  const byTable = new Map<string, NftChain[]>();
  for (const item of items) {
    const c = (item as { chain?: NftChain } | null)?.chain;
    if (!c || typeof c.hook !== 'string' || !familiesFor(family).includes(c.family)) continue;
    const key = `${c.family} ${c.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), c]);
  }
  const out: OtherTable[] = [];
  for (const [key, bases] of byTable) {
    const [fam = '', name = ''] = key.split(' ');
    if (iptablesOwn(fam, name, bases)) continue;
    const hooks = bases.filter((c) => INCOMING.includes(c.hook!)).map(hookWords);
    if (hooks.length > 0) out.push({ family: fam, name, hooks });
  }
  return out;
}

/** `input (priority 10)`, `prerouting (nat, priority -100)`, `forward (priority 0, policy drop)`. */
function hookWords(c: NftChain): string {
  const parts = [
    ...(c.type && c.type !== 'filter' ? [c.type] : []),
    `priority ${c.prio ?? '?'}`,
    ...(c.policy === 'drop' ? ['policy drop'] : []),
  ];
  return `${c.hook} (${parts.join(', ')})`;
}

/**
 * One line for the report and the view's header: "open" then means "open as far as iptables decides";
 * '' when there is no such table.
 */
export function otherTablesWords(tables: readonly OtherTable[]): string {
  if (tables.length === 0) return '';
  const each = tables.map((t) => `nft table ${t.family} ${t.name} also sees ${t.hooks.join(' and ')}`);
  return `open as far as iptables decides: ${each.join('; ')}; a drop there applies too`;
}

/** Whether `nft -j list chains` shows tables iptables-nft made for `family` (their rules need a second read). */
export function hasIptablesNftTables(json: string, family: Family): boolean {
  const fam = family === 'ipv4' ? 'ip' : 'ip6';
  const chains = jsonItems(json).map((i) => (i as { chain?: NftChain } | null)?.chain);
  return chains.some((c) => c?.family === fam && isTableName(c.table) && c.hook !== undefined);
}

/** The `nftables` array of nft's JSON; empty when the text is not that. */
function jsonItems(json: string): unknown[] {
  try {
    const items = (JSON.parse(json) as { nftables?: unknown }).nftables;
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

/**
 * Whether iptables-nft's own tables of `family` hold rules (`nft -j list ruleset`): read while fwtui reads
 * legacy, both rulesets filter packets and fwtui shows only one. False when the text is not nft JSON.
 */
export function iptablesNftHoldsRules(json: string, family: Family): boolean {
  const fam = family === 'ipv4' ? 'ip' : 'ip6';
  return jsonItems(json).some((item) => {
    const r = (item as { rule?: { family?: string; table?: string } } | null)?.rule;
    return r?.family === fam && isTableName(r.table ?? '');
  });
}
