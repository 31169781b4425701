/**
 * `fwtui trace` on a live namespace knows which addresses are the namespace's own (issue #14, tryout 1):
 * a packet to an address that is not local is never traced as "to this machine", and
 * `-m addrtype --dst-type LOCAL` is decided with the namespace's addresses; the view's T follows a DNAT with the
 * namespace's routing as trace does. Real iptables, nft and legacy.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { createIptables } from '../../src/backend/iptables.js';
import { listAddresses } from '../../src/backend/local-addresses.js';
import { readRouting } from '../../src/backend/routing-facts.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

// Docker-style: nat PREROUTING jumps to DOCKER for local destinations; DOCKER-USER drops web traffic forwarded.
const RULES = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.19.0.5:80
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A DOCKER-USER -p tcp -m tcp --dport 80 -j DROP
COMMIT
`;

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`trace knows the namespace's own addresses (${variant})`, () => {
    let ns: TestNetns;
    let outside = '';
    const trace = (...words: string[]) =>
      runCli(['trace', '--netns', ns.name, '--backend', variant, '-p', 'tcp', '-s', '10.1.1.5', ...words]);

    beforeAll(async () => {
      ns = await createNetns();
      const tag = randomBytes(2).toString('hex');
      outside = `vo${tag}`;
      const docker = `vd${tag}`;
      await ns.exec(['ip', 'link', 'add', outside, 'type', 'veth', 'peer', 'name', docker]);
      await ns.exec(['ip', 'addr', 'add', '10.1.1.1/24', 'dev', outside]);
      await ns.exec(['ip', 'addr', 'add', '172.19.0.1/16', 'dev', docker]);
      for (const dev of [outside, docker]) await ns.exec(['ip', 'link', 'set', dev, 'up']);
      await ns.exec([`iptables-${variant}-restore`], RULES);
    }, 30_000);

    afterAll(async () => {
      await ns?.remove();
    });

    it('to a foreign address, forwarding off: uncertain (exit 3), saying why, never "to this machine"', async () => {
      await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']);
      const r = await trace('-d', '172.19.0.5', '--dport', '80');
      expect(r.exitCode, r.stdout + r.stderr).toBe(3);
      expect(r.stdout).toContain('172.19.0.5 is not an address of this machine');
      expect(r.stdout).toContain('--direction forward');
      expect(r.stdout).not.toContain('to this machine)');
      expect(r.stdout).not.toContain('ACCEPT by');
    });

    it('a packet to a foreign address, forwarding on: traced as forwarded, DROP by DOCKER-USER (exit 1)', async () => {
      await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
      const r = await trace('-d', '172.19.0.5', '--dport', '80');
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain('(through this machine)');
      expect(r.stdout).toContain('verdict: DROP by filter DOCKER-USER rule 1');
      expect(r.stdout).toContain('172.19.0.5 is not an address of this machine');
      expect(r.stdout).not.toMatch(/nat PREROUTING #1/);
    });

    it('--direction forward: addrtype LOCAL is decided (no "not known")', async () => {
      const r = await trace('-d', '172.19.0.5', '--dport', '80', '--direction', 'forward');
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).not.toContain('which addresses are local is not known');
      expect(r.stdout).not.toMatch(/nat PREROUTING #1/);
    });

    it('a packet to one of its addresses: to this machine, addrtype LOCAL matches', async () => {
      const r = await trace('-d', '172.19.0.1', '--dport', '80');
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('(to this machine)');
      expect(r.stdout).toMatch(/nat PREROUTING #1 +-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER/);
      expect(r.stdout).toContain('verdict: ACCEPT by the policy of filter INPUT');
    });

    it("the view's T on a DNAT'd port reads the namespace's routing: FORWARD if it forwards, else drop", async () => {
      const runner = createExecaRunner();
      const iptables = createIptables({ runner, netns: ns.name, variant });
      const source = liveSource(
        iptables,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        () => listAddresses(runner, ns.name),
        undefined,
        (family) => readRouting(runner, family, ns.name),
      );
      const store = createAppStore({ source });
      const a = store.getState().actions;
      const t = async (): Promise<string | null> => {
        a.runTrace(`-p tcp -s 10.1.1.5 -d 10.1.1.1 --dport 8080 -i ${outside}`);
        await vi.waitFor(() => expect(store.getState().notice).toMatch(/^(ACCEPT|DROP|REJECT) by |^uncertain/), 5000);
        return store.getState().notice;
      };
      await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
      await a.load();
      await vi.waitFor(() => expect(store.getState().localAddresses).toBeDefined(), 5000);
      expect(await t()).toMatch(/^DROP by filter DOCKER-USER rule 1/);
      await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']);
      await a.refresh(); // the routing read before it is stale once the rules are read again
      expect(await t()).toMatch(/^DROP by routing: forwarding is off \(172\.19\.0\.5 is not an address/);
    });
  });
}
