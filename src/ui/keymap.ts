/**
 * The rule list's keys as data with their handlers: the same table drives input handling, the
 * status-bar hints, the help overlay, the man page and the bash completion.
 */
import type { Key } from 'ink';
import { jumpTarget as jumpOf } from '../domain/jump-target.js';
import type { AppState } from '../store/app-state.js';
import { currentChain, currentTable, selectedRule } from '../store/selectors.js';
import { bindingIn, type Binding, type KeyContext, type ModeKeys } from './key-binding.js';

export type { KeyPattern } from './key-binding.js';

export type CommandId =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'
  | 'toggleFocus' | 'focusChains' | 'focusRules' | 'nextTable' | 'ipv4' | 'ipv6'
  | 'follow' | 'back' | 'search' | 'nextHit' | 'prevHit' | 'exact' | 'zero' | 'help' | 'quit'
  | 'insertAbove' | 'insertBelow' | 'append' | 'edit' | 'delete' | 'duplicate' | 'ruleUp' | 'ruleDown' | 'moveTo'
  | 'policy' | 'newChain' | 'renameChain' | 'deleteChain' | 'flush' | 'undo' | 'redo' | 'discard' | 'commit'
  | 'keep' | 'revertNow' | 'save' | 'savedDiff' | 'trace' | 'analysis'
  | 'rowMode' | 'scrollLeft' | 'scrollRight' | 'history'
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

const noRule = (s: AppState): string | null => (selectedRule(s) ? null : 'no rule selected');
const noChain = (s: AppState): string | null => (currentChain(s) ? null : 'no chain selected');
const nothingStaged = (s: AppState): string | null => (s.staging.edits.length > 0 ? null : 'nothing is staged');
const noCommitPending = (s: AppState): string | null => (s.pending ? null : 'no commit is pending');
const notLive = (s: AppState): string | null => (s.boot ? null : 'saving for boot works on the live firewall');
const noSearch = (s: AppState): string | null => (s.query ? null : 'no search yet');
const onChains = (c: KeyContext): boolean => c.s.focus === 'chains';
/** Moves the cursor of the focused pane by `delta` rules or chains. */
const move = (c: KeyContext, delta: number): void => (onChains(c) ? c.a.moveChain(delta) : c.a.moveRule(delta));

