/**
 * Raw terminal input -> keys. Over SSH, on a slow link or when keys are
 * typed fast, one read can hold several keys ("jjj\r", or three arrow
 * sequences); Ink hands such a chunk over as one input and would type the
 * escape sequences as text. This splits a chunk into keys first. Pure.
 */
import type { Key } from 'ink';

export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
};

/** One key: the printable text it types ('' for none) and Ink's key flags. */
export type KeyPress = readonly [string, Key];

// CSI (ESC [ params final), SS3 (ESC O x), a lone ESC, or one character. An ESC followed by anything
// else is Esc and then that key, never Alt+key: over a slow link Esc and the next key arrive in one
// read, and taking them as Alt-q would leave a form open and type the next q into it (fwtui binds no Alt keys).
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
const TOKEN = /\x1b\[[0-9;?]*[~A-Za-z$^@]|\x1bO[A-Za-z]|\x1b|[\s\S]/gu;

const FINAL: Readonly<Record<string, keyof Key>> = {
  A: 'upArrow',
  B: 'downArrow',
  C: 'rightArrow',
  D: 'leftArrow',
  H: 'home',
  F: 'end',
};
const TILDE: Readonly<Record<string, keyof Key>> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '3': 'delete',
  '5': 'pageUp',
  '6': 'pageDown',
};

function named(name: keyof Key, shift = false): KeyPress {
  return ['', { ...NO_KEY, [name]: true, shift }];
}

function fromEscape(seq: string): KeyPress | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
  const csi = /^\x1b[[O]([0-9;?]*)([~A-Za-z$^@])$/.exec(seq);
  if (csi) {
    const [, params = '', final = ''] = csi;
    const parts = params.split(';');
    // xterm modifiers: 2 shift, 5 ctrl, 6 ctrl+shift.
    const mod = Number(parts[1] ?? 1) - 1;
    const shift = (mod & 1) === 1;
    if (final === 'Z') return named('tab', true);
    if (final === '~') {
      const name = TILDE[parts[0] ?? ''];
      return name ? named(name, shift) : null;
    }
    const name = FINAL[final.toUpperCase()];
    return name ? named(name, shift || final !== final.toUpperCase()) : null;
  }
  return seq === '\x1b' ? named('escape') : null;
}

function fromChar(c: string): KeyPress | null {
  if (c === '\r' || c === '\n') return named('return');
  if (c === '\t') return named('tab');
  if (c === '\x7f' || c === '\b') return named('backspace');
  const code = c.codePointAt(0)!;
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  // Other control characters type nothing: they must never reach a field or the screen.
  if (code < 32 || (code >= 0x80 && code < 0xa0)) return null;
  return [c, { ...NO_KEY, shift: c !== c.toLowerCase() }];
}

/** Splits raw terminal input into keys; unknown escape sequences and control characters are dropped. */
export function parseKeys(chunk: string): KeyPress[] {
  const keys: KeyPress[] = [];
  for (const [token] of chunk.matchAll(TOKEN)) {
    const key = token.startsWith('\x1b') ? fromEscape(token) : fromChar(token);
    if (key) keys.push(key);
  }
  return keys;
}
