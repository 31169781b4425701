/** The end of a text that is being typed, in view with its cursor. Pure. */
import { CUT } from './rule-row.js';

/** The end of `text` in `width` columns, a hidden start marked with the cut mark. */
export function tail(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return CUT + chars.slice(chars.length - Math.max(0, width - 1)).join('');
}
