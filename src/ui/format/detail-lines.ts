/**
 * The selected rule's full text in lines of the screen's width: wrapped, never cut. Pure.
 *
 * Lines break after a space where one fits ("-j " / "ACCEPT", not "-j A" / "CCEPT"), and hard only in a word longer
 * than the width. The space starts the next line (a terminal drops trailing spaces), so the lines joined give the
 * text back exactly (its control characters as `\xNN`).
 */
import { printable } from '../../domain/text/printable.js';

export function detailLines(text: string, width: number): string[] {
  // A control character in a comment (iptables takes ESC) would move the cursor: shown as \xNN instead.
  const chars = [...printable(text, { newlines: false })];
  if (width <= 0 || chars.length === 0) return [''];
  const lines: string[] = [];
  let at = 0;
  while (chars.length - at > width) {
    // A space right after a full line counts too: the line breaks before it.
    const space = chars.slice(at, at + width + 1).lastIndexOf(' ');
    const end = space > 0 ? at + space : at + width;
    lines.push(chars.slice(at, end).join(''));
    at = end;
  }
  lines.push(chars.slice(at).join(''));
  return lines;
}
