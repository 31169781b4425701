/** The first frame shows a read that is already in (issue #20 item 3: no frame drawn for nothing at start). */
import { describe, expect, it } from 'vitest';
import { loadedOrNextTurn } from '../../../src/ui/run-tui.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';

describe('the first frame', () => {
  it('waits for a first read already under way (readEarly): the view opens on the rules', async () => {
    const store = createAppStore({ source: new FakeSource(true, { ipv4: RULES_V4() }) });
    store.getState().actions.readEarly();
    await loadedOrNextTurn(store.getState().actions.load());
    expect(store.getState().status).toBe('loaded');
  });

  it('does not wait for a read still running: "Reading the firewall…" shows meanwhile', async () => {
    const never = new Promise<void>(() => {});
    await expect(loadedOrNextTurn(never)).resolves.toBeUndefined();
  });
});
