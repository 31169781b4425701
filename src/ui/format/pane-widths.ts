/** How the terminal's columns are shared between the chain list, its border and the rules. Pure. */
export interface PaneWidths {
  readonly chains: number;
  readonly rules: number;
  /** The chain list leaves out its policy column (the policy is in the chain summary line). */
  readonly compactChains: boolean;
}

/**
 * Terminals narrower than 120 columns give the rules the room: the chain list drops its policy column.
 * @param longestChain the longest chain name of the table, in characters
 */
export function paneWidths(columns: number, longestChain: number): PaneWidths {
  const compactChains = columns < 120;
  const chains = compactChains
    ? Math.min(18, Math.max(12, longestChain + 8))
    : Math.min(34, Math.max(20, longestChain + 15), Math.floor(columns / 3));
  return { chains, rules: Math.max(10, columns - chains - 1), compactChains };
}
