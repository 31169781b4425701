/**
 * `fwtui exposure` on a live namespace (issue #18): real listeners (TCP on 0.0.0.0, 127.0.0.1, one
 * interface's address and ::, UDP), real INPUT rules, nft and legacy, IPv4 and IPv6. The verdicts for the
 * local ports, the process behind each socket, the nft table iptables does not show, and the exit code.
 * (The probe lab that checks every verdict against real traffic is test/integration/exposure-lab*.)
 */
import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExposureEntry, ExposureReport } from '../../src/domain/exposure/exposure-entry.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

// The container's replies need their own way back through FORWARD: exposure traces them too.
const FORWARD_9090 = [
  '-A FORWARD -d 172.19.0.5/32 -p tcp -m tcp --dport 80 -j ACCEPT',
  '-A FORWARD -s 172.19.0.5/32 -p tcp -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
].join('\n');
const DNAT_9090 = '-A PREROUTING -i vo+ -p tcp -m tcp --dport 9090 -j DNAT --to-destination 172.19.0.5:80';
const rules = (allowed: string, family: 'v4' | 'v6') => `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 8080 -j REDIRECT --to-ports 8443
${family === 'v4' ? `${DNAT_9090}\n` : ''}COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -s ${allowed} -p tcp -m tcp --dport 5432 -j ACCEPT
-A INPUT -p udp -m udp --dport 53 -j REJECT${family === 'v4' ? '' : ' --reject-with icmp6-port-unreachable'}
-A INPUT -p tcp -m tcp --dport 8443 -j ACCEPT
${family === 'v4' ? `${FORWARD_9090}\n` : ''}COMMIT
`;

// One node process holds every socket: its comm is "node" (the process fwtui must name).
const SERVER = `
const net = require('node:net'), dgram = require('node:dgram');
const tcp = [[22, '0.0.0.0'], [5432, '0.0.0.0'], [631, '127.0.0.1'], [7000, '172.19.0.1'], [8443, '::'],
  [22, '::1'], [5432, 'fd00:e::1']];
let n = 0; const up = () => { if (++n === tcp.length + 1) console.log('ready'); };
for (const [port, host] of tcp)
  net.createServer().listen({ port, host, ipv6Only: host !== '::' && host.includes(':') }, up);
dgram.createSocket('udp4').bind(53, '0.0.0.0', up);
setTimeout(() => process.exit(0), 120000);
`;

