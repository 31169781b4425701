/**
 * Keybindings are data: the same table drives input handling, the status-bar
 * hints and the help overlay.
 */
import type { Key } from 'ink';
import { parseRuleView } from '../domain/rule-view.js';
import type { AppState } from '../store/app-state.js';
import { currentChain, currentTable, selectedRule } from '../store/selectors.js';

export type CommandId =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'
  | 'toggleFocus' | 'focusChains' | 'focusRules' | 'nextTable' | 'ipv4' | 'ipv6'
  | 'follow' | 'back' | 'search' | 'nextHit' | 'prevHit' | 'exact' | 'zero' | 'help' | 'quit'
  | 'insertAbove' | 'insertBelow' | 'append' | 'edit' | 'delete' | 'duplicate' | 'ruleUp' | 'ruleDown' | 'moveTo'
  | 'policy' | 'newChain' | 'renameChain' | 'deleteChain' | 'flush' | 'undo' | 'redo' | 'discard' | 'commit'
  | 'keep' | 'revertNow' | 'save' | 'savedDiff' | 'trace' | 'analysis'
  | 'rowMode' | 'scrollLeft' | 'scrollRight' | 'history'
  | 'command';

/** A key: a typed character, Ctrl+letter, or one of Ink's named keys (optionally with Shift). */
export type KeyPattern = { input: string } | { ctrl: string } | { key: keyof Key; shift?: true };

export interface KeyBinding {
  readonly command: CommandId;
  readonly keys: readonly KeyPattern[];
  /** How the keys are written in hints, e.g. "j/k". */
  readonly label: string;
  readonly description: string;
  /** Shown in the status bar as `label short` (the help overlay shows every binding). */
  readonly hint: boolean;
  /** One word for the status bar. */
  readonly short?: string;
  /** Why the command does nothing now, or null when it applies. */
  readonly disabledReason?: (s: AppState) => string | null;
}

/** The user chain the selected rule jumps to, or null. */
export const jumpTarget = (s: AppState): string | null => {
  const rule = selectedRule(s);
  const name = rule ? parseRuleView(rule.args).target?.name : undefined;
  return name && currentTable(s)?.chains.some((c) => c.name === name && c.policy === null) ? name : null;
};

const noRule = (s: AppState): string | null => (selectedRule(s) ? null : 'no rule selected');
const noChain = (s: AppState): string | null => (currentChain(s) ? null : 'no chain selected');
const nothingStaged = (s: AppState): string | null => (s.staging.edits.length > 0 ? null : 'nothing is staged');

