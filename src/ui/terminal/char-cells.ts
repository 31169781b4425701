/**
 * Characters to cells, fast: where every code point of a text stands alone (none combines with its neighbour), each
 * is one cell or two, as string-width says; asked once per code point. Otherwise null: the grapheme segmenter decides.
 */
import stringWidth from 'string-width';

const widths = new Map<number, number>();

/** Ranges whose code points never join a neighbour into one character (Latin, punctuation, symbols, CJK). */
function standsAlone(cp: number): boolean {
  return (
    cp < 0x300 ||
    (cp >= 0x2010 && cp <= 0x2027) ||
    (cp >= 0x2030 && cp <= 0x205e) ||
    (cp >= 0x2100 && cp <= 0x2bff) ||
    (cp >= 0x4e00 && cp <= 0x9fff)
  );
}

/** Each character of `text` with its width (1 or 2); null when one may combine or has no width. */
export function charCells(text: string): [string, 1 | 2][] | null {
  const cells: [string, 1 | 2][] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x20 && cp < 0x7f) {
      cells.push([ch, 1]);
      continue;
    }
    if (!standsAlone(cp)) return null;
    let width = widths.get(cp);
    if (width === undefined) {
      width = stringWidth(ch);
      widths.set(cp, width);
    }
    if (width !== 1 && width !== 2) return null;
    cells.push([ch, width]);
  }
  return cells;
}
