/**
 * `fwtui exposure` for a socket bound to another interface's address (tryout 18, item 1): Linux answers for
 * its addresses on every interface (weak host model), so a neighbour on the outside link that routes that
 * address to the host reaches it when the rules accept. Real traffic between two namespaces checks each
 * verdict, on nft and legacy.
 */
import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExposureEntry, ExposureReport } from '../../src/domain/exposure/exposure-entry.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();
const PROBE = join(import.meta.dirname, '..', 'helpers', 'probe.mjs');

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 7000 -j ACCEPT
COMMIT
`;

const SERVER = `
const net = require('node:net');
let n = 0;
for (const port of [7000, 7001])
  net.createServer((c) => c.destroy()).listen({ port, host: '10.77.2.1' }, () => ++n === 2 && console.log('ready'));
setTimeout(() => process.exit(0), 120000);
`;

describe.runIf(available)("exposure: a socket on another interface's address, probed for real", () => {
  let host: TestNetns;
  let peer: TestNetns;
  let server: ResultPromise | undefined;
  const tag = randomBytes(2).toString('hex');
  const outside = `eo${tag}`;
  const inner = `ib${tag}`;
  let sport = 41000;

  beforeAll(async () => {
    host = await createNetns();
    peer = await createNetns();
    await host.exec(['ip', 'link', 'add', outside, 'type', 'veth', 'peer', 'name', `ep${tag}`]);
    await host.exec(['ip', 'link', 'set', `ep${tag}`, 'netns', peer.name]);
    await host.exec(['ip', 'link', 'add', inner, 'type', 'veth', 'peer', 'name', `ic${tag}`]);
    await host.exec(['ip', 'addr', 'add', '10.1.1.1/24', 'dev', outside]);
    await host.exec(['ip', 'addr', 'add', '10.77.2.1/24', 'dev', inner]);
    for (const dev of [outside, inner, `ic${tag}`, 'lo']) await host.exec(['ip', 'link', 'set', dev, 'up']);
    await peer.exec(['ip', 'addr', 'add', '10.1.1.2/24', 'dev', `ep${tag}`]);
    for (const dev of [`ep${tag}`, 'lo']) await peer.exec(['ip', 'link', 'set', dev, 'up']);
    // The neighbour routes the inner address to the host: what a sender on the link can do.
    await peer.exec(['ip', 'route', 'add', '10.77.2.1/32', 'via', '10.1.1.1']);
    server = execa('ip', ['netns', 'exec', host.name, process.execPath, '-e', SERVER], { reject: false });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      server!.catch(reject);
      setTimeout(() => reject(new Error('the listeners did not start')), 10_000);
    });
  }, 30_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await server?.catch(() => {});
    await host?.remove();
    await peer?.remove();
  });

  const probe = async (port: number): Promise<string> =>
    (await peer.exec([process.execPath, PROBE, 'tcp', '10.1.1.2', String(sport++), '10.77.2.1', String(port)])).trim();

  for (const variant of ['nft', 'legacy'] as const) {
    it(`${variant}: accepted → open with how it is reached (a probe connects); not accepted → filtered`, async () => {
      for (const other of ['nft', 'legacy']) {
        await host.exec([`iptables-${other}`, '-F']).catch(() => {});
        await host.exec([`iptables-${other}`, '-P', 'INPUT', 'ACCEPT']).catch(() => {});
      }
      await host.exec([`iptables-${variant}-restore`], RULES);
      const r = await runCli(['exposure', '--netns', host.name, '--backend', variant, '--json', '-4']);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as ExposureReport;
      const on = (port: number): ExposureEntry | undefined =>
        report.entries.find((e) => e.interface === outside && e.port === port);
      expect(on(7000)).toMatchObject({
        verdict: 'open',
        bind: '10.77.2.1',
        decided_by: { table: 'filter', chain: 'INPUT', num: 3 },
      });
      expect(on(7000)?.reason).toContain(`bound to ${inner}'s address 10.77.2.1: reached through ${outside}`);
      expect(await probe(7000)).toBe('connected');
      expect(on(7001)).toMatchObject({ verdict: 'filtered', decided_by: { policy: 'INPUT' } });
      expect(await probe(7001)).toBe('timeout');
    }, 30_000);
  }
});
