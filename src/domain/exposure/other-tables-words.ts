/**
 * The words for nftables tables fwtui's iptables does not show (firewalld, Docker's nftables backend, hand-written
 * nft) whose base chains see the same packets: a drop there applies too, so "open" is only "open as far as iptables
 * decides". Pure.
 */
import type { OtherTable } from './exposure-entry.js';

/**
 * "nftables table inet firewalld (input, forward) also filters: open means open as far as iptables decides",
 * or null when there is none.
 */
export function otherTablesWords(tables: readonly OtherTable[] | undefined): string | null {
  if (!tables || tables.length === 0) return null;
  const named = tables.map((t) => `${t.family} ${t.name}${t.hooks.length > 0 ? ` (${t.hooks.join(', ')})` : ''}`);
  const which = named.length === 1 ? `nftables table ${named[0]}` : `nftables tables ${named.join('; ')}`;
  return `${which} also ${named.length === 1 ? 'filters' : 'filter'}: open means open as far as iptables decides`;
}