describe.runIf(available)('fwtui exposure on a live namespace', () => {
  let ns: TestNetns;
  let server: ResultPromise | undefined;
  let dir = '';
  let outside = '';

  beforeAll(async () => {
    ns = await createNetns();
    dir = await mkdtemp(join(tmpdir(), 'fwtui-exposure-'));
    const tag = randomBytes(2).toString('hex');
    outside = `vo${tag}`;
    const docker = `vd${tag}`;
    await ns.exec(['ip', 'link', 'add', outside, 'type', 'veth', 'peer', 'name', docker]);
    await ns.exec(['ip', 'addr', 'add', '10.1.1.1/24', 'dev', outside]);
    await ns.exec(['ip', 'addr', 'add', 'fd00:e::1/64', 'dev', outside, 'nodad']);
    await ns.exec(['ip', 'addr', 'add', '172.19.0.1/16', 'dev', docker]);
    for (const dev of [outside, docker]) await ns.exec(['ip', 'link', 'set', dev, 'up']);
    server = execa('ip', ['netns', 'exec', ns.name, process.execPath, '-e', SERVER], { reject: false });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      server!.catch(reject);
      setTimeout(() => reject(new Error('the listeners did not start')), 10_000);
    });
    await writeFile(join(dir, 'expected'), '# all meant to be open\ntcp/22\ntcp/5432\ntcp/8443\ntcp/8080\ntcp/9090\n');
    await writeFile(join(dir, 'ssh-only'), 'tcp/22\n');
  }, 30_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await server?.catch(() => {});
    await ns?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const variant of ['nft', 'legacy'] as const) {
    describe(variant, () => {
      const report = async (...args: string[]) => {
        const r = await runCli(['exposure', '--netns', ns.name, '--backend', variant, '--json', ...args]);
        expect(r.stderr).toBe('');
        return { code: r.exitCode, report: JSON.parse(r.stdout) as ExposureReport };
      };
      const on = (r: ExposureReport, iface: string, proto: string, port: number, bind?: string): ExposureEntry => {
        const e = r.entries.find(
          (x) => x.interface === iface && x.proto === proto && x.port === port && (!bind || x.bind === bind),
        );
        if (!e) throw new Error(`no entry ${proto}/${port} on ${iface}: ${JSON.stringify(r.entries)}`);
        return e;
      };

      beforeAll(async () => {
        for (const other of ['nft', 'legacy']) {
          await ns.exec([`iptables-${other}`, '-F']).catch(() => {});
          await ns.exec([`ip6tables-${other}`, '-F']).catch(() => {});
          await ns.exec([`iptables-${other}`, '-t', 'nat', '-F']).catch(() => {});
          await ns.exec([`ip6tables-${other}`, '-t', 'nat', '-F']).catch(() => {});
          await ns.exec([`iptables-${other}`, '-P', 'INPUT', 'ACCEPT']).catch(() => {});
          await ns.exec([`ip6tables-${other}`, '-P', 'INPUT', 'ACCEPT']).catch(() => {});
        }
        await ns.exec([`iptables-${variant}-restore`], rules('192.0.2.0/24', 'v4'));
        await ns.exec([`ip6tables-${variant}-restore`], rules('2001:db8:1::/48', 'v6'));
      }, 30_000);

      it('IPv4: open, open-from, filtered, local-only, each with the rule that decides and the process', async () => {
        const { code, report: r } = await report('-4');
        expect(r.family).toBe('ipv4');
        expect(r.interfaces).toContain(outside);
        expect(on(r, outside, 'tcp', 22)).toMatchObject({
          verdict: 'open',
          via: 'local',
          process: 'node',
          from: ['0.0.0.0/0'],
          decided_by: { table: 'filter', chain: 'INPUT', num: 2, rule: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT' },
        });
        expect(on(r, outside, 'tcp', 5432)).toMatchObject({ verdict: 'open-from', from: ['192.0.2.0/24'] });
        expect(on(r, outside, 'udp', 53)).toMatchObject({
          verdict: 'filtered',
          decided_by: { num: 4 },
          process: 'node',
        });
        expect(on(r, outside, 'tcp', 631)).toMatchObject({ verdict: 'local-only', bind: '127.0.0.1' });
        // Another interface's address meets the rules like any (weak host model): INPUT's policy drops it.
        expect(on(r, outside, 'tcp', 7000)).toMatchObject({ verdict: 'filtered', decided_by: { policy: 'INPUT' } });
        // A socket on :: takes IPv4 too (bindv6only is 0 here), and keeps its bind.
        expect(on(r, outside, 'tcp', 8443)).toMatchObject({ verdict: 'open', bind: '::', process: 'node' });
        // REDIRECT: the packet reaches INPUT as one to port 8443, accepted there.
        expect(on(r, outside, 'tcp', 8080)).toMatchObject({
          via: 'dnat',
          to: ':8443',
          process: 'node',
          verdict: 'open',
          decided_by: { chain: 'INPUT', num: 5 },
        });
        expect(code).toBe(1);
      });

      it('a port DNATed to a host behind: open through FORWARD; forwarding off: routing decides', async () => {
        await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
        const { report: on1 } = await report('-4');
        expect(on(on1, outside, 'tcp', 9090)).toMatchObject({
          via: 'dnat',
          to: '172.19.0.5:80',
          verdict: 'open',
          decided_by: { chain: 'FORWARD', num: 1 },
        });
        await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']);
        const { report: off } = await report('-4');
        expect(on(off, outside, 'tcp', 9090)).toMatchObject({
          verdict: 'filtered',
          decided_by: { routing: expect.any(String) },
        });
      });

      it('IPv6: the same rules for v6, a socket on ::1 local-only', async () => {
        const { report: r } = await report('-6');
        expect(r.family).toBe('ipv6');
        expect(on(r, outside, 'tcp', 22, '::1')).toMatchObject({ verdict: 'local-only' });
        expect(on(r, outside, 'tcp', 5432)).toMatchObject({ verdict: 'open-from', from: ['2001:db8:1::/48'] });
        expect(on(r, outside, 'tcp', 8443)).toMatchObject({ verdict: 'open', from: ['::/0'], process: 'node' });
        expect(r.entries.some((e) => e.proto === 'udp')).toBe(false);
      });

      it('--expect: exit 0 when every open port is listed, 1 naming the one that is not', async () => {
        const ok = await runCli([
          'exposure',
          '--netns',
          ns.name,
          '--backend',
          variant,
          '--expect',
          join(dir, 'expected'),
        ]);
        expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
        expect(ok.stdout).toContain('everything open is in');
        const bad = await runCli([
          'exposure',
          '--netns',
          ns.name,
          '--backend',
          variant,
          '--expect',
          join(dir, 'ssh-only'),
        ]);
        expect(bad.exitCode).toBe(1);
        expect(bad.stdout.replace(/\n\s+/g, ' ')).toContain(`tcp/5432@${outside}`);
        for (const l of bad.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
      });
    });
  }

  it('an nftables table iptables does not show is named: open means "as far as iptables decides"', async () => {
    await ns.exec(['nft', 'add', 'table', 'inet', 'extra']);
    await ns.exec(['nft', 'add', 'chain', 'inet', 'extra', 'in', '{ type filter hook input priority 10; }']);
    try {
      const r = await runCli(['exposure', '--netns', ns.name, '--backend', 'nft', '--json']);
      expect((JSON.parse(r.stdout) as ExposureReport).otherTables).toEqual([
        { family: 'inet', name: 'extra', hooks: ['input (priority 10)'] },
      ]);
      const text = await runCli(['exposure', '--netns', ns.name, '--backend', 'nft']);
      expect(text.stdout.replace(/\n\s+/g, ' ')).toContain(
        'note: open as far as iptables decides: nft table inet extra also sees input (priority 10)',
      );
    } finally {
      await ns.exec(['nft', 'delete', 'table', 'inet', 'extra']);
    }
  });

  it('legacy and nft both holding rules is a warning in the report', async () => {
    await ns.exec(['iptables-legacy', '-A', 'INPUT', '-p', 'tcp', '--dport', '9', '-j', 'DROP']);
    await ns.exec(['iptables-nft', '-A', 'INPUT', '-p', 'tcp', '--dport', '9', '-j', 'DROP']);
    for (const variant of ['nft', 'legacy']) {
      const r = await runCli(['exposure', '--netns', ns.name, '--backend', variant, '--json']);
      const warnings = (JSON.parse(r.stdout) as ExposureReport).warnings ?? [];
      expect(warnings.join('\n'), variant).toMatch(/packets must pass both rulesets/);
    }
  });
});
