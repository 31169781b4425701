/**
 * The rule list's keys as data with their handlers: the same table drives input handling, the
 * status-bar hints, the help overlay, the man page and the bash completion. The bindings live in
 * three files by area; their order here is the order keys are tried in (Shift+arrows before arrows,
 * the pending commit's Y and R before R's renaming) and listed in.
 */
import type { Key } from 'ink';
import type { AppState } from '../../store/app-state.js';
import { bindingIn, type ModeKeys } from './key-binding.js';
import type { CommandId, KeyBinding } from '../rule-list/list-key-kit.js';
import { CURSOR_KEYS } from '../rule-list/list-keys-cursor.js';
import { EDIT_KEYS } from '../rule-list/list-keys-edit.js';
import { VIEW_KEYS } from '../rule-list/list-keys-view.js';

export type { KeyPattern } from './key-binding.js';
export { jumpTarget, type CommandId, type KeyBinding } from '../rule-list/list-key-kit.js';

/** Every binding of the rule list. */
export const KEYMAP: readonly KeyBinding[] = [...CURSOR_KEYS, ...EDIT_KEYS, ...VIEW_KEYS];

/** The rule list as a mode: a key dismisses the notice of the moment, then runs its binding. */
export const LIST_KEYS: ModeKeys = {
  title: 'Rule list',
  bindings: KEYMAP,
  runsDisabled: true,
  beforeKey: (c) => {
    if (c.s.notice) c.a.dismissNotice();
  },
};

/**
 * The binding a keypress means in the rule list, if any: of the bindings on that key, the
 * first that applies in state `s`, else the first (which then says why not).
 */
export function bindingFor(input: string, key: Key, s?: AppState): KeyBinding | undefined {
  return bindingIn(KEYMAP, input, key, s, { runsDisabled: true });
}

/** The status bar's order: what the moment calls for first, help and quit last (they survive a cut). */
const HINT_ORDER: readonly CommandId[] = [
  'commit',
  'undo',
  'follow',
  'back',
  'insertAbove',
  'edit',
  'delete',
  'ruleUp',
  'nextTable',
  'search',
  'help',
  'quit',
];

/** Hints for the status bar: bindings that apply now. */
export function statusHints(s: AppState): KeyBinding[] {
  const on = KEYMAP.filter((b) => b.hint && !b.disabledReason?.(s));
  return HINT_ORDER.map((c) => on.find((b) => b.command === c)).filter((b): b is KeyBinding => b !== undefined);
}
