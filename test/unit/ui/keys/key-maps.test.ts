/** Every mode's keys are data: each binding can be reached, the right map has the keyboard, footers name real keys. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIRM_KEYS, confirmKeys, QUIT_KEYS, TYPED_YES_KEYS } from '../../../../src/ui/status-bar/confirm-keys.js';
import { COMMIT_KEYS } from '../../../../src/ui/commit-view/commit-keys.js';
import { EDITOR_KEYS } from '../../../../src/ui/rule-editor/editor-keys.js';
import * as footers from '../../../../src/ui/keys/footers.js';
import { bindingIn, keyLabel, type KeyPattern, type ModeKeys } from '../../../../src/ui/keys/key-binding.js';
import { KEYMAP, LIST_KEYS, statusHints } from '../../../../src/ui/keys/keymap.js';
import { NO_KEY } from '../../../../src/ui/keys/keys.js';
import { activeMode, MODES } from '../../../../src/ui/keys/modes.js';
import { POLICY_KEYS, PROMPT_KEYS, SEARCH_KEYS } from '../../../../src/ui/status-bar/prompt-keys.js';
import { ERROR_MORE } from '../../../../src/ui/format/prompt-lines.js';
import { ANALYSIS_KEYS, HELP_KEYS, HISTORY_KEYS, SAVED_KEYS } from '../../../../src/ui/keys/view-keys.js';
import type { AppState, Overlay } from '../../../../src/store/app-state.js';
import { initialState } from '../../../../src/store/create-app-store.js';

/** The key `p` as parseKeys gives it. */
const press = (p: KeyPattern): [string, typeof NO_KEY] =>
  'input' in p
    ? [p.input, { ...NO_KEY, shift: p.input !== p.input.toLowerCase() }]
    : 'ctrl' in p
      ? [p.ctrl, { ...NO_KEY, ctrl: true }]
      : ['', { ...NO_KEY, [p.key]: true, shift: p.shift ?? false }];

/** Every key name a mode's map has, as footers write them. */
const names = (mode: ModeKeys): Set<string> => new Set(mode.bindings.flatMap((b) => b.keys.map((k) => keyLabel(k))));

/** The key names a footer shows: the first word of each item, split at "/" ("j/k/PgDn scroll" -> j, k, PgDn). */
function footerKeys(text: string, separator: RegExp): string[] {
  return text
    .replace(/^\(|\)$/g, '')
    .split(separator)
    .map((item) => item.trim().split(' ')[0]!)
    .flatMap((word) => (word === '/' ? [word] : word.split('/')));
}

describe('the key maps of every mode', () => {
  it('lists every mode once, the rule list first', () => {
    expect(MODES[0]).toBe(LIST_KEYS);
    expect(new Set(MODES).size).toBe(MODES.length);
    for (const mode of [
      EDITOR_KEYS,
      COMMIT_KEYS,
      SEARCH_KEYS,
      PROMPT_KEYS,
      POLICY_KEYS,
      QUIT_KEYS,
      TYPED_YES_KEYS,
      CONFIRM_KEYS,
      ANALYSIS_KEYS,
      HISTORY_KEYS,
      SAVED_KEYS,
      HELP_KEYS,
    ])
      expect(MODES).toContain(mode);
  });

  it('gives each binding a name of its own, keys and words', () => {
    for (const mode of MODES) {
      const commands = mode.bindings.map((b) => b.command);
      expect(new Set(commands).size, mode.title).toBe(commands.length);
      for (const b of mode.bindings) {
        expect(b.keys.length, `${mode.title} ${b.command}`).toBeGreaterThan(0);
        expect(b.description.length, `${mode.title} ${b.command}`).toBeGreaterThan(1);
      }
    }
  });

  it('lets no binding hide behind an earlier one on the same key that always applies', () => {
    for (const mode of MODES) {
      for (const [i, b] of mode.bindings.entries()) {
        const reachable = b.keys.some((k) => {
          const [input, key] = press(k);
          return !mode.bindings
            .slice(0, i)
            .some((e) => !e.disabledReason && e.keys.some((p) => bindingIn([{ ...e, keys: [p] }], input, key)));
        });
        expect(reachable, `${mode.title}: ${b.command}`).toBe(true);
      }
    }
  });

  it('hands the keyboard to the mode on screen', () => {
    const s = (patch: Partial<AppState>): AppState => ({ ...initialState(true, 'test'), ...patch }) as AppState;
    expect(activeMode(s({}))).toBe(LIST_KEYS);
    expect(activeMode(s({ searchOpen: true, overlay: { kind: 'help' } as Overlay }))).toBe(SEARCH_KEYS);
    expect(activeMode(s({ overlay: { kind: 'editor' } as Overlay }))).toBe(EDITOR_KEYS);
    expect(activeMode(s({ overlay: { kind: 'commit' } as Overlay }))).toBe(COMMIT_KEYS);
    expect(activeMode(s({ overlay: { kind: 'prompt' } as Overlay }))).toBe(PROMPT_KEYS);
    expect(activeMode(s({ overlay: { kind: 'policy' } as Overlay }))).toBe(POLICY_KEYS);
    expect(activeMode(s({ overlay: { kind: 'analysis' } as Overlay }))).toBe(ANALYSIS_KEYS);
    expect(activeMode(s({ overlay: { kind: 'history' } as Overlay }))).toBe(HISTORY_KEYS);
    expect(activeMode(s({ overlay: { kind: 'saved' } as Overlay }))).toBe(SAVED_KEYS);
    expect(activeMode(s({ overlay: { kind: 'help' } as Overlay }))).toBe(HELP_KEYS);
    const ask = (action: 'quit' | 'discard' | 'saveHost' | 'delete') =>
      activeMode(s({ overlay: { kind: 'confirm', action, question: '?', yes: () => {} } }));
    expect(ask('quit')).toBe(QUIT_KEYS);
    expect(ask('discard')).toBe(TYPED_YES_KEYS);
    expect(ask('saveHost')).toBe(TYPED_YES_KEYS);
    expect(ask('delete')).toBe(CONFIRM_KEYS);
  });
});

