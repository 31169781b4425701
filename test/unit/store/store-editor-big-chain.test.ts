/** Opening the editor on a big chain costs the editor, not the chain (issue #20 item 3: editor open <= 50 ms). */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { editorOf } from '../../../src/store/selectors.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';

async function setup(rules = RULES_V4()) {
  const source = new FakeSource(true, { ipv4: rules });
  let asked = 0;
  source.interfaces = async () => {
    asked++;
    return ['lo', 'eth0'];
  };
  const store = createAppStore({ source, now: () => 1_000_000 });
  const a = store.getState().actions;
  await a.load();
  return { store, a, asked: () => asked };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('the editor on a big chain', () => {
  it('asks for the interfaces after the editor is on screen (starting a process is slow in a big view)', async () => {
    const { store, a, asked } = await setup();
    a.openEditor('below');
    expect(editorOf(store.getState())).not.toBeNull();
    expect(asked()).toBe(0);
    await turn();
    await turn();
    expect(asked()).toBe(1);
    expect(editorOf(store.getState())?.interfaces).toEqual(['lo', 'eth0']);
  });

  it('names the rules a catch-all would hide as one range', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `-A INPUT -s 10.0.${i >> 8}.${i & 255}/32 -j DROP`);
    const { store, a } = await setup(`*filter\n:INPUT ACCEPT [0:0]\n${lines.join('\n')}\nCOMMIT\n`);
    a.openEditor('above');
    a.editorToggleMode();
    a.editorErase(true);
    a.editorType('-j ACCEPT');
    expect(editorOf(store.getState())?.caution).toBe(
      'this rule accepts every packet: rules 2-5001 below would never be reached',
    );
  });
});
