/** The view decides -m set from the namespace's sets, as `fwtui trace` does (T and the lockout check). */
import { describe, expect, it, vi } from 'vitest';
import { parseIpsetSave } from '../../../src/domain/sets/parse-ipset.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource } from '../../helpers/fake-source.js';

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m set --match-set blacklist src -j DROP
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

describe('sets in the view', () => {
  it('T: a source in the blacklist is dropped by rule 1, another reaches the SSH rule', async () => {
    const source = new FakeSource(true, { ipv4: RULES });
    const sets = parseIpsetSave('create blacklist hash:net family inet\nadd blacklist 203.0.113.0/24\n');
    source.sets = vi.fn(async () => ({ byName: new Map(sets.map((s) => [s.name, s])) }));
    const store = createAppStore({ source });
    await store.getState().actions.load();
    await vi.waitFor(() => expect(store.getState().sets).toBeDefined());
    expect(store.getState().actions.runTrace('-p tcp -s 203.0.113.5 --dport 22 -i eth0')).toBeNull();
    expect(store.getState().notice).toMatch(/^DROP by .*filter INPUT rule 1/);
    store.getState().actions.runTrace('-p tcp -s 198.51.100.7 --dport 22 -i eth0');
    expect(store.getState().notice).toMatch(/^ACCEPT by .*filter INPUT rule 2/);
  });

  it('sets that could not be read: T says uncertain and why, never a guess', async () => {
    const source = new FakeSource(true, { ipv4: RULES });
    source.sets = async () => ({ byName: null, unreadable: 'ipset is not installed: apt-get install ipset' });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    await vi.waitFor(() => expect(store.getState().sets).toBeDefined());
    store.getState().actions.runTrace('-p tcp -s 203.0.113.5 --dport 22 -i eth0');
    expect(store.getState().notice).toMatch(/^uncertain .*ipset is not installed: apt-get install ipset/);
  });
});
