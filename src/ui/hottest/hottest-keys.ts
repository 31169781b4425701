/** The hottest-rules panel's keys (`H`): move, sort by packets/s or bytes/s, go to the rule, back. */
import { hottestRules } from '../../domain/diff/rate-history.js';
import type { AppState } from '../../store/app-state.js';
import { currentHistory } from '../../store/rates-slice.js';
import type { ModeKeys } from '../keys/key-binding.js';

const none = (s: AppState): string | null =>
  hottestRules(currentHistory(s), s.hotPanel?.by ?? 'packets').length > 0 ? null : 'no rule had traffic yet';

/** H: the table's rules with traffic in the last minute, hottest first. */
export const HOTTEST_KEYS: ModeKeys = {
  title: 'Hottest rules (H)',
  bindings: [
    {
      command: 'close',
      keys: [{ key: 'escape' }, { input: 'q' }, { input: 'H' }],
      description: 'back to the rules',
      handler: (c) => c.a.closeHottest(),
    },
    {
      command: 'down',
      keys: [{ input: 'j' }, { key: 'downArrow' }],
      description: 'next',
      handler: (c) => c.a.moveInHottest(1),
    },
    {
      command: 'up',
      keys: [{ input: 'k' }, { key: 'upArrow' }],
      description: 'previous',
      handler: (c) => c.a.moveInHottest(-1),
    },
    {
      command: 'pageDown',
      keys: [{ key: 'pageDown' }, { input: ' ' }],
      description: 'one page down',
      handler: (c) => c.a.moveInHottest(c.page),
    },
    {
      command: 'pageUp',
      keys: [{ key: 'pageUp' }],
      description: 'one page up',
      handler: (c) => c.a.moveInHottest(-c.page),
    },
    {
      command: 'by',
      keys: [{ input: 'b' }],
      description: 'sort by bytes/s or packets/s',
      handler: (c) => c.a.toggleHotBy(),
    },
    {
      command: 'jump',
      keys: [{ key: 'return' }],
      description: 'go to the rule',
      disabledReason: none,
      handler: (c) => c.a.jumpToHot(),
    },
  ],
};
