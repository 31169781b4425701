/** Line-drawing characters: Unicode when the locale is UTF-8, plain ASCII otherwise (serial consoles). */
export interface Glyphs {
  readonly vertical: string;
  readonly horizontal: string;
  readonly ellipsis: string;
  /** Counters moved since the last read. */
  readonly moved: string;
  /** A rule that can never match (an earlier rule takes all its packets). */
  readonly shadowed: string;
  /** A rule on the traced packet's path. */
  readonly traced: string;
  /** Marks of staged rows (readable without colour). */
  readonly staged: Readonly<Record<'added' | 'changed' | 'moved' | 'deleted', string>>;
  /** Sparkline levels, idle first (a serial console cannot draw block characters: ASCII there). */
  readonly spark: readonly string[];
}

const UNICODE: Glyphs = {
  vertical: '│',
  horizontal: '─',
  ellipsis: '…',
  moved: '•',
  shadowed: '⊘',
  traced: '▸',
  staged: { added: '+', changed: '~', moved: '↕', deleted: '-' },
  spark: ['_', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
};
const ASCII: Glyphs = {
  vertical: '|',
  horizontal: '-',
  ellipsis: '~',
  moved: '*',
  shadowed: 'x',
  traced: '>',
  staged: { added: '+', changed: '~', moved: '^', deleted: '-' },
  spark: ['_', '.', ':', '-', '=', '+', '*', '#', '@'],
};

/** Whether the environment's locale is UTF-8 (LC_ALL, then LC_CTYPE, then LANG). */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

export const glyphsFor = (utf8: boolean): Glyphs => (utf8 ? UNICODE : ASCII);
