/** The rule list: moving the cursor, the rule, the matches and the focus; following a jump. */
import { jumpTarget, move, noRule, onChains, ruleSet, type KeyBinding } from './list-key-kit.js';

export const CURSOR_KEYS: readonly KeyBinding[] = [
  // Shift+arrows first: the plain arrow bindings below match any Shift state.
  {
    command: 'ruleUp',
    keys: [{ input: 'K' }, { key: 'upArrow', shift: true }],
    label: 'K/J',
    short: 'move',
    description: 'move the rule up',
    hint: true,
    disabledReason: noRule,
    handler: (c) => c.a.shiftRule(-1),
  },
  {
    command: 'ruleDown',
    keys: [{ input: 'J' }, { key: 'downArrow', shift: true }],
    label: 'J',
    description: 'move the rule down',
    hint: false,
    disabledReason: noRule,
    handler: (c) => c.a.shiftRule(1),
  },
  {
    command: 'scrollLeft',
    keys: [{ input: '<' }, { key: 'leftArrow', shift: true }],
    label: '<',
    description: 'scroll the matches left',
    hint: false,
    handler: (c) => c.a.scrollMatches(-8),
  },
  {
    command: 'scrollRight',
    keys: [{ input: '>' }, { key: 'rightArrow', shift: true }],
    label: '>',
    description: 'scroll the matches right',
    hint: false,
    handler: (c) => c.a.scrollMatches(8),
  },
  {
    command: 'up',
    keys: [{ key: 'upArrow' }, { input: 'k' }],
    label: '↑/k',
    description: 'previous rule or chain',
    hint: false,
    handler: (c) => move(c, -1),
  },
  {
    command: 'down',
    keys: [{ key: 'downArrow' }, { input: 'j' }],
    label: '↓/j',
    description: 'next rule or chain',
    hint: false,
    handler: (c) => move(c, 1),
  },
  {
    command: 'pageUp',
    keys: [{ key: 'pageUp' }],
    label: 'PgUp',
    description: 'one page up',
    hint: false,
    handler: (c) => move(c, -c.page),
  },
  {
    command: 'pageDown',
    keys: [{ key: 'pageDown' }],
    label: 'PgDn',
    description: 'one page down',
    hint: false,
    handler: (c) => move(c, c.page),
  },
  {
    command: 'top',
    keys: [{ input: 'g' }, { key: 'home' }],
    label: 'g',
    description: 'first rule',
    hint: false,
    handler: (c) => (onChains(c) ? c.a.moveChain(-1e9) : c.a.moveRuleTo('first')),
  },
  {
    command: 'bottom',
    keys: [{ input: 'G' }, { key: 'end' }],
    label: 'G',
    description: 'last rule',
    hint: false,
    handler: (c) => (onChains(c) ? c.a.moveChain(1e9) : c.a.moveRuleTo('last')),
  },
  {
    command: 'toggleFocus',
    short: 'focus',
    keys: [{ key: 'tab' }],
    label: 'Tab',
    description: 'chains ↔ rules',
    hint: false,
    handler: (c) => c.a.toggleFocus(),
  },
  {
    command: 'focusChains',
    keys: [{ key: 'leftArrow' }],
    label: '←',
    description: 'go to the chain list',
    hint: false,
    handler: (c) => c.a.setFocus('chains'),
  },
  {
    command: 'focusRules',
    keys: [{ key: 'rightArrow' }],
    label: '→',
    description: 'go to the rules',
    hint: false,
    handler: (c) => c.a.setFocus('rules'),
  },
  {
    command: 'follow',
    short: 'follow',
    keys: [{ key: 'return' }],
    label: 'Enter',
    description: 'jump or set, else edit',
    hint: true,
    disabledReason: (s) =>
      s.focus === 'chains' || jumpTarget(s) || (ruleSet(s) && s.live)
        ? null
        : 'the selected rule does not jump to a user chain',
    handler: (c) =>
      onChains(c)
        ? c.a.setFocus('rules')
        : jumpTarget(c.s)
          ? c.a.followJump()
          : ruleSet(c.s) && c.s.live
            ? void c.a.openSetOf(ruleSet(c.s)!)
            : c.a.openEditor('replace'),
  },
];
