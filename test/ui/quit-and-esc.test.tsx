/** q never loses work by accident, Esc always cancels: the quit question and keys that arrive together. */
import { describe, expect, it } from 'vitest';
import type { SafetyPort } from '../../src/domain/ports/firewall-source.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../helpers/fake-source.js';
import { renderApp } from '../helpers/render-app.js';
import { editorOf } from '../../src/store/selectors.js';

const source = () => new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });

/** A safety net whose commit stays pending (the guard is alive) for the whole test. */
const pendingSafety = (): SafetyPort => ({
  timeoutSec: 60,
  commandHint: (...words) => ['fwtui', ...words, '--netns', 'lab'].join(' '),
  check: async () => ({ pending: null, notice: null }),
  confirm: async () => 'confirmed',
  revert: async () => ({ ok: true, messages: [] }),
  fate: async () => ({ state: 'pending', guardAlive: true }),
});

describe('quitting', () => {
  it('with staged edits: Enter stays and keeps the edits; only y quits', async () => {
    const { press, store } = await renderApp(source());
    await press('J', (f) => f.includes('1 edit staged'), 'a staged move');
    let frame = await press('q', (f) => f.includes('Quit?'), 'the quit question');
    expect(frame).toContain('[y quit, n/Esc/Enter stay] Quit? 1 staged edit is not applied and will be lost.');
    frame = await press('\r', (f) => !f.includes('Quit?'), 'the question closed');
    expect(store.getState().staging.edits).toHaveLength(1);
    expect(frame).toContain('1 edit staged');
  });

  it('discarding every staged edit: Enter says no, only y discards', async () => {
    const { press, store } = await renderApp(source());
    await press('J', (f) => f.includes('1 edit staged'), 'a staged move');
    const frame = await press('U', (f) => f.includes('Discard all'), 'the question');
    expect(frame).toContain('[y yes, n/Esc/Enter no] Discard all 1 staged edit(s)?');
    await press('\r', (f) => !f.includes('Discard all'), 'the question closed');
    expect(store.getState().staging.edits).toHaveLength(1);
    await press('U', (f) => f.includes('Discard all'), 'asked again');
    await press('y', (f) => f.includes('discarded 1 staged edit(s)'), 'discarded');
  });

  const countdownQuit =
    'during the confirm countdown: q asks, says when the guard reverts and how to keep it (%i columns)';
  it.each([120, 80])(countdownQuit, async (columns) => {
    const src = source();
    src.safety = pendingSafety();
    const { press, store, waitFor } = await renderApp(src, { columns, rows: 24 });
    const deadline = Date.now() + 45_000;
    store
      .getState()
      .actions.showPending({ id: '0123456789abcdef', deadline, summary: ['filter INPUT: a change'] }, false);
    await waitFor((f) => f.includes('Keep these rules?'), 'the countdown');
    const at = new Date(deadline).toTimeString().slice(0, 8);
    const frame = await press('q', (f) => f.includes('Quit?'), 'the quit question');
    // The question takes the rows it needs: the hint to type is never cut.
    const question = frame.slice(frame.indexOf('[y quit')).replace(/\s+/g, ' ');
    expect(question).toContain(`the guard puts the old rules back at ${at}`);
    expect(question).toContain('unless `fwtui confirm --netns lab` keeps it');
    // Every key the question takes is listed, Y (keep, then stay) included.
    expect(question).toContain('[y quit, Y keep the pending commit and stay, n/Esc/Enter stay]');
    await press('\r', (f) => !f.includes('Quit?') && f.includes('Keep these rules?'), 'still in the countdown');
    expect(store.getState().pending?.id).toBe('0123456789abcdef');
  });
});

describe('Esc and the next key in one read (a laggy link)', () => {
  it('closes the rule editor and the q that follows is not typed into the field', async () => {
    const { press, store } = await renderApp(source());
    await press('i', (f) => f.includes('New rule'), 'the editor');
    await press('\x1bq', () => store.getState().overlay?.kind !== 'editor', 'the editor closed');
    // The q arrived after Esc closed the editor: with nothing staged it quits, and nothing was typed anywhere.
    expect(editorOf(store.getState())).toBeNull();
    expect(store.getState().staging.edits).toHaveLength(0);
  });

  it('cancels a prompt and the search the same way', async () => {
    const { press, store } = await renderApp(source());
    await press('m', (f) => f.includes('to position'), 'the move prompt');
    await press('\x1bj', (f) => f.includes('rule 2/4'), 'prompt closed, then j moved down');
    expect(store.getState().overlay).toBeNull();
    await press('/', (f) => f.includes('/▏'), 'the search prompt');
    await press('\x1bj', (f) => f.includes('rule 3/4'), 'search closed, then j moved down');
    expect(store.getState().query).toBe('');
  });
});
