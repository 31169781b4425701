/** An open prompt's error and typed text as status lines: the error wrapped whole, the cursor always in view. Pure. */
import { keysOf } from '../keys/key-binding.js';
import { LIST_KEYS } from '../keys/keymap.js';
import { PROMPT_KEYS } from '../status-bar/prompt-keys.js';
import { fit } from './rule-row.js';
import { wrapText } from './wrap.js';

/** Where the rest of an error too long even for its lines is: Esc closes the prompt, L shows the history. */
export const ERROR_MORE = ` [${keysOf(PROMPT_KEYS, 'cancel')}, then ${keysOf(LIST_KEYS, 'history')}: whole message]`;

/** How many lines a prompt's error may take on a screen of `rows` lines (a third of it). */
export const promptErrorRoom = (rows: number): number => Math.max(1, Math.floor(rows / 3));

/**
 * `error: …` wrapped to `width`. Past `maxLines` the last line ends in
 * ERROR_MORE: the error is in the message history (L), whole.
 */
export function promptErrorLines(error: string, width: number, maxLines: number): string[] {
  const lines = wrapText(`error: ${error}`, width);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept.length - 1;
  kept[last] = `${fit(kept[last]!, Math.max(1, width - ERROR_MORE.length)).trimEnd()}${ERROR_MORE}`;
  return kept;
}

/**
 * The prompt's label and typed text in `width` columns: when they do not
 * fit, the start of the typed text gives way (marked `…`), so what is being
 * typed and the cursor stay in view. A prefilled (`selected`) value keeps its
 * start instead: the admin sees what was prefilled, not a tail of it.
 */
export function promptInput(
  label: string,
  value: string,
  width: number,
  selected = false,
): { label: string; value: string } {
  const room = width - [...label].length - 2; // a space and the cursor
  const chars = [...value];
  if (room >= chars.length || room < 8) return { label, value };
  if (selected) return { label, value: `${chars.slice(0, room - 1).join('')}…` };
  return { label, value: `…${chars.slice(chars.length - room + 1).join('')}` };
}
