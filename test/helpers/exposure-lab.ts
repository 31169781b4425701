/**
 * The exposure lab: a "host" namespace with real listeners (its own and a `docker-proxy`), a
 * "container" namespace behind the host's bridge `br-lab` reached by DNAT with forwarding on,
 * an "internet" namespace (source outside every network the host names) on the host's `eth0`,
 * and an "allowed" namespace on `lan0` holding an address of the allowed network and a
 * stranger's. Rules: exposure-lab-rules.ts; ports and what each prober must see:
 * exposure-lab-spec.ts. Everything lives in namespaces this file creates; `cleanup()` stops
 * the listeners and deletes them all.
 */
import { execa, type ResultPromise } from 'execa';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../../src/domain/model/ruleset.js';
import {
  CONTAINER_LISTENERS,
  hostListeners,
  LAB_ADDRESSES,
  LAB_IFACES,
  LAB_PORTS,
  type LabPort,
  type Prober,
  PROBERS,
  probeTargets,
} from './exposure-lab-spec.js';
import { type DockerLayout, labRuleset } from './exposure-lab-rules.js';
import { createNetns, type TestNetns } from './netns.js';

const HELPERS = import.meta.dirname;
const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];
/** How long a probe waits for a connection or an answer. */
const PROBE_MS = 1000;

export type LabBackend = 'nft' | 'legacy';

/** One probe: who sent what where, the raw outcome, and whether it got through to a listener. */
export interface LabProbe {
  readonly prober: Prober;
  readonly proto: 'tcp' | 'udp';
  readonly dst: string;
  readonly port: number;
  readonly result: string;
  readonly reached: boolean;
}

export interface ExposureLab {
  readonly backend: LabBackend;
  readonly layout: DockerLayout;
  readonly host: TestNetns;
  readonly internet: TestNetns;
  /** Holds both the allowed source and the stranger's. */
  readonly allowed: TestNetns;
  readonly container: TestNetns;
  /** `iptables-nft`, `ip6tables-legacy`…: the binary prefix for this lab's backend and a family. */
  tool(family: Family): string;
  /** The host's ruleset (`-save -c`) for a family. */
  save(family: Family): Promise<string>;
  /** Replaces the host's tables with `text` (iptables-restore). */
  restore(family: Family, text: string): Promise<void>;
  /** Every prober probes every lab port (or those `only` keeps) at each of its targets, all at once. */
  probe(family: Family, only?: (port: LabPort) => boolean): Promise<LabProbe[]>;
  cleanup(): Promise<void>;
}

