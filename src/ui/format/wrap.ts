/** Text that does not fit is wrapped, never cut: long summaries, warnings and diff lines. Pure. */

/** Splits `text` into lines of at most `width` characters, at spaces where it can, hard where it must. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let rest = [...paragraph];
    if (rest.length === 0) out.push('');
    while (rest.length > 0) {
      if (rest.length <= w) {
        out.push(rest.join(''));
        break;
      }
      const space = rest.lastIndexOf(' ', w);
      const cut = space > 0 ? space : w;
      out.push(rest.slice(0, cut).join(''));
      rest = rest.slice(space > 0 ? cut + 1 : cut);
    }
  }
  return out;
}

/**
 * Each line wrapped to `width`; continuation lines are indented two spaces
 * and keep a diff line's `+`/`-` in front, so a wrapped rule still reads as
 * added or removed.
 */
export function wrapLines<T extends { readonly text: string }>(lines: readonly T[], width: number): T[] {
  const out: T[] = [];
  for (const line of lines) {
    if ([...line.text].length <= width) {
      out.push(line);
      continue;
    }
    const prefix = /^[-+]/.test(line.text) ? `${line.text[0]}  ` : '  ';
    const first = wrapText(line.text, width)[0] ?? '';
    out.push({ ...line, text: first });
    // The rest wrapped again as a whole, to the room the prefix leaves.
    const rest = [...line.text]
      .slice([...first].length)
      .join('')
      .replace(/^ /, '');
    for (const piece of wrapText(rest, width - prefix.length)) out.push({ ...line, text: prefix + piece });
  }
  return out;
}