export const KEYMAP: readonly KeyBinding[] = [
  // Shift+arrows first: the plain arrow bindings below match any Shift state.
  {
    command: 'ruleUp', keys: [{ input: 'K' }, { key: 'upArrow', shift: true }], label: 'K/J', short: 'move',
    description: 'move the rule up', hint: true, disabledReason: noRule, handler: (c) => c.a.shiftRule(-1),
  },
  {
    command: 'ruleDown', keys: [{ input: 'J' }, { key: 'downArrow', shift: true }], label: 'J',
    description: 'move the rule down', hint: false, disabledReason: noRule, handler: (c) => c.a.shiftRule(1),
  },
  {
    command: 'scrollLeft', keys: [{ input: '<' }, { key: 'leftArrow', shift: true }], label: '<',
    description: 'scroll the matches left', hint: false, handler: (c) => c.a.scrollMatches(-8),
  },
  {
    command: 'scrollRight', keys: [{ input: '>' }, { key: 'rightArrow', shift: true }], label: '>',
    description: 'scroll the matches right', hint: false, handler: (c) => c.a.scrollMatches(8),
  },
  {
    command: 'up', keys: [{ key: 'upArrow' }, { input: 'k' }], label: '↑/k', description: 'previous rule or chain',
    hint: false, handler: (c) => move(c, -1),
  },
  {
    command: 'down', keys: [{ key: 'downArrow' }, { input: 'j' }], label: '↓/j', description: 'next rule or chain',
    hint: false, handler: (c) => move(c, 1),
  },
  {
    command: 'pageUp', keys: [{ key: 'pageUp' }], label: 'PgUp', description: 'one page up', hint: false,
    handler: (c) => move(c, -c.page),
  },
  {
    command: 'pageDown', keys: [{ key: 'pageDown' }], label: 'PgDn', description: 'one page down', hint: false,
    handler: (c) => move(c, c.page),
  },
  {
    command: 'top', keys: [{ input: 'g' }, { key: 'home' }], label: 'g', description: 'first rule', hint: false,
    handler: (c) => (onChains(c) ? c.a.moveChain(-1e9) : c.a.moveRuleTo('first')),
  },
  {
    command: 'bottom', keys: [{ input: 'G' }, { key: 'end' }], label: 'G', description: 'last rule', hint: false,
    handler: (c) => (onChains(c) ? c.a.moveChain(1e9) : c.a.moveRuleTo('last')),
  },
  {
    command: 'toggleFocus', short: 'focus', keys: [{ key: 'tab' }], label: 'Tab', description: 'chains ↔ rules',
    hint: false, handler: (c) => c.a.toggleFocus(),
  },
  {
    command: 'focusChains', keys: [{ key: 'leftArrow' }], label: '←', description: 'go to the chain list', hint: false,
    handler: (c) => c.a.setFocus('chains'),
  },
  {
    command: 'focusRules', keys: [{ key: 'rightArrow' }], label: '→', description: 'go to the rules', hint: false,
    handler: (c) => c.a.setFocus('rules'),
  },
  {
    command: 'follow', short: 'follow', keys: [{ key: 'return' }], label: 'Enter', description: 'follow jump, else edit',
    hint: true,
    disabledReason: (s) =>
      s.focus === 'chains' || jumpTarget(s) ? null : 'the selected rule does not jump to a user chain',
    handler: (c) =>
      onChains(c) ? c.a.setFocus('rules') : jumpTarget(c.s) ? c.a.followJump() : c.a.openEditor('replace'),
  },
  {
    command: 'insertAbove', short: 'new', keys: [{ input: 'i' }], label: 'i', description: 'new rule above', hint: true,
    disabledReason: noChain, handler: (c) => c.a.openEditor('above'),
  },
  {
    command: 'insertBelow', keys: [{ input: 'o' }], label: 'o', description: 'new rule below', hint: false,
    disabledReason: noChain, handler: (c) => c.a.openEditor('below'),
  },
  {
    command: 'append', keys: [{ input: 'a' }], label: 'a', description: 'new rule at the end', hint: false,
    disabledReason: noChain, handler: (c) => c.a.openEditor('end'),
  },
  {
    command: 'edit', short: 'edit', keys: [{ input: 'e' }], label: 'e', description: 'edit the rule', hint: true,
    disabledReason: noRule, handler: (c) => c.a.openEditor('replace'),
  },
  {
    command: 'delete', short: 'del', keys: [{ input: 'd' }], label: 'd', description: 'delete the rule (asks)',
    hint: true, disabledReason: noRule, handler: (c) => c.a.askDelete(),
  },
  {
    command: 'duplicate', keys: [{ input: 'y' }], label: 'y', description: 'duplicate the rule', hint: false,
    disabledReason: noRule, handler: (c) => c.a.duplicateRule(),
  },
  {
    command: 'moveTo', keys: [{ input: 'm' }], label: 'm', description: 'move rule to position', hint: false,
    disabledReason: noRule, handler: (c) => c.a.askMoveTo(),
  },
  {
    command: 'policy', keys: [{ input: 'p' }], label: 'p', description: 'policy ACCEPT/DROP', hint: false,
    disabledReason: (s) => (currentChain(s)?.policy ? null : 'a user chain has no policy'),
    handler: (c) => c.a.askPolicy(),
  },
  {
    command: 'newChain', keys: [{ input: 'N' }], label: 'N', description: 'new chain', hint: false,
    handler: (c) => c.a.askNewChain(),
  },
  {
    command: 'command', keys: [{ input: ':' }], label: ':', description: 'stage iptables commands', hint: false,
    handler: (c) => c.a.askCommand(),
  },
  // While a commit is pending, Y and R belong to it (the first binding that applies wins); R renames a chain otherwise.
  {
    command: 'keep', keys: [{ input: 'Y' }], label: 'Y', description: 'keep the applied commit', hint: false,
    disabledReason: noCommitPending, handler: (c) => void c.a.keepCommit(),
  },
  {
    command: 'revertNow', keys: [{ input: 'R' }], label: 'R', description: 'pending commit: revert now', hint: false,
    disabledReason: noCommitPending, handler: (c) => void c.a.revertPending(),
  },
  {
    command: 'renameChain', keys: [{ input: 'R' }], label: 'R', description: 'rename chain (and jumps)', hint: false,
    disabledReason: noChain, handler: (c) => c.a.askRenameChain(),
  },
  {
    command: 'deleteChain', keys: [{ input: 'X' }], label: 'X', description: 'delete unused chain', hint: false,
    disabledReason: noChain, handler: (c) => c.a.askDeleteChain(),
  },
  {
    command: 'flush', keys: [{ input: 'F' }], label: 'F', description: 'flush the chain (asks)', hint: false,
    disabledReason: noChain, handler: (c) => c.a.askFlush(),
  },
  {
    command: 'undo', short: 'undo', keys: [{ input: 'u' }], label: 'u', description: 'undo the last edit', hint: true,
    disabledReason: nothingStaged, handler: (c) => c.a.undo(),
  },
  {
    command: 'redo', keys: [{ ctrl: 'r' }], label: 'Ctrl-R', description: 'redo', hint: false,
    disabledReason: (s) => (s.staging.redo.length > 0 ? null : 'nothing to redo'), handler: (c) => c.a.redo(),
  },
  {
    command: 'discard', keys: [{ input: 'U' }], label: 'U', description: 'discard all staged', hint: false,
    disabledReason: nothingStaged, handler: (c) => c.a.askDiscard(),
  },
  {
    command: 'commit', short: 'commit', keys: [{ input: 'c' }, { input: 'w' }], label: 'c',
    description: 'review, apply (w: file)', hint: true, disabledReason: nothingStaged, handler: (c) => c.a.openCommit(),
  },
  {
    command: 'save', short: 'save', keys: [{ input: 'S' }], label: 'S', description: 'save for boot (asks)', hint: false,
    disabledReason: (s) => notLive(s) ?? (s.pending ? 'a commit is pending: Y first' : null),
    handler: (c) => c.a.askSave(),
  },
  {
    command: 'savedDiff', keys: [{ input: 'D' }], label: 'D', description: 'running vs saved for boot', hint: false,
    disabledReason: notLive, handler: (c) => c.a.openSaved(),
  },
  {
    command: 'back', short: 'back', keys: [{ key: 'backspace' }, { key: 'delete' }, { key: 'escape' }], label: 'Bksp',
    description: 'back from a jump', hint: true,
    disabledReason: (s) => (s.jumps.length > 0 ? null : 'no jump to go back from'), handler: (c) => c.a.goBack(),
  },
  {
    command: 'nextTable', short: 'table', keys: [{ input: 't' }], label: 't', description: 'next table', hint: true,
    handler: (c) => c.a.nextTable(),
  },
  {
    command: 'ipv4', keys: [{ input: '4' }], label: '4', description: 'IPv4 rules', hint: false,
    handler: (c) => void c.a.selectFamily('ipv4'),
  },
  {
    command: 'ipv6', short: 'family', keys: [{ input: '6' }], label: '4/6', description: 'IPv6 rules (4: IPv4)',
    hint: false, handler: (c) => void c.a.selectFamily('ipv6'),
  },
  {
    command: 'search', short: 'search', keys: [{ input: '/' }], label: '/', description: 'search rules', hint: true,
    handler: (c) => c.a.openSearch(),
  },
  {
    command: 'nextHit', keys: [{ input: 'n' }], label: 'n', description: 'next search hit', hint: false,
    disabledReason: noSearch, handler: (c) => c.a.nextHit(1),
  },
  {
    command: 'prevHit', keys: [{ input: 'b' }], label: 'b', description: 'previous search hit', hint: false,
    disabledReason: noSearch, handler: (c) => c.a.nextHit(-1),
  },
  {
    command: 'trace', short: 'trace', keys: [{ input: 'T' }], label: 'T', description: 'trace a packet (T again clears)',
    hint: false, handler: (c) => c.a.askTrace(),
  },
  {
    command: 'analysis', keys: [{ input: 'A' }], label: 'A', description: 'shadowed and never-hit rules', hint: false,
    handler: (c) => c.a.openAnalysis(),
  },
  {
    command: 'rowMode', keys: [{ input: 'v' }], label: 'v', description: 'rule rows: wide or compact', hint: false,
    handler: (c) => c.a.toggleRowMode(),
  },
  {
    command: 'history', keys: [{ input: 'L' }], label: 'L', description: 'log: messages, commands', hint: false,
    handler: (c) => c.a.openHistory(),
  },
  {
    command: 'exact', short: 'exact', keys: [{ input: 'x' }], label: 'x', description: 'exact or K/M/G counters',
    hint: false, handler: (c) => c.a.toggleExact(),
  },
  {
    command: 'zero', short: 'zero', keys: [{ input: 'z' }], label: 'z', description: 'zero counters (asks)', hint: false,
    disabledReason: (s) => (!s.live ? 'a saved file has no live counters' : currentChain(s) ? null : 'no chain selected'),
    handler: (c) => c.a.askZero(),
  },
  {
    command: 'help', short: 'help', keys: [{ input: '?' }], label: '?', description: 'help', hint: true,
    handler: (c) => c.a.toggleHelp(),
  },
  {
    command: 'quit', short: 'quit', keys: [{ input: 'q' }], label: 'q', description: 'quit', hint: true,
    // Staged edits or a pending commit would be lost without a word: quitting then asks.
    handler: (c) => (c.s.staging.edits.length > 0 || c.s.pending ? c.a.askQuit() : c.exit()),
  },
];

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
  'commit', 'undo', 'follow', 'back', 'insertAbove', 'edit', 'delete', 'ruleUp', 'nextTable', 'search', 'help', 'quit',
];

/** Hints for the status bar: bindings that apply now. */
export function statusHints(s: AppState): KeyBinding[] {
  const on = KEYMAP.filter((b) => b.hint && !b.disabledReason?.(s));
  return HINT_ORDER.map((c) => on.find((b) => b.command === c)).filter((b): b is KeyBinding => b !== undefined);
}
