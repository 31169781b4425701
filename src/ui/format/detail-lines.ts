/** The selected rule's full text in lines of the screen's width: wrapped, never cut. Pure. */
export function detailLines(text: string, width: number): string[] {
  const chars = [...text];
  if (width <= 0 || chars.length === 0) return [''];
  const lines: string[] = [];
  for (let at = 0; at < chars.length; at += width) lines.push(chars.slice(at, at + width).join(''));
  return lines;
}
