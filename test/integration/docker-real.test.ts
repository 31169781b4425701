/**
 * Real Docker, not only its layout (issue #18): Debian's docker.io runs inside a throwaway network
 * namespace (test/helpers/docker-lab.ts), with its rules written by dockerd itself through iptables-nft
 * and through iptables-legacy. A container publishes 8080 to everyone, another 5353/udp on 127.0.0.1
 * only. `fwtui exposure` must say 8080 is open via DNAT to the container and 5353 local-only; Docker's
 * DOCKER-USER fix (`--ctorigdstport 8080 -j DROP`, applied with `fwtui apply`) must close 8080 to an
 * "internet" namespace; and nothing of it may be left afterwards, nor reach this machine's firewall.
 * FWTUI_WRITE_FIXTURES=1 stores the daemon's dumps as test/fixtures/docker-20.10.v4/v6 (nft run).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import type { ExposureEntry, ExposureReport } from '../../src/domain/exposure/exposure-entry.js';
import { withoutCounters, writeDockerFixtures } from '../helpers/docker-fixtures.js';
import { running } from '../helpers/docker-cleanup.js';
import { hostFirewall, inMountNamespace, leftovers, requireDocker } from '../helpers/docker-host-checks.js';
import { type DockerLab, IMAGE, startDockerLab, WAN } from '../helpers/docker-lab.js';
import { FIXTURE_DIR } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const PROBE = join(import.meta.dirname, '..', 'helpers', 'probe.mjs');
const available = await requireDocker();

const GET = `fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
  .then((r) => r.text()).then((t) => process.stdout.write(t), (e) => { console.error(String(e)); process.exit(1); });`;

const DNAT_5353 =
  '-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.218.0.3:67';
const FORWARDED_67 = '-A DOCKER -d 10.218.0.3/32 ! -i docker0 -o docker0 -p udp -m udp --dport 67 -j ACCEPT';

const words = (line: string): string[] => line.split(' ');

/** The one-key fix as the exposure view stages it (domain/exposure/exposure-fix.ts): by the port before DNAT. */
const DROP_8080 = `-I DOCKER-USER 1 -i ${WAN.iface} -p tcp -m conntrack --ctorigdstport 8080 -j DROP`;

