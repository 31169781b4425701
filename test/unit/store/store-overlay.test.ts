/**
 * The overlay is one value that carries its own payload: opening one replaces the other, no
 * payload outlives its overlay, and each question or prompt is answered by the slice that asked.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { commitOf, confirmOf, editorOf, promptOf, selectedIndex } from '../../../src/store/selectors.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';

async function setup() {
  const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
  const store = createAppStore({ source, now: () => 1_000_000 });
  const a = store.getState().actions;
  await a.load();
  return { source, store, a, s: () => store.getState() };
}

/** The fields that once held overlay payloads beside the overlay. */
const OLD_PAYLOADS = ['confirm', 'prompt', 'editor', 'commit', 'policyAdvice'];

describe('the overlay carries its own payload', () => {
  it('opening one overlay replaces the other, and closing leaves no payload behind', async () => {
    const { a, s } = await setup();
    a.openEditor('below');
    expect(s().overlay?.kind).toBe('editor');
    a.askDelete();
    expect(s().overlay?.kind).toBe('confirm');
    expect(editorOf(s())).toBeNull();
    a.askMoveTo();
    expect(promptOf(s())?.action).toBe('moveTo');
    expect(confirmOf(s())).toBeNull();
    a.closeOverlay();
    expect(s().overlay).toBeNull();
    expect(Object.keys(s()).filter((k) => OLD_PAYLOADS.includes(k))).toEqual([]);
  });

  it('an editor Enter after a question replaced the editor stages nothing and keeps the question', async () => {
    const { a, s } = await setup();
    a.openEditor('end');
    a.editorType('-j ACCEPT');
    a.askDelete();
    await a.submitEditor();
    expect(s().staging.edits).toHaveLength(0);
    expect(confirmOf(s())?.action).toBe('delete');
  });

  it('a prompt problem that arrives after the prompt closed is not written into the next overlay', async () => {
    const { a, s } = await setup();
    a.askCommand();
    a.promptType('iptables -A NOSUCH -j ACCEPT');
    a.submitPrompt(); // answered asynchronously
    a.closeOverlay();
    a.openHistory();
    await new Promise((r) => setTimeout(r, 20));
    expect(s().overlay).toEqual({ kind: 'history' });
  });

  it('each question is answered by the slice that asked it', async () => {
    const { a, s, source } = await setup();
    a.askZero();
    await a.confirmYes();
    expect(source.zeroed).toEqual(['ipv4 filter INPUT']);
    a.moveRule(3);
    a.askDelete();
    await a.confirmYes();
    expect(s().staging.edits.map((e) => e.edit.kind)).toEqual(['delete']);
    a.askDiscard();
    await a.confirmYes();
    expect(s().staging.edits).toHaveLength(0);
    expect(s().notice).toBe('discarded 1 staged edit(s)');
  });

  it('each prompt is answered by the slice that asked it, a bad answer keeps the prompt open', async () => {
    const { a, s } = await setup();
    a.askMoveTo();
    a.promptType('9');
    a.submitPrompt();
    expect(promptOf(s())?.error).toBe('a position from 1 to 4');
    a.promptErase();
    a.promptType('3');
    a.submitPrompt();
    expect(s().overlay).toBeNull();
    expect(s().staging.edits.map((e) => e.edit)).toMatchObject([{ kind: 'move', from: 0, to: 2 }]);
    expect(selectedIndex(s())).toBe(2);
    a.askTrace();
    a.promptType('-p tcp --dport 22 -s 192.0.2.1 -i eth0');
    a.submitPrompt();
    expect(s().overlay).toBeNull();
    expect(s().trace?.packet).toMatch(/tcp/);
    a.askNewChain();
    a.promptType('bad name!');
    a.submitPrompt();
    expect(promptOf(s())?.error).toBeTruthy();
  });

  it('the commit review lives in the overlay and closes with it', async () => {
    const { a, s } = await setup();
    a.duplicateRule();
    a.openCommit();
    expect(commitOf(s())?.state).toBe('review');
    a.scrollCommit(2);
    expect(commitOf(s())?.scroll).toBe(2);
    a.closeOverlay();
    expect(commitOf(s())).toBeNull();
    a.scrollCommit(1); // nothing to scroll: stays closed
    expect(s().overlay).toBeNull();
  });
});
