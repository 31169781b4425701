/** The keys of the commit review: apply, re-base after drift, type the lockout word, scroll. */
import { LOCKOUT_WORD } from '../../domain/analysis/lockout.js';
import type { AppState } from '../../store/app-state.js';
import { commitOf } from '../../store/selectors.js';
import type { ModeKeys } from '../keys/key-binding.js';
import { scrollBindings } from '../keys/view-keys.js';

// While the kernel is being written there is nothing to cancel halfway: no key of the review applies.
const applying = (s: AppState): string | null =>
  commitOf(s)?.state === 'applying' ? 'the commit is being applied' : null;
const typing = (s: AppState): boolean => Boolean(commitOf(s)?.lockout?.warnings.length);

export const COMMIT_KEYS: ModeKeys = {
  title: 'Commit review (c, w)',
  bindings: [
    {
      command: 'back',
      keys: [{ key: 'escape' }, { input: 'q' }],
      description: 'back, nothing applied',
      handler: (c) => c.a.closeOverlay(),
      disabledReason: applying,
    },
    {
      command: 'apply',
      keys: [{ input: 'y' }, { key: 'return' }],
      description: 'apply (or write the file)',
      handler: (c) => void c.a.applyCommit(),
      disabledReason: (s) => (commitOf(s)?.state === 'review' ? null : 'nothing to apply now'),
    },
    {
      command: 'erase',
      keys: [{ key: 'backspace' }, { key: 'delete' }],
      description: `erase a letter of ${LOCKOUT_WORD}`,
      handler: (c) => c.a.typeLockout(null),
      disabledReason: (s) => applying(s) ?? (typing(s) ? null : 'no lockout warning'),
    },
    {
      command: 'rebase',
      keys: [{ input: 'r' }],
      description: 're-base your edits on the new rules',
      handler: (c) => c.a.rebaseCommit(),
      disabledReason: (s) => (commitOf(s)?.state === 'drift' ? null : 'the live rules did not change'),
    },
    ...scrollBindings((c) => c.a.scrollCommit).map((b) => ({ ...b, disabledReason: applying })),
  ],
  // With lockout warnings, capital letters spell LOCKOUT (no key binding of this view is a capital).
  typing: {
    description: `capital letters spell ${LOCKOUT_WORD} (after a lockout warning)`,
    accepts: (input, s) => !applying(s) && typing(s) && /^[A-Z]$/.test(input),
    handler: (c) => c.a.typeLockout(c.input),
  },
};