/** Builds the lab for one backend and Docker layout (both families). On any failure it cleans up and rethrows. */
export async function createExposureLab(backend: LabBackend, layout: DockerLayout = 'docker28'): Promise<ExposureLab> {
  const spaces: TestNetns[] = [];
  const servers: ResultPromise[] = [];
  let proxyDir: string | null = null;
  const cleanup = async (): Promise<void> => {
    for (const s of servers) s.kill('SIGKILL');
    await Promise.allSettled(servers);
    await Promise.all(spaces.map((s) => s.remove()));
    if (proxyDir) await rm(proxyDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 4; i++) spaces.push(await createNetns());
    const [host, internet, allowed, container] = spaces as [TestNetns, TestNetns, TestNetns, TestNetns];
    await wire(host, internet, allowed, container);
    const tool = (family: Family): string => `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-${backend}`;
    for (const family of FAMILIES) await host.exec([`${tool(family)}-restore`], labRuleset(family, layout));
    proxyDir = await mkdtemp(join(tmpdir(), 'fwtui-exposure-lab-'));
    const proxy = join(proxyDir, 'docker-proxy');
    // A copy, not a link: fwtui names a process by its program file (/proc/PID/exe), which a link resolves through.
    await copyFile(process.execPath, proxy);
    await chmod(proxy, 0o755);
    const listeners = hostListeners();
    servers.push(serve(host, process.execPath, listeners.own), serve(host, proxy, listeners.dockerProxy));
    servers.push(serve(container, process.execPath, CONTAINER_LISTENERS));
    await Promise.all(servers.map(ready));
    // One round through every open path first, results unused: neighbour discovery on the three links is then
    // done, so a slow first solicitation (IPv6 retries after 1 s) cannot pass for a closed port.
    await Promise.all(FAMILIES.map((f) => probeAll(internet, allowed, f, (p) => p.internet || p.allowed)));
    return {
      backend,
      layout,
      host,
      internet,
      allowed,
      container,
      tool,
      save: (family) => host.exec([`${tool(family)}-save`, '-c']),
      restore: async (family, text) => {
        await host.exec([`${tool(family)}-restore`], text);
      },
      probe: (family, only) => probeAll(internet, allowed, family, only ?? (() => true)),
      cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Links, addresses, routes and forwarding for both families. */
async function wire(host: TestNetns, internet: TestNetns, allowed: TestNetns, ctr: TestNetns): Promise<void> {
  const { wan, lan, bridge, port } = LAB_IFACES;
  await host.exec(['ip', 'link', 'add', wan, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', internet.name]);
  await host.exec(['ip', 'link', 'add', lan, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', allowed.name]);
  await host.exec(['ip', 'link', 'add', bridge, 'type', 'bridge', 'forward_delay', '0']);
  await host.exec(['ip', 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ctr.name]);
  await host.exec(['ip', 'link', 'set', port, 'master', bridge]);
  // Forwarding on, as Docker sets it; written by node, since procps (sysctl) is not on every CI image.
  const forward = ['/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/ipv6/conf/all/forwarding']
    .map((f) => `require('fs').writeFileSync('${f}', '1');`)
    .join('');
  await host.exec([process.execPath, '-e', forward]);
  for (const family of FAMILIES) {
    const a = LAB_ADDRESSES[family];
    const p = a.prefix;
    const v = family === 'ipv6' ? ['-6'] : ['-4'];
    const nodad = family === 'ipv6' ? ['nodad'] : [];
    const addr = (ns: TestNetns, cidr: string, dev: string) =>
      ns.exec(['ip', ...v, 'addr', 'add', cidr, 'dev', dev, ...nodad]);
    await addr(host, `${a.wan}/${p.wan}`, wan);
    await addr(host, `${a.lan}/${p.lan}`, lan);
    await addr(host, `${a.bridge}/${p.bridge}`, bridge);
    await addr(internet, `${a.internetLink}/${p.wan}`, 'eth0');
    await addr(internet, `${a.source.internet}/${family === 'ipv6' ? 128 : 32}`, 'eth0');
    await addr(allowed, `${a.allowedLink}/${p.lan}`, 'eth0');
    await addr(allowed, `${a.source.stranger}/${family === 'ipv6' ? 128 : 32}`, 'eth0');
    await addr(ctr, `${a.container}/${p.bridge}`, 'eth0');
  }
  for (const [ns, devs] of [
    [host, [wan, lan, bridge, port]],
    [internet, ['eth0']],
    [allowed, ['eth0']],
    [ctr, ['eth0']],
  ] as const) {
    for (const dev of devs) await ns.exec(['ip', 'link', 'set', dev, 'up']);
  }
  for (const family of FAMILIES) {
    const a = LAB_ADDRESSES[family];
    const v = family === 'ipv6' ? ['-6'] : ['-4'];
    await host.exec(['ip', ...v, 'route', 'add', a.internetNet, 'via', a.internetLink, 'dev', wan]);
    await host.exec(['ip', ...v, 'route', 'add', a.strangerNet, 'via', a.allowedLink, 'dev', lan]);
    await internet.exec(['ip', ...v, 'route', 'add', 'default', 'via', a.wan, 'dev', 'eth0']);
    await allowed.exec(['ip', ...v, 'route', 'add', 'default', 'via', a.lan, 'dev', 'eth0']);
    await ctr.exec(['ip', ...v, 'route', 'add', 'default', 'via', a.bridge, 'dev', 'eth0']);
  }
}

/** Starts echo-servers.mjs in a namespace under `node` (or its copy named `docker-proxy`). */
function serve(ns: TestNetns, node: string, specs: readonly string[]): ResultPromise {
  return execa('ip', ['netns', 'exec', ns.name, node, join(HELPERS, 'echo-servers.mjs'), ...specs], {
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stderr: 'inherit',
  });
}

/** Resolves when the server printed `listening N`; rejects when it exits or says `error`. */
function ready(server: ResultPromise): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`listeners not ready after 10 s: ${out}`)), 10_000);
    server.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^listening \d+$/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
      if (out.includes('error')) reject(new Error(`a lab listener failed: ${out}`));
    });
    void server.then(() => reject(new Error(`a lab listener exited: ${out}`)));
  });
}

async function probeAll(
  internet: TestNetns,
  allowed: TestNetns,
  family: Family,
  only: (port: LabPort) => boolean,
): Promise<LabProbe[]> {
  const from: Record<Prober, TestNetns> = { internet, allowed, stranger: allowed };
  const runs = PROBERS.map(async (prober) => {
    const targets = probeTargets(prober, family).flatMap((dst) =>
      LAB_PORTS.filter(only).map((p) => ({ proto: p.proto, dst, port: p.port })),
    );
    const argv = [
      process.execPath,
      join(HELPERS, 'lab-probe.mjs'),
      LAB_ADDRESSES[family].source[prober],
      String(PROBE_MS),
      ...targets.map((t) => `${t.proto}/${t.dst}/${t.port}`),
    ];
    const results = JSON.parse(await from[prober].exec(argv)) as Record<string, string>;
    return targets.map((t): LabProbe => {
      const result = results[`${t.proto}/${t.dst}/${t.port}`] ?? 'missing';
      return { prober, ...t, result, reached: result === 'connected' || result === 'answered' };
    });
  });
  return (await Promise.all(runs)).flat();
}
