/**
 * How many terminal columns a text takes: a CJK character or an emoji takes two, a combining mark none. Counting
 * characters instead made a row with a Japanese comment wider than its column, and Ink cut the rule text without
 * a mark.
 */
import stringWidth from 'string-width';

const PLAIN = /^[\x20-\x7e]*$/;

/** The columns `text` takes on a terminal. */
export function textWidth(text: string): number {
  return PLAIN.test(text) ? text.length : stringWidth(text);
}

/** The longest start of `text` that takes at most `columns` columns, and the columns it takes. */
export function startWithin(text: string, columns: number): { text: string; width: number } {
  if (PLAIN.test(text)) {
    const cut = text.slice(0, Math.max(0, columns));
    return { text: cut, width: cut.length };
  }
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter().segment(text)) {
    const w = stringWidth(segment);
    if (used + w > columns) break;
    out += segment;
    used += w;
  }
  return { text: out, width: used };
}
