/** Line-drawing characters: Unicode when the locale is UTF-8, plain ASCII otherwise (serial consoles). */
export interface Glyphs {
  readonly vertical: string;
  readonly horizontal: string;
  readonly ellipsis: string;
  readonly moved: string;
}

const UNICODE: Glyphs = { vertical: '│', horizontal: '─', ellipsis: '…', moved: '•' };
const ASCII: Glyphs = { vertical: '|', horizontal: '-', ellipsis: '~', moved: '*' };

/** Whether the environment's locale is UTF-8 (LC_ALL, then LC_CTYPE, then LANG). */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

export const glyphsFor = (utf8: boolean): Glyphs => (utf8 ? UNICODE : ASCII);
