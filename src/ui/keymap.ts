/**
 * Keybindings are data: the same table drives input handling, the status-bar
 * hints and the help overlay. Editing keys (i a o e d J K p c u) stay free.
 */
import type { Key } from 'ink';
import { parseRuleView } from '../domain/rule-view.js';
import type { AppState } from '../store/app-state.js';
import { currentChain, currentTable, selectedRule } from '../store/selectors.js';

export type CommandId =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'
  | 'toggleFocus' | 'focusChains' | 'focusRules' | 'nextTable' | 'ipv4' | 'ipv6'
  | 'follow' | 'back' | 'search' | 'nextHit' | 'prevHit' | 'exact' | 'zero' | 'help' | 'quit';

/** A key: a typed character, or one of Ink's named keys. */
export type KeyPattern = { input: string } | { key: keyof Key };

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

const jumpTarget = (s: AppState): string | null => {
  const rule = selectedRule(s);
  const name = rule ? parseRuleView(rule.args).target?.name : undefined;
  return name && currentTable(s)?.chains.some((c) => c.name === name && c.policy === null) ? name : null;
};

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'up', keys: [{ key: 'upArrow' }, { input: 'k' }], label: '↑/k', description: 'previous rule or chain', hint: false },
  { command: 'down', keys: [{ key: 'downArrow' }, { input: 'j' }], label: '↓/j', description: 'next rule or chain', hint: false },
  { command: 'pageUp', keys: [{ key: 'pageUp' }], label: 'PgUp', description: 'one page up', hint: false },
  { command: 'pageDown', keys: [{ key: 'pageDown' }], label: 'PgDn', description: 'one page down', hint: false },
  { command: 'top', keys: [{ input: 'g' }, { key: 'home' }], label: 'g', description: 'first rule', hint: false },
  { command: 'bottom', keys: [{ input: 'G' }, { key: 'end' }], label: 'G', description: 'last rule', hint: false },
  { command: 'toggleFocus', short: 'focus', keys: [{ key: 'tab' }], label: 'Tab', description: 'switch between chains and rules', hint: true },
  { command: 'focusChains', keys: [{ key: 'leftArrow' }], label: '←', description: 'go to the chain list', hint: false },
  { command: 'focusRules', keys: [{ key: 'rightArrow' }], label: '→', description: 'go to the rules', hint: false },
  {
    command: 'follow', short: 'follow', keys: [{ key: 'return' }], label: 'Enter', description: 'follow the jump to a user chain', hint: true,
    disabledReason: (s) => (s.focus === 'chains' ? null : jumpTarget(s) ? null : 'the selected rule does not jump to a user chain'),
  },
  {
    command: 'back', short: 'back', keys: [{ key: 'backspace' }, { key: 'delete' }, { key: 'escape' }], label: 'Bksp', description: 'back to where the jump came from', hint: true,
    disabledReason: (s) => (s.jumps.length > 0 ? null : 'no jump to go back from'),
  },
  { command: 'nextTable', short: 'table', keys: [{ input: 't' }], label: 't', description: 'next table', hint: true },
  { command: 'ipv4', keys: [{ input: '4' }], label: '4', description: 'IPv4 rules', hint: false },
  { command: 'ipv6', short: 'family', keys: [{ input: '6' }], label: '4/6', description: 'IPv6 rules (4: IPv4)', hint: true },
  { command: 'search', short: 'search', keys: [{ input: '/' }], label: '/', description: 'search: address, port, comment, target, any text', hint: true },
  { command: 'nextHit', keys: [{ input: 'n' }], label: 'n', description: 'next search hit', hint: false, disabledReason: (s) => (s.query ? null : 'no search yet') },
  { command: 'prevHit', keys: [{ input: 'N' }], label: 'N', description: 'previous search hit', hint: false, disabledReason: (s) => (s.query ? null : 'no search yet') },
  { command: 'exact', short: 'exact', keys: [{ input: 'x' }], label: 'x', description: 'exact or K/M/G counters', hint: true },
  {
    command: 'zero', short: 'zero', keys: [{ input: 'z' }], label: 'z', description: "zero the selected chain's counters (asks first)", hint: true,
    disabledReason: (s) => (!s.live ? 'a saved file has no live counters' : currentChain(s) ? null : 'no chain selected'),
  },
  { command: 'help', short: 'help', keys: [{ input: '?' }], label: '?', description: 'help', hint: true },
  { command: 'quit', short: 'quit', keys: [{ input: 'q' }], label: 'q', description: 'quit', hint: true },
];

/** The binding a keypress means, if any. */
export function bindingFor(input: string, key: Key): KeyBinding | undefined {
  if (key.ctrl || key.meta) return undefined;
  return KEYMAP.find((b) => b.keys.some((p) => ('input' in p ? p.input === input : key[p.key] === true)));
}

/** Hints for the status bar: bindings that apply now. */
export function statusHints(s: AppState): KeyBinding[] {
  return KEYMAP.filter((b) => b.hint && !b.disabledReason?.(s));
}
