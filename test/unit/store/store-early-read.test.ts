/** The first read starts before the view loads (issue #20 item 3: a first screen sooner). */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import type { SafetyPort } from '../../../src/domain/ports/firewall-source.js';
import { currentChain } from '../../../src/store/selectors.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';

/** A safety net that finds an orphaned commit at start and reverts it to `after` (the rules change). */
function revertingAtStart(source: FakeSource, after: string): SafetyPort {
  return {
    timeoutSec: 60,
    commandHint: (...words: string[]) => ['fwtui', ...words].join(' '),
    async check() {
      source.set('ipv4', after);
      return { pending: null, notice: 'commit x was left pending by a fwtui that is gone: reverted' };
    },
    confirm: async () => 'nothing-pending',
    revert: async () => ({ ok: true, messages: [] }),
    fate: async () => ({ state: 'gone' }),
  };
}

describe('the first read', () => {
  it('starts before the view loads, and the first screen shows it: iptables-save runs once', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const store = createAppStore({ source });
    const a = store.getState().actions;
    a.readEarly();
    expect(source.reads).toBe(1);
    await a.checkPendingAtStart();
    await a.load();
    expect(source.reads).toBe(1);
    expect(store.getState().status).toBe('loaded');
    expect(currentChain(store.getState())?.rules).toHaveLength(4);
  });

  it('is read again when a revert at start changed the rules since', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    source.safety = revertingAtStart(
      source,
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n',
    );
    const store = createAppStore({ source });
    const a = store.getState().actions;
    a.readEarly();
    await a.checkPendingAtStart();
    await a.load();
    expect(source.reads).toBe(2);
    expect(currentChain(store.getState())?.rules).toHaveLength(0);
  });

  it('is read again when the check at start failed after it may have reverted (review finding)', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const reverting = revertingAtStart(
      source,
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n',
    );
    source.safety = {
      ...reverting,
      async check() {
        await reverting.check();
        throw new Error('cannot write the outcome record: no space left on device');
      },
    };
    const store = createAppStore({ source });
    const a = store.getState().actions;
    a.readEarly();
    await a.checkPendingAtStart();
    await a.load();
    expect(store.getState().notice).toMatch(/^cannot check for a pending commit: /);
    expect(currentChain(store.getState())?.rules).toHaveLength(0);
  });

  it('of another family than the one shown is not taken', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V4() });
    const store = createAppStore({ source });
    const a = store.getState().actions;
    a.readEarly();
    store.setState({ family: 'ipv6' });
    await a.load();
    expect(source.reads).toBe(2);
    expect(store.getState().family).toBe('ipv6');
  });
});
