/** The view reads the namespace's routing lazily: only for rules that rewrite destinations, once per read of them. */
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';

const DNAT = RULES_V4().replace(
  ':POSTROUTING ACCEPT [0:0]\n',
  ':POSTROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n',
);

async function view(rules: string) {
  const source = new FakeSource(true, { ipv4: rules });
  const reads = vi.fn(async () => ({ forwarding: false, routes: [] }));
  source.routing = reads;
  let clock = 1000;
  const store = createAppStore({ source, now: () => clock++ });
  await store.getState().actions.load();
  const trace = async () => {
    expect(store.getState().actions.runTrace('-p tcp -s 192.0.2.9 -d 10.0.0.1 --dport 8080 -i eth0')).toBeNull();
    await vi.waitFor(() => expect(store.getState().notice).toMatch(/^(ACCEPT|DROP|REJECT) by |^uncertain/));
    return store.getState().notice;
  };
  return { store, reads, trace };
}

describe('routing for the view', () => {
  it('is not read at load, read at the first T, kept until the rules are read again', async () => {
    const { store, reads, trace } = await view(DNAT);
    expect(reads).not.toHaveBeenCalled();
    await trace();
    await trace();
    expect(reads).toHaveBeenCalledTimes(1);
    await store.getState().actions.refresh();
    await trace();
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('is never read for rules that rewrite no destination', async () => {
    const { reads, trace } = await view(RULES_V4());
    await trace();
    expect(reads).not.toHaveBeenCalled();
  });

  it('an answer that comes after the view moved to another family is dropped, and says so', async () => {
    const source = new FakeSource(true, { ipv4: DNAT, ipv6: RULES_V6 });
    let answer: () => void = () => {};
    source.routing = () => new Promise((resolve) => (answer = () => resolve({ forwarding: true, routes: [] })));
    const store = createAppStore({ source });
    await store.getState().actions.load();
    expect(store.getState().actions.runTrace('-p tcp -s 192.0.2.9 -d 10.0.0.1 --dport 8080 -i eth0')).toBeNull();
    expect(store.getState().notice).toBe("tracing: reading the namespace's routes…");
    store.setState({ family: 'ipv6' });
    answer();
    await vi.waitFor(() => expect(store.getState().notice).toBe('trace dropped: another family is on screen'));
    expect(store.getState().trace).toBeNull();
  });
});
