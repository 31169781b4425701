/**
 * The view's T follows a DNAT as `fwtui trace` does: with the namespace's routing from the source (forwarding,
 * routes), a Docker-style published port is decided in FORWARD or dropped by routing; a source without routing
 * (a saved file) leaves it uncertain, saying what is not known.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseAddressLines } from '../../../src/domain/analysis/local-addresses.js';
import { parseRouteLines, type RoutingFacts } from '../../../src/domain/analysis/routing.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const RULES = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -d 172.17.0.2/32 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
`;
const ADDRESSES =
  '1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.0.0.1/24 scope global eth0\n' +
  '3: docker0    inet 172.17.0.1/16 scope global docker0\n';
const ROUTES = 'default via 10.0.0.254 dev eth0\n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\n';
const PACKET = '-p tcp -s 192.0.2.9 -d 10.0.0.1 --dport 8080 -i eth0';

async function traced(routing: RoutingFacts | 'none') {
  const source = new FakeSource(true, { ipv4: RULES });
  source.localAddresses = async () => parseAddressLines(ADDRESSES);
  const reads = vi.fn(async () => (routing === 'none' ? null : routing));
  if (routing !== 'none') source.routing = reads;
  const { store, press, waitFor } = await renderApp(source, { columns: 120, rows: 30 });
  await vi.waitFor(() => expect(store.getState().localAddresses).toBeDefined());
  // Nothing read before the first frame: routing is read when T needs it.
  expect(reads).not.toHaveBeenCalled();
  await press('T', (f) => f.includes('Packet (-p tcp'), 'the packet prompt');
  await press(PACKET, (f) => f.includes('--dport 8080 -i eth0'), 'typed');
  await press('\r', (f) => !f.includes('Packet (-p tcp'), 'the prompt closed');
  const frame = await waitFor((f) => /(ACCEPT|DROP|uncertain) (by|at|:)/.test(f), 'the verdict');
  return { frame, reads, store };
}

describe("T on a DNAT'd port knows the namespace's routing", () => {
  it('forwarding on: the packet goes through FORWARD out of docker0, ACCEPT by the FORWARD rule', async () => {
    const { frame, reads, store } = await traced({ forwarding: true, routes: parseRouteLines(ROUTES) });
    // The verdict once, and the DNAT that explains why a packet to 8080 ends at a rule for port 80.
    expect(frame).toContain('ACCEPT by filter FORWARD rule 1 after nat PREROUTING rule 1 DNAT → 172.17.0.2:80');
    expect(frame).not.toContain('ACCEPT: ACCEPT');
    expect(frame).toContain('Chain FORWARD');
    expect(reads).toHaveBeenCalledWith('ipv4');
    expect(store.getState().trace?.path.map((r) => `${r.table} ${r.chain}`)).toEqual([
      'nat PREROUTING',
      'filter FORWARD',
    ]);
  });

  it('forwarding off: DROP by routing, saying why', async () => {
    const { frame } = await traced({ forwarding: false, routes: parseRouteLines(ROUTES) });
    expect(frame).toContain('DROP by routing: forwarding is off (172.17.0.2 is not an address of this machine)');
    expect(frame).not.toContain('DROP: DROP');
  });

  it('a source without routing (a saved file): uncertain, naming what is not known, as before', async () => {
    const { frame } = await traced('none');
    expect(frame).toContain('uncertain');
    expect(frame).not.toContain('UNCERTAIN: uncertain');
    expect(frame).toContain('whether the namespace forwards packets is not known');
  });
});
