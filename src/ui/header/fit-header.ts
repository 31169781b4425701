/** Fitting the header's parts into one line: which give way, and the mark that says so. Pure. */
import type { Token } from '../theme/theme-tokens.js';

/** One run of header text and how it looks. */
export interface HeaderPart {
  readonly text: string;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly token: Token | null;
  /** Fewer words for the same meaning, used to make room for a part kept whole. */
  readonly short?: string;
  /** Never dropped: the other parts give way (the family, a warning the admin must read). */
  readonly keep?: boolean;
}

/** The mark where parts gave way: the rest is in L's view. */
const MARK = '…[L]';

const size = (text: string): number => [...text].length;
const length = (parts: readonly HeaderPart[]): number => parts.reduce((n, p) => n + size(p.text), 0);

/** The mark, spaced from what is before and after it. */
function mark(before: HeaderPart | undefined, after: HeaderPart | undefined): HeaderPart {
  const lead = before !== undefined && !before.text.endsWith(' ') ? ' ' : '';
  const trail = after !== undefined && !after.text.startsWith(' ') ? ' ' : '';
  return { text: `${lead}${MARK}${trail}`, bold: true, token: 'status.notice' };
}

/**
 * The parts in order where the kept ones all fit: the others are taken whole while they fit, and from the first that
 * does not, dropped (a part is never cut inside: a host name or a hint cut short says something else), with the mark
 * where they gave way.
 */
function giveWay(parts: readonly HeaderPart[], width: number): HeaderPart[] {
  let left = width - length(parts.filter((p) => p.keep)) - size(` ${MARK} `);
  const out: HeaderPart[] = [];
  let marked = -1;
  for (const p of parts) {
    if (p.keep) out.push(p);
    else if (marked < 0 && size(p.text) <= left) {
      out.push(p);
      left -= size(p.text);
    } else if (marked < 0) marked = out.length;
  }
  if (marked < 0) return out;
  return [...out.slice(0, marked), mark(out[marked - 1], out[marked]), ...out.slice(marked)];
}

/**
 * The parts that fit in `width`. When they do not all fit, the parts not kept give way whole from the first that does
 * not fit, marked, and the kept ones (the family, a warning the admin must read) stay in their place. When that would
 * drop a part before a kept one, the parts first take their short words, one at a time from the end of the line (so
 * a part earlier keeps its full words, e.g. why live events stopped, where that fits). Pure.
 */
export function fitHeader(parts: readonly HeaderPart[], width: number): HeaderPart[] {
  if (length(parts) <= width) return [...parts];
  // Only the parts after the last kept one give way: the line reads as it is, cut at its end.
  const plain = giveWay(parts, width);
  const lastKept = parts.reduce((last, p, i) => (p.keep ? i : last), -1);
  if (parts.slice(0, lastKept + 1).every((p) => plain.includes(p))) return plain;
  const short = [...parts];
  for (let i = short.length - 1; i >= 0 && length(short) > width; i--) {
    const p = short[i]!;
    if (p.short !== undefined) short[i] = { ...p, text: p.short };
  }
  if (length(short) <= width) return short;
  return giveWay(short, width);
}
