/** The key hints in one status row: whole hints only, `? help` and `q quit` always among them. Pure. */

/**
 * Joins the hints (`i new`, `e edit`, …) that fit `width` whole, in order, always keeping the last `keep`
 * (help and quit: the way to every other key and the way out). A hint is left out whole, never cut.
 */
export function hintLine(hints: readonly string[], width: number, keep = 2): string {
  const all = hints.join('  ');
  if ([...all].length <= width) return all;
  const tail = hints.slice(-keep);
  const shown: string[] = [];
  const length = (parts: readonly string[]): number => [...parts.join('  ')].length;
  for (const hint of hints.slice(0, hints.length - keep)) {
    if (length([...shown, hint, ...tail]) > width) break;
    shown.push(hint);
  }
  return [...shown, ...tail].join('  ');
}
