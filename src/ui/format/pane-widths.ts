/** How the terminal's columns are shared between the chain list, its border and the rules. Pure. */
export interface PaneWidths {
  readonly chains: number;
  readonly rules: number;
  /** The chain list leaves out its rule count (the chain line below says `rule 3/12`); never the policy. */
  readonly compactChains: boolean;
}

/** Columns of a chain row besides the name and the count: the staged mark and ` policy` (6: ACCEPT, an owner). */
export const CHAIN_ROW_EXTRA = 1 + 7;

/**
 * Terminals narrower than 120 columns give the rules the room (at 100 columns a Docker rule with two bridge
 * names needs every one of them): the chain list drops its rule count and names get 10 characters; a longer
 * one is cut with a mark and named whole in the chain line when selected. The policy (or owner) column stays
 * at every width: a policy decides as much as a rule does.
 * @param longestChain the longest chain name of the table, in characters
 */
export function paneWidths(columns: number, longestChain: number): PaneWidths {
  const compactChains = columns < 120;
  const chains = compactChains
    ? Math.min(18, Math.max(12, longestChain + CHAIN_ROW_EXTRA))
    : Math.min(34, Math.max(20, longestChain + 15), Math.floor(columns / 3));
  return { chains, rules: Math.max(10, columns - chains - 1), compactChains };
}
