/** The view's T knows which addresses are the namespace's, as `fwtui trace` does: no verdict for a path not taken. */
import { describe, expect, it, vi } from 'vitest';
import { parseAddressLines } from '../../../src/domain/analysis/local-addresses.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource } from '../../helpers/fake-source.js';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i eth0 -m addrtype --src-type LOCAL -j DROP
-A INPUT -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
`;
const ADDRESSES =
  '1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0\n';

async function viewWith(addresses: boolean) {
  const source = new FakeSource(true, { ipv4: RULES });
  if (addresses) source.localAddresses = vi.fn(async () => parseAddressLines(ADDRESSES));
  const store = createAppStore({ source });
  await store.getState().actions.load();
  if (addresses) await vi.waitFor(() => expect(store.getState().localAddresses).toBeDefined());
  return store;
}

describe('T with the namespace addresses', () => {
  it("a packet to an address that is not the namespace's: says so, no verdict", async () => {
    const store = await viewWith(true);
    const error = store.getState().actions.runTrace('-p tcp -s 192.0.2.9 -d 172.19.0.5 --dport 80 -i eth0');
    expect(error).toMatch(/^172\.19\.0\.5 is not an address of this machine: .*--direction forward/);
    expect(store.getState().trace).toBeNull();
  });

  it('to one of its addresses: addrtype LOCAL is decided with them', async () => {
    const store = await viewWith(true);
    expect(store.getState().actions.runTrace('-p tcp -s 192.0.2.9 -d 10.0.0.1 --dport 80 -i eth0')).toBeNull();
    expect(store.getState().notice).toMatch(/^ACCEPT by .*filter INPUT rule 2/);
    // Our own address as the source, arriving from outside: spoofed, and rule 1 knows it is ours.
    expect(store.getState().actions.runTrace('-p tcp -s 10.0.0.1 -d 10.0.0.1 --dport 80 -i eth0')).toBeNull();
    expect(store.getState().notice).toMatch(/^DROP by .*filter INPUT rule 1/);
  });

  it('without them (a saved file): a source address type stays uncertain, never a guess', async () => {
    const store = await viewWith(false);
    store.getState().actions.runTrace('-p tcp -s 10.0.0.1 -d 10.0.0.1 --dport 80 -i eth0');
    expect(store.getState().notice).toMatch(/^uncertain /);
  });

  it('a packet whose -o makes it forwarded or sent is traced as that, with no "add --direction"', async () => {
    const store = await viewWith(true);
    expect(
      store.getState().actions.runTrace('-p tcp -s 192.0.2.9 -d 172.19.0.5 --dport 80 -i eth0 -o eth1'),
    ).toBeNull();
    expect(store.getState().notice).toMatch(/^ACCEPT by .*policy of filter FORWARD/);
    expect(store.getState().actions.runTrace('-p tcp -d 172.19.0.5 --dport 80 -o eth0')).toBeNull();
    expect(store.getState().notice).toMatch(/^ACCEPT by .*policy of filter OUTPUT/);
  });

  it('--direction forward is traced as asked', async () => {
    const store = await viewWith(true);
    expect(
      store
        .getState()
        .actions.runTrace('-p tcp -s 192.0.2.9 -d 172.19.0.5 --dport 80 -i eth0 -o eth1 --direction forward'),
    ).toBeNull();
    expect(store.getState().notice).toMatch(/^ACCEPT by .*policy of filter FORWARD/);
  });
});