export const KEYMAP: readonly KeyBinding[] = [
  // Shift+arrows first: the plain arrow bindings below match any Shift state.
  { command: 'ruleUp', keys: [{ input: 'K' }, { key: 'upArrow', shift: true }], label: 'K/J', short: 'move', description: 'move the rule up', hint: true, disabledReason: noRule },
  { command: 'ruleDown', keys: [{ input: 'J' }, { key: 'downArrow', shift: true }], label: 'J', description: 'move the rule down', hint: false, disabledReason: noRule },
  {
    command: 'scrollLeft', keys: [{ input: '<' }, { key: 'leftArrow', shift: true }], label: '<',
    description: 'scroll the matches left', hint: false,
  },
  {
    command: 'scrollRight', keys: [{ input: '>' }, { key: 'rightArrow', shift: true }], label: '>',
    description: 'scroll the matches right', hint: false,
  },
  { command: 'up', keys: [{ key: 'upArrow' }, { input: 'k' }], label: '↑/k', description: 'previous rule or chain', hint: false },
  { command: 'down', keys: [{ key: 'downArrow' }, { input: 'j' }], label: '↓/j', description: 'next rule or chain', hint: false },
  { command: 'pageUp', keys: [{ key: 'pageUp' }], label: 'PgUp', description: 'one page up', hint: false },
  { command: 'pageDown', keys: [{ key: 'pageDown' }], label: 'PgDn', description: 'one page down', hint: false },
  { command: 'top', keys: [{ input: 'g' }, { key: 'home' }], label: 'g', description: 'first rule', hint: false },
  { command: 'bottom', keys: [{ input: 'G' }, { key: 'end' }], label: 'G', description: 'last rule', hint: false },
  { command: 'toggleFocus', short: 'focus', keys: [{ key: 'tab' }], label: 'Tab', description: 'chains ↔ rules', hint: false },
  { command: 'focusChains', keys: [{ key: 'leftArrow' }], label: '←', description: 'go to the chain list', hint: false },
  { command: 'focusRules', keys: [{ key: 'rightArrow' }], label: '→', description: 'go to the rules', hint: false },
  {
    command: 'follow', short: 'follow', keys: [{ key: 'return' }], label: 'Enter', description: 'follow jump, else edit', hint: true,
    disabledReason: (s) => (s.focus === 'chains' ? null : jumpTarget(s) ? null : 'the selected rule does not jump to a user chain'),
  },
  { command: 'insertAbove', short: 'new', keys: [{ input: 'i' }], label: 'i', description: 'new rule above', hint: true, disabledReason: noChain },
  { command: 'insertBelow', keys: [{ input: 'o' }], label: 'o', description: 'new rule below', hint: false, disabledReason: noChain },
  { command: 'append', keys: [{ input: 'a' }], label: 'a', description: 'new rule at the end', hint: false, disabledReason: noChain },
  { command: 'edit', short: 'edit', keys: [{ input: 'e' }], label: 'e', description: 'edit the rule', hint: true, disabledReason: noRule },
  { command: 'delete', short: 'del', keys: [{ input: 'd' }], label: 'd', description: 'delete the rule (asks)', hint: true, disabledReason: noRule },
  { command: 'duplicate', keys: [{ input: 'y' }], label: 'y', description: 'duplicate the rule', hint: false, disabledReason: noRule },
  { command: 'moveTo', keys: [{ input: 'm' }], label: 'm', description: 'move rule to position', hint: false, disabledReason: noRule },
  {
    command: 'policy', keys: [{ input: 'p' }], label: 'p', description: 'policy ACCEPT/DROP', hint: false,
    disabledReason: (s) => (currentChain(s)?.policy ? null : 'a user chain has no policy'),
  },
  { command: 'newChain', keys: [{ input: 'N' }], label: 'N', description: 'new chain', hint: false },
  { command: 'command', keys: [{ input: ':' }], label: ':', description: 'stage iptables commands', hint: false },
  // While a commit is pending, Y and R belong to it (bindingFor prefers a binding that applies now); R renames a chain otherwise.
  { command: 'keep', keys: [{ input: 'Y' }], label: 'Y', description: 'keep the applied commit', hint: false, disabledReason: (s) => (s.pending ? null : 'no commit is pending') },
  { command: 'revertNow', keys: [{ input: 'R' }], label: 'R', description: 'pending commit: revert now', hint: false, disabledReason: (s) => (s.pending ? null : 'no commit is pending') },
  { command: 'renameChain', keys: [{ input: 'R' }], label: 'R', description: 'rename chain (and jumps)', hint: false, disabledReason: noChain },
  { command: 'deleteChain', keys: [{ input: 'X' }], label: 'X', description: 'delete unused chain', hint: false, disabledReason: noChain },
  { command: 'flush', keys: [{ input: 'F' }], label: 'F', description: 'flush the chain (asks)', hint: false, disabledReason: noChain },
  { command: 'undo', short: 'undo', keys: [{ input: 'u' }], label: 'u', description: 'undo the last edit', hint: true, disabledReason: nothingStaged },
  { command: 'redo', keys: [{ ctrl: 'r' }], label: 'Ctrl-R', description: 'redo', hint: false, disabledReason: (s) => (s.staging.redo.length > 0 ? null : 'nothing to redo') },
  { command: 'discard', keys: [{ input: 'U' }], label: 'U', description: 'discard all staged', hint: false, disabledReason: nothingStaged },
  {
    command: 'commit', short: 'commit', keys: [{ input: 'c' }, { input: 'w' }], label: 'c', description: 'review, apply (w: file)', hint: true,
    disabledReason: nothingStaged,
  },
  {
    command: 'save', short: 'save', keys: [{ input: 'S' }], label: 'S', description: 'save for boot (asks)', hint: false,
    disabledReason: (s) => (!s.boot ? 'saving for boot works on the live firewall' : s.pending ? 'a commit is pending: Y first' : null),
  },
  { command: 'savedDiff', keys: [{ input: 'D' }], label: 'D', description: 'running vs saved for boot', hint: false, disabledReason: (s) => (s.boot ? null : 'saving for boot works on the live firewall') },
  {
    command: 'back', short: 'back', keys: [{ key: 'backspace' }, { key: 'delete' }, { key: 'escape' }], label: 'Bksp', description: 'back from a jump', hint: true,
    disabledReason: (s) => (s.jumps.length > 0 ? null : 'no jump to go back from'),
  },
  { command: 'nextTable', short: 'table', keys: [{ input: 't' }], label: 't', description: 'next table', hint: true },
  { command: 'ipv4', keys: [{ input: '4' }], label: '4', description: 'IPv4 rules', hint: false },
  { command: 'ipv6', short: 'family', keys: [{ input: '6' }], label: '4/6', description: 'IPv6 rules (4: IPv4)', hint: false },
  { command: 'search', short: 'search', keys: [{ input: '/' }], label: '/', description: 'search rules', hint: true },
  { command: 'nextHit', keys: [{ input: 'n' }], label: 'n', description: 'next search hit', hint: false, disabledReason: (s) => (s.query ? null : 'no search yet') },
  { command: 'prevHit', keys: [{ input: 'b' }], label: 'b', description: 'previous search hit', hint: false, disabledReason: (s) => (s.query ? null : 'no search yet') },
  { command: 'trace', short: 'trace', keys: [{ input: 'T' }], label: 'T', description: 'trace a packet (T again clears)', hint: false },
  { command: 'analysis', keys: [{ input: 'A' }], label: 'A', description: 'shadowed and never-hit rules', hint: false },
  { command: 'rowMode', keys: [{ input: 'v' }], label: 'v', description: 'rule rows: wide or compact', hint: false },
  { command: 'history', keys: [{ input: 'L' }], label: 'L', description: 'log: messages, commands', hint: false },
  { command: 'exact', short: 'exact', keys: [{ input: 'x' }], label: 'x', description: 'exact or K/M/G counters', hint: false },
  {
    command: 'zero', short: 'zero', keys: [{ input: 'z' }], label: 'z', description: 'zero counters (asks)', hint: false,
    disabledReason: (s) => (!s.live ? 'a saved file has no live counters' : currentChain(s) ? null : 'no chain selected'),
  },
  { command: 'help', short: 'help', keys: [{ input: '?' }], label: '?', description: 'help', hint: true },
  { command: 'quit', short: 'quit', keys: [{ input: 'q' }], label: 'q', description: 'quit', hint: true },
];

