/**
 * A prefilled prompt (T's last packet, R's chain name) and the raw editor's line start selected: the first
 * printable key replaces them, Backspace/End keep editing, Ctrl-U clears; at 80 columns the start shows.
 */
import { describe, expect, it } from 'vitest';
import { PROMPT_KEYS } from '../../../src/ui/status-bar/prompt-keys.js';
import { EDITOR_KEYS } from '../../../src/ui/rule-editor/editor-keys.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';
import type { AppState } from '../../../src/store/app-state.js';

const promptOf = (s: AppState) => (s.overlay?.kind === 'prompt' ? s.overlay : null);
const editorOf = (s: AppState) => (s.overlay?.kind === 'editor' ? s.overlay.editor : null);

const source = () => new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
const LAST = '-p tcp -s 198.51.100.7 --dport 22 -i eth0 --state ESTABLISHED';

async function tracePrompt() {
  const app = await renderApp(source());
  app.store.setState({ lastTrace: LAST });
  await app.press('T', () => promptOf(app.store.getState())?.value === LAST, 'the T prompt');
  return app;
}

describe('prefilled prompts', () => {
  it('the first typed key replaces the prefilled packet', async () => {
    const app = await tracePrompt();
    await app.press('-p udp', () => promptOf(app.store.getState())?.value.startsWith('-p udp') ?? false, 'typed');
    expect(promptOf(app.store.getState())?.value).toBe('-p udp');
  });

  it('Backspace keeps editing the prefilled text, then typing appends', async () => {
    const app = await tracePrompt();
    await app.press('\x7f', () => promptOf(app.store.getState())?.value === LAST.slice(0, -1), 'one erased');
    await app.press('D', () => promptOf(app.store.getState())?.value === `${LAST.slice(0, -1)}D`, 'appended');
  });

  it('End keeps the prefilled text, then typing appends', async () => {
    const app = await tracePrompt();
    app.view.stdin.write('\x1b[F');
    await new Promise((r) => setTimeout(r, 30));
    await app.press('X', () => promptOf(app.store.getState())?.value === `${LAST}X`, 'appended');
  });

  it('Ctrl-U clears the prompt', async () => {
    const app = await tracePrompt();
    await app.press('\x15', () => promptOf(app.store.getState())?.value === '', 'cleared');
  });

  it('at 80 columns the prompt shows the start of the prefilled value', async () => {
    const app = await tracePrompt();
    const frame = await app.waitFor((f) => f.split('\n').at(-1)!.startsWith('Packet'), 'the prompt line');
    expect(frame.split('\n').at(-1)).toContain('-p tcp -s 19');
  });

  it('help lists Ctrl-U for prompts and the editor', () => {
    for (const mode of [PROMPT_KEYS, EDITOR_KEYS]) {
      expect(mode.bindings.some((b) => b.keys.some((k) => 'ctrl' in k && k.ctrl === 'u'))).toBe(true);
    }
  });
});

describe('the raw editor line', () => {
  async function rawEditor() {
    const app = await renderApp(source());
    await app.press('a', () => app.store.getState().overlay?.kind === 'editor', 'the editor');
    await app.press('\x14', () => editorOf(app.store.getState())?.mode === 'raw', 'raw mode');
    expect(editorOf(app.store.getState())?.raw).not.toBe('');
    return app;
  }

  it('typing replaces the line it starts with', async () => {
    const app = await rawEditor();
    await app.press('-p tcp', () => editorOf(app.store.getState())?.raw.startsWith('-p tcp') ?? false, 'typed');
    expect(editorOf(app.store.getState())?.raw).toBe('-p tcp');
  });

  it('Ctrl-U clears the line, Backspace keeps editing it', async () => {
    const app = await rawEditor();
    const raw = editorOf(app.store.getState())!.raw;
    await app.press('\x7f', () => editorOf(app.store.getState())?.raw === raw.slice(0, -1), 'one erased');
    await app.press('T', () => editorOf(app.store.getState())?.raw === `${raw.slice(0, -1)}T`, 'appended');
    await app.press('\x15', () => editorOf(app.store.getState())?.raw === '', 'cleared');
  });
});
