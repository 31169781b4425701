/** The keys of the full-screen views that only scroll and close: analysis, log, saved-for-boot diff, help. */
import type { Binding, KeyContext, ModeKeys } from './key-binding.js';

/** j/k, arrows, Space and PgUp/PgDn in a view that scrolls by `scroll(context)`. */
export function scrollBindings(scroll: (c: KeyContext) => (delta: number) => void): Binding[] {
  return [
    {
      command: 'down',
      keys: [{ input: 'j' }, { key: 'downArrow' }],
      description: 'scroll down',
      handler: (c) => scroll(c)(1),
    },
    {
      command: 'up',
      keys: [{ input: 'k' }, { key: 'upArrow' }],
      description: 'scroll up',
      handler: (c) => scroll(c)(-1),
    },
    {
      command: 'pageDown',
      keys: [{ key: 'pageDown' }, { input: ' ' }],
      description: 'one page down',
      handler: (c) => scroll(c)(c.page),
    },
    { command: 'pageUp', keys: [{ key: 'pageUp' }], description: 'one page up', handler: (c) => scroll(c)(-c.page) },
  ];
}

const close = (...keys: Binding['keys']): Binding => ({
  command: 'close',
  keys,
  description: 'back to the rules',
  handler: (c) => c.a.closeOverlay(),
});

/** A: shadowed and never-hit rules. */
export const ANALYSIS_KEYS: ModeKeys = {
  title: 'Analysis (A)',
  bindings: [close({ key: 'escape' }, { input: 'q' }, { input: 'A' }), ...scrollBindings((c) => c.a.scrollAnalysis)],
};

/** L: messages and the commands fwtui ran. */
export const HISTORY_KEYS: ModeKeys = {
  title: 'Log of messages and commands (L)',
  bindings: [
    close({ key: 'escape' }, { input: 'q' }, { input: 'L' }),
    {
      command: 'top',
      keys: [{ input: 'g' }, { key: 'home' }],
      description: 'first',
      handler: (c) => c.a.scrollHistory(-1e9),
    },
    {
      command: 'bottom',
      keys: [{ input: 'G' }, { key: 'end' }],
      description: 'last',
      handler: (c) => c.a.scrollHistory(1e9),
    },
    ...scrollBindings((c) => c.a.scrollHistory),
  ],
};

/** D: running rules against the boot files. */
export const SAVED_KEYS: ModeKeys = {
  title: 'Running vs saved for boot (D)',
  bindings: [
    close({ key: 'escape' }, { input: 'q' }, { input: 'D' }),
    { command: 'save', keys: [{ input: 'S' }], description: 'save for boot (asks)', handler: (c) => c.a.askSave() },
    ...scrollBindings((c) => c.a.scrollSaved),
  ],
};

/** ?: this help, page by page. */
export const HELP_KEYS: ModeKeys = {
  title: 'Help (?)',
  bindings: [
    {
      command: 'close',
      keys: [{ input: '?' }, { key: 'escape' }, { input: 'q' }],
      description: 'close help',
      handler: (c) => c.a.closeOverlay(),
    },
    {
      command: 'next',
      keys: [{ input: ' ' }, { key: 'pageDown' }, { input: 'j' }, { key: 'downArrow' }],
      description: 'next page',
      handler: (c) => c.a.helpPage(1),
    },
    {
      command: 'previous',
      keys: [{ key: 'pageUp' }, { input: 'k' }, { key: 'upArrow' }],
      description: 'previous page',
      handler: (c) => c.a.helpPage(-1),
    },
  ],
};
