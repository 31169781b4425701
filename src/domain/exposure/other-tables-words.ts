/**
 * The words for nftables tables fwtui's iptables does not show (firewalld, Docker's nftables backend, hand-written
 * nft) whose base chains see the same packets: a drop there applies too, so "open" is only "open as far as iptables
 * decides". The same words as `fwtui exposure` prints (h18expo's nft-tables.ts has this function too: when both are
 * on main, one of them goes). Pure.
 */
import type { OtherTable } from './exposure-entry.js';

/**
 * "open as far as iptables decides: nft table inet firewalld also sees input (priority 10); a drop there applies
 * too", or '' when there is no such table.
 */
export function otherTablesWords(tables: readonly OtherTable[]): string {
  if (tables.length === 0) return '';
  const each = tables.map((t) => `nft table ${t.family} ${t.name} also sees ${t.hooks.join(' and ')}`);
  return `open as far as iptables decides: ${each.join('; ')}; a drop there applies too`;
}
