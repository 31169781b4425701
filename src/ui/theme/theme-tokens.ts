/** Semantic colour tokens; each theme in themes/ maps them to Ink colours (undefined = terminal default). */
export const TOKENS = [
  'text.primary',
  'text.muted',
  'header.title',
  'header.accent',
  'border',
  'target.accept',
  'target.drop',
  'target.reject',
  'target.jump',
  'target.log',
  'target.other',
  'row.moved',
  'row.selected.fg',
  'row.selected.bg',
  'chain.builtin',
  'chain.user',
  'status.key',
  'status.error',
  'status.notice',
  'search.hit',
  'staged.added',
  'staged.changed',
  'staged.moved',
  'staged.deleted',
  'diff.add',
  'diff.remove',
  'diff.hunk',
] as const;

export type Token = (typeof TOKENS)[number];

/** A theme: a colour (name or #hex) per token; undefined leaves the terminal's own colour. */
export interface Theme {
  readonly name: string;
  readonly colors: Readonly<Partial<Record<Token, string>>>;
  /** Selected rows use inverse video instead of colours (themes without colour). */
  readonly inverseSelection: boolean;
  /**
   * The selected row and chain also carry a text marker (`>`): for terminals that show neither colour
   * nor attributes (TERM=dumb; Ink's colour library then writes no escape codes at all).
   * @default false
   */
  readonly selectionMarker?: boolean;
}