describe('footers and hints', () => {
  const dot = / · /;
  const comma = /, /;
  /** Every footer and prompt that names keys, with the mode whose keys it must name. */
  const cases: [string, string, ModeKeys, RegExp][] = [
    ['analysis', footers.analysisFooter(), ANALYSIS_KEYS, dot],
    ['log', footers.historyFooter(), HISTORY_KEYS, dot],
    ['saved', footers.savedFooter(), SAVED_KEYS, dot],
    ['editor', footers.editorFooter(), EDITOR_KEYS, dot],
    ['commit review', footers.commitFooter('review', null, 'apply to the live firewall'), COMMIT_KEYS, dot],
    ['commit drift', footers.commitFooter('drift', null, 'apply'), COMMIT_KEYS, dot],
    [
      'commit lockout',
      footers
        .commitFooter('review', { state: 'done', typed: 'LOCKOUT', warnings: 1 }, 'apply')
        .replace(/^type LOCKOUT to apply anyway: \S+ · /, ''),
      COMMIT_KEYS,
      dot,
    ],
    [
      'commit checking',
      footers
        .commitFooter('review', { state: 'checking', typed: '', warnings: 0 }, 'apply')
        .replace(/^checking whether these rules cut off SSH… · /, ''),
      COMMIT_KEYS,
      dot,
    ],
    ['search', footers.searchFooter(), SEARCH_KEYS, comma],
    ['prompt', footers.promptFooter(), PROMPT_KEYS, comma],
    ['policy', footers.policyFooter(null), POLICY_KEYS, comma],
    ['policy with the SSH fix', footers.policyFooter({ fix: 'SSH' }), POLICY_KEYS, comma],
    ['quit', confirmKeys('quit'), QUIT_KEYS, comma],
    ['discard', confirmKeys('discard'), TYPED_YES_KEYS, comma],
    ['delete', confirmKeys('delete'), CONFIRM_KEYS, comma],
    ['status hints', footers.hintLabels().join(' · '), LIST_KEYS, dot],
    ['log key', footers.logKey(), LIST_KEYS, dot],
    ['prompt error: close the prompt', /\[(\S+), then/.exec(ERROR_MORE)?.[1] ?? '', PROMPT_KEYS, dot],
    ['prompt error: then the log', /then (\S+):/.exec(ERROR_MORE)?.[1] ?? '', LIST_KEYS, dot],
  ];

  it.each(cases)('%s names only keys its mode has', (_name, text, mode, separator) => {
    const keys = footerKeys(text, separator);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(names(mode), `"${k}" in "${text}"`).toContain(k);
  });

  it('reads as before', () => {
    expect(footers.analysisFooter()).toBe('Esc back · j/k/PgDn scroll');
    expect(footers.historyFooter()).toBe('Esc back · j/k/PgUp/PgDn scroll · g/G first/last');
    expect(footers.editorFooter()).toBe(
      'Enter stage · Esc cancel · ↑/↓ field · Tab complete · Ctrl-U clear · Ctrl-G goto',
    );
    expect(footers.commitFooter('review', null, 'write the file')).toBe(
      'y/Enter write the file · Esc back · j/k/PgDn scroll',
    );
    expect(footers.policyFooter({ fix: 'SSH' })).toBe('s accept SSH then DROP, d DROP anyway, a ACCEPT, Esc');
    expect(confirmKeys('delete')).toBe('y/Enter yes, n/Esc no');
    expect(ERROR_MORE).toBe(' [Esc, then L: whole message]');
  });

  it('the status bar hints only keys that apply now', () => {
    const hints = statusHints(initialState(true, 'test') as AppState).map((b) => b.command);
    expect(hints).toContain('help');
    expect(hints).not.toContain('undo');
    expect(KEYMAP.filter((b) => b.hint).length).toBeGreaterThan(5);
  });
});

describe('input through the public Ink API', () => {
  it('no view file reaches into Ink internals (internal_eventEmitter is gone from Ink 7)', () => {
    const dir = join(__dirname, '../../../../src/ui');
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => /\.tsx?$/.test(f));
    expect(files).toContain(join('keys', 'use-app-input.ts'));
    for (const file of files) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/internal_/);
    }
  });
});
