/** `nft -j` output (`list chains`, `list ruleset`): its list of objects. Pure. */

/** The `nftables` array of `nft -j` output, or null when the text is not that JSON. */
export function nftItems(json: string): unknown[] | null {
  let items: unknown;
  try {
    items = (JSON.parse(json) as { nftables?: unknown }).nftables;
  } catch {
    return null;
  }
  return Array.isArray(items) ? items : null;
}
