/**
 * The footers and prompts that name keys, each built from its mode's key map (key-binding.ts `footer`):
 * a key renamed or dropped in the map changes or breaks its footer, never leaves it saying a wrong key.
 */
import { LOCKOUT_WORD } from '../../domain/analysis/lockout.js';
import { COMMIT_KEYS } from '../commit-view/commit-keys.js';
import { EDITOR_KEYS } from '../rule-editor/editor-keys.js';
import { footer, keysOf, type FooterItem } from './key-binding.js';
import { KEYMAP, LIST_KEYS } from './keymap.js';
import { POLICY_KEYS, PROMPT_KEYS, SEARCH_KEYS } from '../status-bar/prompt-keys.js';
import { ANALYSIS_KEYS, HISTORY_KEYS, SAVED_KEYS } from './view-keys.js';

const back: FooterItem = { commands: ['close'], text: 'back' };
const scroll: FooterItem = { commands: ['down', 'up', 'pageDown'], text: 'scroll' };

/** "Esc back · j/k/PgDn scroll". */
export const analysisFooter = (): string => footer(ANALYSIS_KEYS, [back, scroll]);

/** "Esc back · j/k/PgUp/PgDn scroll · g/G first/last". */
export const historyFooter = (): string =>
  footer(HISTORY_KEYS, [
    back,
    { commands: ['down', 'up', 'pageUp', 'pageDown'], text: 'scroll' },
    { commands: ['top', 'bottom'], text: 'first/last' },
  ]);

/** "S save for boot · Esc back · j/k/PgDn scroll". */
export const savedFooter = (): string =>
  footer(SAVED_KEYS, [{ commands: ['save'], text: 'save for boot' }, back, scroll]);

/** The commit review's keys for its state: re-base after drift, the lockout word, or apply. */
export function commitFooter(
  state: 'review' | 'drift' | 'applying' | undefined,
  lockout: { state: 'checking' | 'done'; typed: string; warnings: number } | null,
  verb: string,
): string {
  const esc: FooterItem = { commands: ['back'], text: 'back' };
  const jk: FooterItem = { commands: ['down', 'up'], text: 'scroll' };
  if (state === 'drift')
    return footer(COMMIT_KEYS, [{ commands: ['rebase'], text: 're-base your edits on the new rules' }, esc, jk]);
  if (state === 'applying') return ' ';
  if (lockout?.state === 'done' && lockout.warnings > 0) {
    const typed = `type ${LOCKOUT_WORD} to apply anyway: ${lockout.typed.padEnd(LOCKOUT_WORD.length, '_')}`;
    const apply: FooterItem[] = lockout.typed === LOCKOUT_WORD ? [{ commands: ['apply'], text: verb }] : [];
    return `${typed} · ${footer(COMMIT_KEYS, [...apply, esc, jk])}`;
  }
  if (lockout?.state === 'checking') return `checking whether these rules cut off SSH… · ${footer(COMMIT_KEYS, [esc])}`;
  return footer(COMMIT_KEYS, [
    { commands: ['apply'], text: verb, count: 2 },
    esc,
    { ...jk, commands: ['down', 'up', 'pageDown'] },
  ]);
}

/** "Enter stage · Esc cancel · ↑/↓ field · Tab complete · Ctrl-U clear · Ctrl-G goto". */
export const editorFooter = (): string =>
  footer(EDITOR_KEYS, [
    { commands: ['stage'], text: 'stage' },
    { commands: ['cancel'], text: 'cancel' },
    { commands: ['previousField', 'nextField'], text: 'field' },
    { commands: ['complete'], text: 'complete' },
    { commands: ['clear'], text: 'clear' },
    { commands: ['goto'], text: 'goto' },
  ]);

/** The editor's key for switching between the form and raw arguments, e.g. "Ctrl-T". */
export const editorKey = (command: 'mode' | 'goto' | 'stage' | 'complete'): string => keysOf(EDITOR_KEYS, command)[0]!;

/** "(Enter find, Esc cancel)" after the search line. */
export const searchFooter = (): string =>
  `(${footer(
    SEARCH_KEYS,
    [
      { commands: ['find'], text: 'find' },
      { commands: ['cancel'], text: 'cancel' },
    ],
    ', ',
  )})`;

/** "(Enter ok, Esc cancel)" after a prompt. */
export const promptFooter = (): string =>
  `(${footer(
    PROMPT_KEYS,
    [
      { commands: ['ok'], text: 'ok' },
      { commands: ['cancel'], text: 'cancel' },
    ],
    ', ',
  )})`;

/** The policy question's keys; with DROP cutting off SSH, the fix (`fix`: what it accepts) comes first. */
export function policyFooter(advice: { fix: string | null } | null): string {
  if (!advice) {
    const keys = footer(
      POLICY_KEYS,
      [
        { commands: ['accept'], text: 'ACCEPT' },
        { commands: ['drop'], text: 'DROP' },
        { commands: ['cancel'], text: 'cancel' },
      ],
      ', ',
    );
    return keys;
  }
  return footer(
    POLICY_KEYS,
    [
      ...(advice.fix ? [{ commands: ['fix'], text: `accept ${advice.fix} then DROP` }] : []),
      { commands: ['drop'], text: 'DROP anyway' },
      { commands: ['accept'], text: 'ACCEPT' },
      { commands: ['cancel'], text: '' },
    ],
    ', ',
  );
}

/** The rule list's key that opens the log, where a cut message is whole ("L"). */
export const logKey = (): string => keysOf(LIST_KEYS, 'history')[0]!;

/** Every key name the rule list's status-bar hints use (their labels), for the test that they exist. */
export const hintLabels = (): string[] => KEYMAP.filter((b) => b.hint).map((b) => b.label);

/** Under an empty chain: how to add a rule or reach the chain list, e.g. "a adds a rule · Tab: chains". */
export const emptyChainHint = (): string =>
  `${keysOf(LIST_KEYS, 'append')[0]} adds a rule · ${keysOf(LIST_KEYS, 'toggleFocus')[0]}: chains`;
