/** What the rule list's key files share: the binding type, command names, reasons a key does not apply. */
import { jumpTarget as jumpOf } from '../../domain/model/jump-target.js';
import { setsNamed } from '../../domain/sets/set-users.js';
import type { AppState } from '../../store/app-state.js';
import { currentChain, currentTable, selectedRule, stagedEditCount } from '../../store/selectors.js';
import type { Binding, KeyContext } from '../keys/key-binding.js';

export type CommandId =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'toggleFocus'
  | 'focusChains'
  | 'focusRules'
  | 'nextTable'
  | 'ipv4'
  | 'ipv6'
  | 'follow'
  | 'back'
  | 'search'
  | 'nextHit'
  | 'prevHit'
  | 'exact'
  | 'zero'
  | 'help'
  | 'quit'
  | 'insertAbove'
  | 'insertBelow'
  | 'append'
  | 'edit'
  | 'delete'
  | 'duplicate'
  | 'ruleUp'
  | 'ruleDown'
  | 'moveTo'
  | 'policy'
  | 'newChain'
  | 'renameChain'
  | 'deleteChain'
  | 'flush'
  | 'undo'
  | 'redo'
  | 'discard'
  | 'commit'
  | 'keep'
  | 'revertNow'
  | 'save'
  | 'savedDiff'
  | 'trace'
  | 'watch'
  | 'logLines'
  | 'analysis'
  | 'rowMode'
  | 'scrollLeft'
  | 'scrollRight'
  | 'history'
  | 'sets'
  | 'connections'
  | 'hottest'
  | 'exposure'
  | 'command';

export interface KeyBinding extends Binding<CommandId> {
  /** How the keys are written in hints, e.g. "j/k" (a test checks each name is a key of the map). */
  readonly label: string;
  /** Shown in the status bar as `label short` (the help overlay shows every binding). */
  readonly hint: boolean;
  /** One word for the status bar. */
  readonly short?: string;
  readonly disabledReason?: (s: AppState) => string | null;
}

/** The user chain the selected rule jumps to, or null. */
export const jumpTarget = (s: AppState): string | null => jumpOf(currentTable(s), selectedRule(s));

/** The first set the selected rule uses (`--match-set NAME`), or null. */
export const ruleSet = (s: AppState): string | null => setsNamed(selectedRule(s)?.spec ?? '')[0] ?? null;

export const noRule = (s: AppState): string | null => (selectedRule(s) ? null : 'no rule selected');
export const noChain = (s: AppState): string | null => (currentChain(s) ? null : 'no chain selected');
export const nothingStaged = (s: AppState): string | null => (stagedEditCount(s) > 0 ? null : 'nothing is staged');
export const noCommitPending = (s: AppState): string | null => (s.pending ? null : 'no commit is pending');
export const notLive = (s: AppState): string | null => (s.boot ? null : 'saving for boot works on the live firewall');
export const noSearch = (s: AppState): string | null => (s.query ? null : 'no search yet');
export const onChains = (c: KeyContext): boolean => c.s.focus === 'chains';
/** Moves the cursor of the focused pane by `delta` rules or chains. */
export const move = (c: KeyContext, delta: number): void => (onChains(c) ? c.a.moveChain(delta) : c.a.moveRule(delta));
