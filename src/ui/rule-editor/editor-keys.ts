/** The keys of the rule editor: a form (or one raw line) whose fields take typed text. */
import type { ModeKeys } from '../keys/key-binding.js';

export const EDITOR_KEYS: ModeKeys = {
  title: 'Rule editor (i, o, a, e)',
  bindings: [
    {
      command: 'cancel',
      keys: [{ key: 'escape' }],
      description: 'close, nothing staged',
      handler: (c) => c.a.closeEditor(),
    },
    {
      command: 'stage',
      keys: [{ key: 'return' }],
      description: 'stage the rule (once every check passes)',
      handler: (c) => void c.a.submitEditor(),
    },
    {
      command: 'previousField',
      keys: [{ key: 'upArrow' }, { key: 'tab', shift: true }],
      description: 'previous field',
      handler: (c) => c.a.editorField(-1),
    },
    {
      command: 'nextField',
      keys: [{ key: 'downArrow' }],
      description: 'next field',
      handler: (c) => c.a.editorField(1),
    },
    {
      command: 'complete',
      keys: [{ key: 'tab' }],
      description: 'complete the field',
      handler: (c) => c.a.editorComplete(),
    },
    {
      command: 'mode',
      keys: [{ ctrl: 't' }],
      description: 'form or raw arguments',
      handler: (c) => c.a.editorToggleMode(),
    },
    {
      command: 'goto',
      keys: [{ ctrl: 'g' }],
      description: 'target: jump (-j) or goto (-g)',
      handler: (c) => c.a.editorToggleGoto(),
    },
    { command: 'clear', keys: [{ ctrl: 'u' }], description: 'clear the field', handler: (c) => c.a.editorErase(true) },
    {
      command: 'keep',
      keys: [{ key: 'end' }, { key: 'rightArrow' }],
      description: 'raw line: edit it (a typed key first replaces it)',
      handler: (c) => c.a.editorKeep(),
    },
    {
      command: 'erase',
      keys: [{ key: 'backspace' }, { key: 'delete' }],
      description: 'erase a character',
      handler: (c) => c.a.editorErase(),
    },
  ],
  typing: { description: 'typed text goes into the field', handler: (c) => c.a.editorType(c.input) },
};
