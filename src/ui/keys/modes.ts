/** Every mode's keys, and which mode has the keyboard now: the one source of input, help and footers. */
import type { AppState } from '../../store/app-state.js';
import { confirmOf, overlayKind } from '../../store/selectors.js';
import { COMMIT_KEYS } from '../commit-view/commit-keys.js';
import { CONNECTIONS_KEYS } from '../connections/connections-keys.js';
import { HOTTEST_KEYS } from '../hottest/hottest-keys.js';
import { CONFIRM_KEYS, confirmMode, QUIT_KEYS, TYPED_YES_KEYS } from '../status-bar/confirm-keys.js';
import { EDITOR_KEYS } from '../rule-editor/editor-keys.js';
import type { ModeKeys } from './key-binding.js';
import { LIST_KEYS } from './keymap.js';
import { POLICY_KEYS, PROMPT_KEYS, SEARCH_KEYS } from '../status-bar/prompt-keys.js';
import { SET_MEMBERS_KEYS, SET_USERS_KEYS, SETS_KEYS, setsMode } from '../sets/sets-keys.js';
import { EXPOSURE_KEYS } from '../exposure/exposure-keys.js';
import { ANALYSIS_KEYS, HELP_KEYS, HISTORY_KEYS, SAVED_KEYS } from './view-keys.js';

/** Every mode, in the order help lists them: the rule list first. */
export const MODES: readonly ModeKeys[] = [
  LIST_KEYS,
  EDITOR_KEYS,
  COMMIT_KEYS,
  SEARCH_KEYS,
  PROMPT_KEYS,
  POLICY_KEYS,
  QUIT_KEYS,
  TYPED_YES_KEYS,
  CONFIRM_KEYS,
  ANALYSIS_KEYS,
  HISTORY_KEYS,
  SAVED_KEYS,
  SETS_KEYS,
  SET_MEMBERS_KEYS,
  SET_USERS_KEYS,
  CONNECTIONS_KEYS,
  HOTTEST_KEYS,
  EXPOSURE_KEYS,
  HELP_KEYS,
];

/** The mode whose keys apply in state `s`: the search line first, then the open overlay, else the rule list. */
export function activeMode(s: AppState): ModeKeys {
  if (s.searchOpen) return SEARCH_KEYS;
  switch (overlayKind(s)) {
    case 'editor':
      return EDITOR_KEYS;
    case 'commit':
      return COMMIT_KEYS;
    case 'prompt':
      return PROMPT_KEYS;
    case 'analysis':
      return ANALYSIS_KEYS;
    case 'history':
      return HISTORY_KEYS;
    case 'saved':
      return SAVED_KEYS;
    case 'policy':
      return POLICY_KEYS;
    case 'help':
      return HELP_KEYS;
    case 'sets':
      return setsMode(s);
    case 'connections':
      return CONNECTIONS_KEYS;
    case 'hottest':
      return HOTTEST_KEYS;
    case 'exposure':
      return EXPOSURE_KEYS;
    case 'confirm': {
      const confirm = confirmOf(s);
      return confirm ? confirmMode(confirm.action) : CONFIRM_KEYS;
    }
    default:
      return LIST_KEYS;
  }
}
