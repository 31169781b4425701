/** The key map (src/ui/keys/keymap.ts) as an admin reads it in the man page: each key written out. */
import { KEYMAP, type KeyPattern } from '../../ui/keys/keymap.js';

const NAMED: Record<string, string> = {
  upArrow: 'Up',
  downArrow: 'Down',
  leftArrow: 'Left',
  rightArrow: 'Right',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  backspace: 'Backspace',
  delete: 'Delete',
  home: 'Home',
  end: 'End',
};

/** "K", "Shift-Up", "Ctrl-R", "Space". */
export function keyName(k: KeyPattern): string {
  if ('input' in k) return k.input === ' ' ? 'Space' : k.input;
  if ('ctrl' in k) return `Ctrl-${k.ctrl.toUpperCase()}`;
  const name = NAMED[k.key] ?? k.key;
  return k.shift ? `Shift-${name}` : name;
}

/** One line per binding: its keys and what they do (a key bound twice shows both meanings). */
export function keyLines(keymap = KEYMAP): { keys: string; description: string }[] {
  return keymap.map((b) => ({ keys: b.keys.map(keyName).join(', '), description: b.description }));
}
