/**
 * Docker's "127.0.0.1-only" publish (issue #18, real Docker test): the internet cannot send to 127.0.0.1 here,
 * so it stays local-only; but Docker 20.10 DNATs and forwards a packet to 127.0.0.1 that a neighbour on the
 * link sends in (the kernel counted it), and the reason must say so. Docker 28's raw PREROUTING drop closes it.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from '../../../../src/domain/analysis/routing.js';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { exposureReport } from '../../../../src/domain/exposure/exposure-report.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const route = (destination: string, device: string): Route => ({ destination, device, type: 'unicast', metric: 0 });

/** A Docker host of a fixture: the WAN interface and docker0 (where the 5353 container lives). */
function report(fixture: string, wan: string, bridge: string, net: string) {
  const f = loadFixtures().find((x) => x.name === fixture)!;
  const rules = parseSave(f.save, { family: 'ipv4' });
  const locals = [
    { iface: 'lo', address: '127.0.0.1', prefix: 8 },
    { iface: wan, address: '198.51.100.1', prefix: 24 },
    { iface: bridge, address: `${net}.0.1`, prefix: 16 },
  ];
  const routing = { forwarding: true, routes: [route('198.51.100.0/24', wan), route(`${net}.0.0/16`, bridge)] };
  return exposureReport({
    ruleset: { ...rules, localAddresses: locals, routing },
    interfaces: [wan],
    locals,
    listeners: [],
    dnat: dnatPorts(rules, 'ipv4'),
  });
}

describe('udp 5353 published on 127.0.0.1 only', () => {
  it('Docker 20.10: local-only, but a neighbour on the link sending to 127.0.0.1 is forwarded to the container', () => {
    const e = report('docker-20.10.v4', 'wan0', 'docker0', '10.218').entries.find((x) => x.port === 5353);
    expect(e).toMatchObject({ via: 'dnat', verdict: 'local-only', to: '10.218.0.3:67' });
    expect(e?.reason).toBe(
      'bound to 127.0.0.1 (loopback): not from the internet; a neighbour on the same link (wan0) sending to ' +
        '127.0.0.1 is forwarded to 10.218.0.3:67 (no raw PREROUTING drop as Docker 28 adds)',
    );
  });

  it("Docker 28: local-only, and the neighbour's packet is dropped in raw PREROUTING: no such note", () => {
    const e = report('docker-28.v4', 'eth0', 'docker0', '172.17').entries.find((x) => x.port === 5353);
    expect(e).toMatchObject({ via: 'dnat', verdict: 'local-only', to: '172.17.0.2:53' });
    expect(e?.reason).toBe('bound to 127.0.0.1 (loopback)');
  });
});
