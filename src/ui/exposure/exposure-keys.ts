/** The exposure view's keys (`E`): move between entries, stage the selected entry's fix, review, back. */
import { fixNotNeeded } from '../../domain/exposure/exposure-fix.js';
import { selectedExposure } from '../../store/exposure-slice.js';
import { stagedEditCount } from '../../store/selectors.js';
import { footer, type ModeKeys } from '../keys/key-binding.js';

/** E: what the internet can reach, one entry per port and interface. */
export const EXPOSURE_KEYS: ModeKeys = {
  title: 'Exposure (E)',
  bindings: [
    {
      command: 'close',
      keys: [{ key: 'escape' }, { input: 'q' }, { input: 'E' }],
      description: 'back to the rules',
      handler: (c) => c.a.closeExposure(),
    },
    {
      command: 'down',
      keys: [{ input: 'j' }, { key: 'downArrow' }],
      description: 'next entry',
      handler: (c) => c.a.moveInExposure(1),
    },
    {
      command: 'up',
      keys: [{ input: 'k' }, { key: 'upArrow' }],
      description: 'previous entry',
      handler: (c) => c.a.moveInExposure(-1),
    },
    {
      command: 'pageDown',
      keys: [{ key: 'pageDown' }, { input: ' ' }],
      description: 'one page down',
      handler: (c) => c.a.moveInExposure(c.page),
    },
    {
      command: 'pageUp',
      keys: [{ key: 'pageUp' }],
      description: 'one page up',
      handler: (c) => c.a.moveInExposure(-c.page),
    },
    {
      command: 'fix',
      keys: [{ input: 'f' }],
      description: 'stage the rule that closes this port (asks which network stays allowed)',
      disabledReason: (s) => {
        const entry = selectedExposure(s);
        return entry ? fixNotNeeded(entry) : 'no entry selected';
      },
      handler: (c) => c.a.askExposureFix(),
    },
    {
      command: 'commit',
      keys: [{ input: 'c' }],
      description: 'review the staged edits, then apply',
      disabledReason: (s) => (stagedEditCount(s) > 0 ? null : 'nothing is staged'),
      handler: (c) => c.a.openCommit(),
    },
    { command: 'undo', keys: [{ input: 'u' }], description: 'undo', handler: (c) => c.a.undo() },
    // Help over the view; closing it comes back here.
    { command: 'help', keys: [{ input: '?' }], description: 'help', handler: (c) => c.a.toggleHelp() },
  ],
};

/** "f fix · c review · u undo · Esc back · j/k move". */
export const exposureFooter = (): string =>
  footer(EXPOSURE_KEYS, [
    { commands: ['fix'], text: 'fix' },
    { commands: ['commit'], text: 'review' },
    { commands: ['undo'], text: 'undo' },
    { commands: ['close'], text: 'back' },
    { commands: ['down', 'up'], text: 'move' },
  ]);
