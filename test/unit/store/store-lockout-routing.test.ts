/**
 * The review's lockout check knows where a DNAT sends SSH, as `fwtui trace` does: the namespace's addresses and
 * routing (read from the source only when a nat rule rewrites destinations) decide the staged DNAT of port 22.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Protect } from '../../../src/domain/analysis/lockout.js';
import { parseAddressLines } from '../../../src/domain/analysis/local-addresses.js';
import { parseRouteLines, type RoutingFacts } from '../../../src/domain/analysis/routing.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { commitOf } from '../../../src/store/selectors.js';
import { FakeSource } from '../../helpers/fake-source.js';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
`;
const ME: Protect = {
  how: 'own',
  sshPorts: [22],
  sessions: [
    {
      family: 'ipv4',
      client: '203.0.113.9',
      clientPort: 50000,
      server: '10.0.0.1',
      serverPort: 22,
      inInterface: 'eth0',
    },
  ],
};
const ADDRESSES =
  '1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.0.0.1/24 scope global eth0\n' +
  '3: docker0    inet 172.17.0.1/16 scope global docker0\n';
const ROUTES = 'default via 10.0.0.254 dev eth0\n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\n';

async function review(routing: RoutingFacts | 'none', stage: string) {
  const source = new FakeSource(true, { ipv4: RULES });
  source.protect = async () => ME;
  source.localAddresses = async () => parseAddressLines(ADDRESSES);
  const reads = vi.fn(async () => (routing === 'none' ? null : routing));
  if (routing !== 'none') source.routing = reads;
  const store = createAppStore({ source });
  const a = store.getState().actions;
  await a.load();
  await vi.waitFor(() => expect(store.getState().localAddresses).toBeDefined());
  expect(await a.runCommands(stage)).toBeNull();
  a.openCommit();
  await a.checkLockout();
  return { check: commitOf(store.getState())?.lockout, reads };
}

const DNAT_SSH = 'iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 22 -j DNAT --to-destination 172.17.0.2:22';

describe('the lockout check with the namespace routing', () => {
  it('forwarding on: the staged DNAT sends SSH to 172.17.0.2 and forwards it, away from sshd', async () => {
    const { check, reads } = await review({ forwarding: true, routes: parseRouteLines(ROUTES) }, DNAT_SSH);
    expect(reads).toHaveBeenCalledWith('ipv4');
    expect(check?.warnings.join('\n')).toMatch(/DNAT'd by nat PREROUTING rule 1 to 172\.17\.0\.2:22 and forwarded/);
    expect(check?.warnings.join('\n')).not.toMatch(/not known|uncertain/);
  });

  it('forwarding off: routing drops it, said as such', async () => {
    const { check } = await review({ forwarding: false, routes: parseRouteLines(ROUTES) }, DNAT_SSH);
    expect(check?.warnings.join('\n')).toMatch(/forwarding is off/);
    expect(check?.warnings.join('\n')).not.toMatch(/not known|uncertain/);
  });

  it('without routing (a saved file): uncertain, naming what is not known', async () => {
    const { check } = await review('none', DNAT_SSH);
    expect(check?.warnings.join('\n')).toMatch(/whether the namespace forwards packets is not known/);
  });

  it('no rule rewrites destinations: routing is not read', async () => {
    const { check, reads } = await review(
      { forwarding: true, routes: [] },
      'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
    );
    expect(reads).not.toHaveBeenCalled();
    expect(check?.warnings).toEqual([]);
  });
});

describe("p on INPUT: the DROP advice knows the namespace's routing", () => {
  const DNAT_RUNNING = RULES.replace(
    ':POSTROUTING ACCEPT [0:0]\n',
    ':POSTROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport 22 -j DNAT --to-destination 172.17.0.2:22\n',
  ).replace(':INPUT DROP', ':INPUT ACCEPT');

  async function advise(routing: RoutingFacts | 'none') {
    const source = new FakeSource(true, { ipv4: DNAT_RUNNING });
    source.localAddresses = async () => parseAddressLines(ADDRESSES);
    if (routing !== 'none') source.routing = async () => routing;
    const store = createAppStore({ source });
    const a = store.getState().actions;
    await a.load();
    await vi.waitFor(() => expect(store.getState().localAddresses).toBeDefined());
    a.askPolicy();
    await new Promise((r) => setTimeout(r, 10));
    const o = store.getState().overlay;
    return o?.kind === 'policy' ? o.advice : 'no policy question';
  }

  it("forwarding off: new SSH is DNAT'd away and dropped by routing, said in the prompt", async () => {
    const advice = await advise({ forwarding: false, routes: parseRouteLines(ROUTES) });
    expect(advice).toMatchObject({ warning: expect.stringMatching(/routing stops it \(forwarding is off/) });
  });

  it('without routing: no claim either way', async () => {
    expect(await advise('none')).toBeNull();
  });
});