function matches(p: KeyPattern, input: string, key: Key): boolean {
  if ('ctrl' in p) return key.ctrl && input === p.ctrl;
  if (key.ctrl || key.meta) return false;
  if ('input' in p) return p.input === input;
  return key[p.key] === true && (!p.shift || key.shift);
}

/**
 * The binding a keypress means, if any: of the bindings on that key, the
 * first that applies in state `s`, else the first (which then says why not).
 */
export function bindingFor(input: string, key: Key, s?: AppState): KeyBinding | undefined {
  const on = KEYMAP.filter((b) => b.keys.some((p) => matches(p, input, key)));
  return (s ? on.find((b) => !b.disabledReason?.(s)) : undefined) ?? on[0];
}

/** The status bar's order: what the moment calls for first, help and quit last (they survive a cut). */
const HINT_ORDER: readonly CommandId[] = ['commit', 'undo', 'follow', 'back', 'insertAbove', 'edit', 'delete', 'ruleUp', 'nextTable', 'search', 'help', 'quit'];

/** Hints for the status bar: bindings that apply now. */
export function statusHints(s: AppState): KeyBinding[] {
  const on = KEYMAP.filter((b) => b.hint && !b.disabledReason?.(s));
  return HINT_ORDER.map((c) => on.find((b) => b.command === c)).filter((b): b is KeyBinding => b !== undefined);
}
