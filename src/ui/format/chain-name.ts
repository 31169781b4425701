/** Chain names in a narrow column. Pure. */
/** The cut mark (as rule-row's CUT; not imported, rule-row imports this file). */
const CUT = '…';

/**
 * `name` in `width` columns, padded; a name too long keeps its start and its end around the cut mark, so
 * siblings such as DOCKER-ISOLATION-STAGE-1 and -2 stay distinct ("DOCK…AGE-1", "DOCK…AGE-2").
 */
export function fitName(name: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...name];
  if (chars.length <= width) return name + ' '.repeat(width - chars.length);
  if (width < 3) return chars.slice(0, width - 1).join('') + CUT;
  const end = Math.floor((width - 1) / 2);
  const start = width - 1 - end;
  return `${chars.slice(0, start).join('')}${CUT}${chars.slice(chars.length - end).join('')}`;
}