for (const flavour of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`real Docker 20.10 in a namespace (iptables-${flavour})`, () => {
    let lab: DockerLab | undefined;
    let hostBefore = '';
    let machineBefore: string[] = [];
    let dumps: { v4: string; v6: string } = { v4: '', v6: '' };
    const save = (tool: 'iptables' | 'ip6tables') => lab!.host.exec([`${tool}-${flavour}-save`, '-c']);
    const exposure = async (family: '-4' | '-6') => {
      const r = await runCli(['exposure', family, '--netns', lab!.host.name, '--backend', flavour, '--json']);
      expect(r.stderr, r.stdout).toBe('');
      return { report: JSON.parse(r.stdout) as ExposureReport, exitCode: r.exitCode };
    };
    const onWan = (report: ExposureReport, proto: string, port: number): ExposureEntry[] =>
      report.entries.filter((e) => e.proto === proto && e.port === port && e.interface === WAN.iface);
    /** One TCP connect from the internet namespace: connected | timeout | refused. */
    const probe = async (family: 'ipv4' | 'ipv6', port: number) => {
      const argv = [process.execPath, PROBE, 'tcp', WAN.internet[family], '0', WAN.host[family], String(port)];
      return (await lab!.internet.exec(argv)).trim();
    };
    /**
     * An HTTP GET from the internet namespace (busybox-static's wget crashes outside its image); tried 3 times,
     * as docker0's IPv6 address may still be tentative (duplicate address detection) just after the start.
     */
    const get = async (url: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await lab!.internet.exec([process.execPath, '-e', GET, url]);
        } catch (e) {
          if (attempt === 3) throw e;
        }
      }
    };

    beforeAll(async () => {
      hostBefore = await hostFirewall();
      machineBefore = leftovers();
      lab = await startDockerLab(flavour);
      await lab.docker([...words('run -d --name web -p 8080:80'), IMAGE, ...words('busybox httpd -f -p 80 -h /www')]);
      // busybox-static has no UDP nc or udpsvd: udhcpd is its one UDP server (port 67).
      const dhcp = words('busybox udhcpd -f /etc/udhcpd.conf');
      await lab.docker([...words('run -d --name dhcp -p 127.0.0.1:5353:67/udp'), IMAGE, ...dhcp]);
      dumps = { v4: await save('iptables'), v6: await save('ip6tables') };
    }, 90_000);
    afterAll(async () => {
      await lab?.close();
      if (lab) await rm(stateRoot(lab.host.name), { recursive: true, force: true });
    }, 60_000);

    it('dockerd wrote its rules inside the namespace (nat DNAT, DOCKER-USER), none on this machine', async () => {
      const running = await lab!.docker(['ps', '--format', '{{.Names}} {{.Status}}']);
      expect(running).toMatch(/^web Up/m);
      expect(running).toMatch(/^dhcp Up/m);
      expect(dumps.v4).toContain(
        '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.218.0.2:80',
      );
      expect(dumps.v4).toContain('-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p udp -m udp --dport 5353 -j DNAT');
      expect(dumps.v4).toContain('-A FORWARD -j DOCKER-USER');
      expect(dumps.v6).toMatch(
        /-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination \[fd18:d0c::/,
      );
      expect(await hostFirewall()).toBe(hostBefore);
    });

    it('the dumps are the committed Docker 20.10 fixtures (same rules, counters aside)', async () => {
      for (const [family, live] of Object.entries(dumps)) {
        const fixture = await readFile(join(FIXTURE_DIR, `docker-20.10.${family}.save`), 'utf8');
        expect(withoutCounters(live), family).toBe(withoutCounters(fixture));
      }
    });

    it('8080 reaches the container from the internet namespace', async () => {
      expect(await get(`http://${WAN.host.ipv4}:8080/`)).toBe('hello from the container\n');
      expect(await get(`http://[${WAN.host.ipv6}]:8080/`)).toBe('hello from the container\n');
      // With counters that moved: the unit tests' fixtures hold the dumps of a Docker host that served.
      if (process.env.FWTUI_WRITE_FIXTURES && flavour === 'nft') await writeDockerFixtures(lab!.host);
    });

    it('exposure: 8080 open via DNAT to the container, 5353/udp local only', async () => {
      const { report, exitCode } = await exposure('-4');
      expect(report.family).toBe('ipv4');
      expect(report.interfaces).toContain(WAN.iface);
      const web = onWan(report, 'tcp', 8080);
      expect(web, JSON.stringify(report.entries, null, 1)).toHaveLength(1);
      expect(web[0]).toMatchObject({ via: 'dnat', to: '10.218.0.2:80', verdict: 'open', process: 'docker-proxy' });
      const dhcp = report.entries.filter((e) => e.proto === 'udp' && e.port === 5353);
      expect(dhcp.length, JSON.stringify(report.entries, null, 1)).toBeGreaterThan(0);
      for (const e of dhcp) expect(e.verdict, JSON.stringify(e)).toBe('local-only');
      expect(exitCode).toBe(1);
      const v6 = onWan((await exposure('-6')).report, 'tcp', 8080);
      expect(v6[0]).toMatchObject({ via: 'dnat', verdict: 'open' });
    });

    it('exposure: docker0 (veths only, no route out) is an internal bridge, local-only and not counted', async () => {
      const internal = 'docker0 is an internal bridge (ports: veth only, no route to the internet)';
      for (const family of ['-4', '-6'] as const) {
        const { report } = await exposure(family);
        const proxy = report.entries.find((e) => e.interface === 'docker0' && e.proto === 'tcp' && e.port === 8080);
        expect(proxy, JSON.stringify(report.entries, null, 1)).toMatchObject({ via: 'local', verdict: 'local-only' });
        expect(proxy!.reason).toBe(
          `${internal}: reached from the containers on it, not from the internet ` +
            '(assuming no guest on it routes packets from elsewhere in)',
        );
        const open = report.entries.filter((e) => e.interface === 'docker0' && /^open/.test(e.verdict));
        expect(open, family).toEqual([]);
      }
      const file = join(lab!.dir, 'expected');
      await writeFile(file, `tcp/8080@${WAN.iface}\n`, { mode: 0o600 });
      const target = ['--netns', lab!.host.name, '--backend', flavour];
      const expected = await runCli(['exposure', '-4', ...target, '--expect', file]);
      expect(expected.exitCode, expected.stdout + expected.stderr).toBe(0);
    });

    it('exposure: the 127.0.0.1-only publish says a neighbour on wan0 sending to 127.0.0.1 is forwarded', async () => {
      const dhcp = onWan((await exposure('-4')).report, 'udp', 5353);
      expect(dhcp[0]).toMatchObject({ via: 'dnat', verdict: 'local-only' });
      expect(dhcp[0]!.reason).toBe(
        'bound to 127.0.0.1 (loopback): not from the internet; a neighbour on the same link (wan0) sending to ' +
          '127.0.0.1 is forwarded to 10.218.0.3:67 (no raw PREROUTING drop as Docker 28 adds)',
      );
    });

    it("exposure: no entry on a container's veth (a bridge port): the kernel sees its packets in docker0", async () => {
      const ports = (await lab!.host.exec(['ip', '-o', 'link', 'show', 'master', 'docker0']))
        .split('\n')
        .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
        .filter((name): name is string => name !== undefined);
      expect(ports).toHaveLength(2);
      // The kernel's side: a container's connection to this host's 8080 is counted by `-i docker0 -j RETURN`.
      const fromBridge = async () =>
        Number(
          /^\[(\d+):/m.exec(
            (await save('iptables')).split('\n').find((l) => l.endsWith('-A DOCKER -i docker0 -j RETURN')) ?? '',
          )?.[1] ?? -1,
        );
      const before = await fromBridge();
      await lab!.docker(['exec', 'web', 'busybox', 'nc', '-w', '1', WAN.host.ipv4, '8080']).catch(() => '');
      expect(await fromBridge()).toBe(before + 1);
      for (const family of ['-4', '-6'] as const) {
        const { report } = await exposure(family);
        expect(report.interfaces.filter((i) => ports.includes(i))).toEqual([]);
        expect(report.entries.filter((e) => ports.includes(e.interface))).toEqual([]);
      }
    });

    it("Docker's DOCKER-USER fix, applied with fwtui apply, closes 8080 to the internet", async () => {
      const file = join(lab!.dir, 'docker-user.rules');
      await writeFile(file, `*filter\n${DROP_8080}\nCOMMIT\n`, { mode: 0o600 });
      const target = ['--netns', lab!.host.name, '--backend', flavour];
      const applied = await runCli(['apply', file, '--noflush', '--no-wait', ...target]);
      expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
      expect((await runCli(['confirm', ...target])).exitCode).toBe(0);
      expect(await probe('ipv4', 8080)).toBe('timeout');
      expect(await get(`http://[${WAN.host.ipv6}]:8080/`)).toBe('hello from the container\n');
    });

    it('exposure after the fix: 8080 filtered, decided by DOCKER-USER rule 1', async () => {
      const web = onWan((await exposure('-4')).report, 'tcp', 8080);
      expect(web[0]).toMatchObject({ via: 'dnat', verdict: 'filtered' });
      expect(web[0]!.decided_by).toMatchObject({ table: 'filter', chain: 'DOCKER-USER', num: 1 });
      // Docker 20.10 has no DOCKER-USER for IPv6: the same port stays open there (the GET above got through).
      expect(onWan((await exposure('-6')).report, 'tcp', 8080)[0]).toMatchObject({ via: 'dnat', verdict: 'open' });
    });

    it('a neighbour on the link reaches the 127.0.0.1-only port: Docker 20.10 DNATs and forwards it', async () => {
      // The neighbour sends to 127.0.0.1 through wan0 (its own namespace allows it: route_localnet, no lo address).
      const n = lab!.internet;
      await n.exec(['sysctl', '-q', '-w', 'net.ipv4.conf.all.route_localnet=1', 'net.ipv4.conf.eth0.route_localnet=1']);
      await n.exec(['ip', 'addr', 'del', '127.0.0.1/8', 'dev', 'lo']);
      await n.exec(['ip', 'route', 'add', '127.0.0.1/32', 'via', WAN.host.ipv4, 'dev', 'eth0']);
      expect(await n.exec([process.execPath, PROBE, 'udp', WAN.internet.ipv4, '40000', '127.0.0.1', '5353'])).toBe(
        'sent\n',
      );
      const counted = async (rule: string) => {
        const line = (await save('iptables')).split('\n').find((l) => l.endsWith(rule));
        return Number(/^\[(\d+):/.exec(line ?? '')?.[1] ?? -1);
      };
      const until = Date.now() + 2000;
      while ((await counted(FORWARDED_67)) < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await counted(DNAT_5353)).toBe(1);
      expect(await counted(FORWARDED_67)).toBe(1);
    });

    it('fwtui trace agrees with the kernel on both packets (8080 after the fix, 5353 from the neighbour)', async () => {
      const trace = (packet: string) =>
        runCli(['trace', '--netns', lab!.host.name, '--backend', flavour, ...packet.split(' ')]);
      const web = await trace(`-p tcp -s 203.0.113.50 --sport 40000 -d ${WAN.host.ipv4} --dport 8080 -i ${WAN.iface}`);
      expect(web.stdout).toContain('verdict: DROP by filter DOCKER-USER rule 1');
      expect(web.exitCode).toBe(1);
      const neighbour = await trace(
        `-p udp -s ${WAN.internet.ipv4} --sport 40001 -d 127.0.0.1 --dport 5353 -i ${WAN.iface}`,
      );
      expect(neighbour.stdout).toContain('verdict: ACCEPT by filter DOCKER rule 2');
      expect(neighbour.exitCode).toBe(0);
    });

    it('leaves nothing behind: processes, cgroups, mounts, namespaces, files; this machine untouched', async () => {
      const { host, internet, dir, cgroup } = lab!;
      // cgroup v2 (/sys/fs/cgroup/NAME) or v1 (/sys/fs/cgroup/CONTROLLER/NAME): those the containers ran in.
      const hierarchies = ['', ...(await readdir('/sys/fs/cgroup')).map((c) => `${c}/`)];
      const made = hierarchies.map((h) => `/sys/fs/cgroup/${h}${cgroup}`).filter((p) => existsSync(p));
      expect(made.length).toBeGreaterThan(0);
      const pids = await lab!.pids();
      const mounts = await lab!.mountNamespace();
      expect(pids.length).toBeGreaterThan(4); // dockerd, containerd, 2 shims, docker-proxy, the containers
      await lab!.close();
      expect(pids.filter(running)).toEqual([]);
      // The daemons' mounts (netns files, the data root's bind mount) lived in their own mount namespace: gone.
      expect(await inMountNamespace(mounts)).toEqual([]);
      expect(await readFile('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
      expect(existsSync(dir)).toBe(false);
      expect(made.filter((p) => existsSync(p))).toEqual([]);
      const nets = (await execa('ip', ['netns', 'list'])).stdout;
      expect(nets).not.toContain(host.name);
      expect(nets).not.toContain(internet.name);
      expect(leftovers()).toEqual(machineBefore);
      expect(await hostFirewall()).toBe(hostBefore);
    });
  });
}
