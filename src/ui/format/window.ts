/** The first visible row of a scrolled list: moves only as far as needed to keep the cursor in view. */
export function windowStart(previousTop: number, cursor: number, height: number, count: number): number {
  if (height <= 0) return 0;
  let top = previousTop;
  if (cursor < top) top = cursor;
  else if (cursor >= top + height) top = cursor - height + 1;
  return Math.max(0, Math.min(top, Math.max(0, count - height)));
}
