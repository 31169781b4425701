/**
 * Internal bridges (issue #18, real Docker test): docker0 holds only the containers' veths and no route to the
 * internet leaves by it, so nothing from the internet arrives there; its entries are local-only, not counted
 * by --expect. A bridge with a physical port, or one the default route leaves by, stays external.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Route } from '../../../../src/domain/analysis/routing.js';
import { dnatPorts } from '../../../../src/domain/exposure/dnat-ports.js';
import { unexpectedOpen } from '../../../../src/domain/exposure/expect-list.js';
import { exposureReport, type ExposureFacts } from '../../../../src/domain/exposure/exposure-report.js';
import { type Link, parseLinks } from '../../../../src/domain/exposure/internal-bridges.js';
import type { Listener } from '../../../../src/domain/exposure/listeners.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

/** `ip -o -d link show` of a namespace with a bridge, a veth in it, a tap in it, and the veth's peer (trimmed). */
const LINK_TEXT = [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\' +
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 ',
  '2: br0: <BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\\' +
    '    link/ether 0e:6c:ae:52:03:d2 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    bridge forward_delay 1500',
  '3: v1@v0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\' +
    '    link/ether da:b2:c7:3f:3c:c5 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    veth addrgenmode eui64 ',
  '4: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default\\' +
    '    link/ether 0e:6c:ae:52:03:d2 brd ff:ff:ff:ff:ff:ff promiscuity 1 \\    veth \\    bridge_slave state disabled',
  '5: tap0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000\\' +
    '    link/ether 16:96:93:fb:b2:f9 brd ff:ff:ff:ff:ff:ff promiscuity 1 \\    tun type tap pi off vnet_hdr off \\' +
    '    bridge_slave state disabled priority 32',
  '6: eno1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master br1 state UP mode DEFAULT group default\\' +
    '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff promiscuity 1 \\    bridge_slave state forwarding',
  '',
].join('\n');

describe('the links of a namespace (ip -o -d link show)', () => {
  it('names each link with its kind (tap for a tun in tap mode; none for a physical one) and its master', () => {
    expect(parseLinks(LINK_TEXT)).toEqual([
      { name: 'lo', kind: null, master: null },
      { name: 'br0', kind: 'bridge', master: null },
      { name: 'v1', kind: 'veth', master: null },
      { name: 'v0', kind: 'veth', master: 'br0' },
      { name: 'tap0', kind: 'tap', master: 'br0' },
      { name: 'eno1', kind: null, master: 'br1' },
    ]);
  });
});

const listen = (proto: 'tcp' | 'udp', port: number, address: string, process: string | null): Listener => ({
  proto,
  family: 'ipv4',
  address,
  port,
  inode: port,
  process,
});
const route = (destination: string, device: string): Route => ({ destination, device, type: 'unicast', metric: 0 });

describe('a Docker host: docker0 holds only veths and the default route leaves by eth0', () => {
  const docker = parseSave(readFileSync('test/fixtures/docker-style.v4.save', 'utf8'));
  const locals = [
    { iface: 'lo', address: '127.0.0.1', prefix: 8 },
    { iface: 'eth0', address: '203.0.113.10', prefix: 24 },
    { iface: 'docker0', address: '172.17.0.1', prefix: 16 },
  ];
  const routing = { forwarding: true, routes: [route('default', 'eth0'), route('172.17.0.0/16', 'docker0')] };
  const links: Link[] = [
    { name: 'eth0', kind: null, master: null },
    { name: 'docker0', kind: 'bridge', master: null },
    { name: 'veth1a2b', kind: 'veth', master: 'docker0' },
    { name: 'veth3c4d', kind: 'veth', master: 'docker0' },
  ];
  const report = (over: Partial<ExposureFacts> = {}) =>
    exposureReport({
      ruleset: { ...docker, localAddresses: locals, routing },
      interfaces: ['eth0', 'docker0'],
      locals,
      listeners: [listen('tcp', 8080, '0.0.0.0', 'docker-proxy'), listen('tcp', 22, '0.0.0.0', 'sshd')],
      dnat: dnatPorts(docker, 'ipv4'),
      links,
      routing,
      ...over,
    });
  const on = (r: ReturnType<typeof report>, iface: string, port: number) =>
    r.entries.find((e) => e.interface === iface && e.port === port && e.via === 'local');

  it('docker-proxy on docker0: local-only, the reason names the bridge; --expect does not count it', () => {
    const r = report();
    expect(on(r, 'docker0', 8080)).toMatchObject({
      verdict: 'local-only',
      reason:
        'docker0 is an internal bridge (ports: veth only, no route to the internet): reached from the ' +
        'containers on it, not from the internet (assuming no guest on it routes packets from elsewhere in)',
    });
    expect(on(r, 'docker0', 22)?.verdict).toBe('local-only');
    const open = unexpectedOpen(r.entries, []).map((e) => `${e.proto}/${e.port}@${e.interface}`);
    expect(open.filter((x) => x.endsWith('@docker0'))).toEqual([]);
    expect(open).toContain('tcp/22@eth0');
  });

  it('a bridge with a physical port stays external (open)', () => {
    const r = report({ links: [...links, { name: 'eno1', kind: null, master: 'docker0' }] });
    expect(on(r, 'docker0', 8080)?.verdict).toBe('open');
  });

  it('a bridge the default route leaves by stays external (open)', () => {
    const routes = [route('default', 'docker0'), route('203.0.113.0/24', 'eth0')];
    expect(on(report({ routing: { forwarding: true, routes } }), 'docker0', 8080)?.verdict).toBe('open');
  });

  it("a bridge the route to the report's internet address leaves by stays external (no default route)", () => {
    const routes = [route('0.0.0.0/1', 'docker0'), route('128.0.0.0/1', 'docker0'), route('203.0.113.0/24', 'eth0')];
    expect(on(report({ routing: { forwarding: true, routes } }), 'docker0', 8080)?.verdict).toBe('open');
  });

  it('routes or links that could not be read: nothing is assumed internal', () => {
    expect(on(report({ routing: { forwarding: true, routes: null } }), 'docker0', 8080)?.verdict).toBe('open');
    expect(on(report({ links: undefined }), 'docker0', 8080)?.verdict).toBe('open');
  });
});
