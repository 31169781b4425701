/**
 * One row of Ink's output built as Ink builds it (ink/build/output.js with @alcalzone/ansi-tokenize), with the same
 * functions, in less time: characters that follow each other under the same style share one style list, so going
 * from one to the next needs no style difference computed (Ink computes one per character: most of a frame's time).
 */

/** An ANSI code as @alcalzone/ansi-tokenize reads it. */
export interface AnsiCode {
  readonly code: string;
  readonly endCode: string;
}
type Token = ({ type: 'ansi' } & AnsiCode) | { type: 'char'; value: string; fullWidth: boolean };
/** A character and the styles it is shown with. */
export interface StyledChar {
  readonly type: 'char';
  readonly value: string;
  readonly fullWidth: boolean;
  readonly styles: readonly AnsiCode[];
}

/** The functions of Ink's own copy of @alcalzone/ansi-tokenize and string-width (the bundle hands them in). */
export interface AnsiTools {
  tokenize(text: string): Token[];
  reduceAnsiCodesIncremental(codes: readonly AnsiCode[], newCodes: readonly AnsiCode[]): AnsiCode[];
  diffAnsiCodes(from: readonly AnsiCode[], to: readonly AnsiCode[]): AnsiCode[];
  ansiCodesToString(codes: readonly AnsiCode[]): string;
  stringWidth(text: string): number;
}

const NO_STYLES: readonly AnsiCode[] = [];
const BLANK: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: NO_STYLES };

/** styledCharsFromTokens(tokenize(line)), the characters under one style sharing its list. */
export function styledChars(tools: AnsiTools, line: string): StyledChar[] {
  let codes: readonly AnsiCode[] = NO_STYLES;
  const chars: StyledChar[] = [];
  for (const token of tools.tokenize(line)) {
    if (token.type === 'ansi') codes = tools.reduceAnsiCodesIncremental(codes, [token]);
    else chars.push({ ...token, styles: codes });
  }
  return chars;
}

/** styledCharsToString: a style difference is computed only where the style list changes. */
function rowText(tools: AnsiTools, chars: readonly StyledChar[]): string {
  let text = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (i === 0) text += tools.ansiCodesToString(char.styles);
    else if (chars[i - 1]!.styles !== char.styles)
      text += tools.ansiCodesToString(tools.diffAnsiCodes(chars[i - 1]!.styles, char.styles));
    text += char.value;
    if (i === chars.length - 1) text += tools.ansiCodesToString(tools.diffAnsiCodes(char.styles, NO_STYLES));
  }
  return text;
}

/**
 * The row Ink's Output makes of `writes` (column, text, ...) on a blank row of `width`: characters placed in order,
 * a wide one blanking the cells it covers, trailing blanks cut. `charsOf` gives a text's styled characters.
 */
export function styledRow(
  tools: AnsiTools,
  width: number,
  writes: readonly (number | string)[],
  charsOf: (line: string) => readonly StyledChar[],
): string {
  const cells: StyledChar[] = new Array(width).fill(BLANK);
  for (let w = 0; w < writes.length; w += 2) {
    let x = writes[w] as number;
    for (const char of charsOf(writes[w + 1] as string)) {
      cells[x] = char;
      const columns = Math.max(1, tools.stringWidth(char.value));
      for (let i = 1; i < columns; i++)
        cells[x + i] = { type: 'char', value: '', fullWidth: false, styles: char.styles };
      x += columns;
    }
  }
  // As Ink: cells skipped past the end (a write beyond the width) are left out.
  return rowText(
    tools,
    cells.filter((c) => c !== undefined),
  ).trimEnd();
}
