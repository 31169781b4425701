/**
 * Keys as data with their handlers (lazygit's Binding{Key, Handler, GetDisabledReason, Description}): each
 * mode of the view (the rule list, the editor, a prompt, the commit review...) has one `ModeKeys` table, and
 * the same table drives the input, the help overlay and the footers that name keys.
 */
import type { Key } from 'ink';
import type { AppState } from '../../store/app-state.js';
import type { AppActions } from '../../store/create-app-store.js';

/** A key: a typed character, Ctrl+letter, or one of Ink's named keys (optionally with Shift). */
export type KeyPattern = { input: string } | { ctrl: string } | { key: keyof Key; shift?: true };

/** What a handler gets: the state as it is now, the actions, and how the key arrived. */
export interface KeyContext {
  readonly s: AppState;
  readonly a: AppActions;
  /** How many lines one PgUp/PgDn moves. */
  readonly page: number;
  /** Leaves fwtui. */
  readonly exit: () => void;
  /** The key came with others in one read (a paste): a line break in it is not Enter. */
  readonly pasted: boolean;
  /** The printable text the key types ('' for a named key). */
  readonly input: string;
}

/** One binding: its keys, what they do for an admin, and the handler that does it. */
export interface Binding<C extends string = string> {
  /** The binding's name, unique in its mode (footers and hints refer to it). */
  readonly command: C;
  readonly keys: readonly KeyPattern[];
  readonly description: string;
  readonly handler: (c: KeyContext) => void;
  /** Why the binding does not apply now, or null when it does. */
  readonly disabledReason?: (s: AppState, how?: { pasted: boolean }) => string | null;
}

/** The keys of one mode, e.g. the rule editor. */
export interface ModeKeys {
  /** The mode's heading in help. */
  readonly title: string;
  readonly bindings: readonly Binding[];
  /** Printable keys no binding takes go to a text field: what they type, and where. */
  readonly typing?: {
    readonly description: string;
    readonly accepts?: (input: string, s: AppState) => boolean;
    readonly handler: (c: KeyContext) => void;
  };
  /**
   * When no binding on the key applies, run the first anyway: its action says why not in the status line
   * (the rule list). Modal maps leave this off: a key that does not apply there does nothing.
   */
  readonly runsDisabled?: boolean;
  /**
   * The commands the status bar names while this mode has the keyboard (those that apply now), for a mode
   * whose own footer lists the rest. Without it the status bar names the rule list's keys.
   */
  readonly statusHints?: readonly { readonly command: string; readonly text: string }[];
  /** Runs before any key (the rule list: a key dismisses the notice of the moment). */
  readonly beforeKey?: (c: KeyContext) => void;
}

/** True when the key pressed is `p`. */
export function matches(p: KeyPattern, input: string, key: Key): boolean {
  if ('ctrl' in p) return key.ctrl && input === p.ctrl;
  if (key.ctrl || key.meta) return false;
  if ('input' in p) return p.input === input;
  return key[p.key] === true && (!p.shift || key.shift);
}

/**
 * The binding a keypress means in `mode`, if any: of the bindings on that key the first that applies in
 * state `s`; else, in a mode that `runsDisabled`, the first (which then says why not).
 */
export function bindingIn<B extends Binding>(
  bindings: readonly B[],
  input: string,
  key: Key,
  s?: AppState,
  options: { pasted?: boolean; runsDisabled?: boolean } = {},
): B | undefined {
  const on = bindings.filter((b) => b.keys.some((p) => matches(p, input, key)));
  const how = { pasted: options.pasted ?? false };
  const applies = s ? on.find((b) => !b.disabledReason?.(s, how)) : undefined;
  return applies ?? (options.runsDisabled || !s ? on[0] : undefined);
}

/** Runs one key in `mode`: the binding that applies, else printable text into the mode's field. */
export function dispatchKey(mode: ModeKeys, input: string, key: Key, c: KeyContext): void {
  mode.beforeKey?.(c);
  const binding = bindingIn(mode.bindings, input, key, c.s, { pasted: c.pasted, runsDisabled: mode.runsDisabled });
  const typing = mode.typing;
  if (binding) binding.handler(c);
  else if (typing && input && !key.ctrl && !key.meta && (typing.accepts?.(input, c.s) ?? true)) typing.handler(c);
}

const NAMED: Readonly<Record<string, readonly [string, string]>> = {
  upArrow: ['↑', 'Up'],
  downArrow: ['↓', 'Down'],
  leftArrow: ['←', 'Left'],
  rightArrow: ['→', 'Right'],
  pageUp: ['PgUp', 'PgUp'],
  pageDown: ['PgDn', 'PgDn'],
  home: ['Home', 'Home'],
  end: ['End', 'End'],
  tab: ['Tab', 'Tab'],
  return: ['Enter', 'Enter'],
  backspace: ['Bksp', 'Bksp'],
  delete: ['Del', 'Del'],
  escape: ['Esc', 'Esc'],
};

/** A key as the view writes it: "K", "Shift+↑", "Ctrl-R", "Space" (arrows as words when `unicode` is off). */
export function keyLabel(k: KeyPattern, unicode = true): string {
  if ('input' in k) return k.input === ' ' ? 'Space' : k.input;
  if ('ctrl' in k) return `Ctrl-${k.ctrl.toUpperCase()}`;
  return `${k.shift ? 'Shift+' : ''}${NAMED[k.key]?.[unicode ? 0 : 1] ?? k.key}`;
}

/** The binding `command` of `mode`; throws when the mode has none, so a footer cannot name a key it lacks. */
export function bindingNamed(mode: ModeKeys, command: string): Binding {
  const b = mode.bindings.find((x) => x.command === command);
  if (!b) throw new Error(`no binding ${command} in the keys of ${mode.title}`);
  return b;
}

/** The labels of the first `count` keys of binding `command` in `mode`, e.g. ["y", "Enter"]. */
export function keysOf(mode: ModeKeys, command: string, count = 1): string[] {
  return bindingNamed(mode, command)
    .keys.slice(0, count)
    .map((k) => keyLabel(k));
}

/** One footer item: keys of the named bindings (first key of each, or `count` keys of a lone one) and text. */
export interface FooterItem {
  readonly commands: readonly string[];
  readonly text: string;
  readonly count?: number;
}

/** A footer such as "Esc back · j/k/PgDn scroll", its key names taken from `mode`. */
export function footer(mode: ModeKeys, items: readonly FooterItem[], separator = ' · '): string {
  return items
    .map((item) => {
      const keys = item.commands.flatMap((c) => keysOf(mode, c, item.count ?? 1)).join('/');
      return item.text ? `${keys} ${item.text}` : keys;
    })
    .join(separator);
}

/** The status-bar hints of `mode` in state `s`, e.g. ["c review", "u undo", "? help"]: only keys that apply now. */
export function modeHints(mode: ModeKeys, s: AppState): string[] {
  return (mode.statusHints ?? [])
    .map((h) => ({ b: bindingNamed(mode, h.command), text: h.text }))
    .filter(({ b }) => !b.disabledReason?.(s))
    .map(({ b, text }) => `${keyLabel(b.keys[0]!)} ${text}`);
}
