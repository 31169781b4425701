/**
 * Which interface a packet from (or to) an address uses: `ip route get`.
 * The trace and the lockout check use it to fill in `-i` when nobody gave
 * it (replies leave by the interface the request came in on, in the usual
 * symmetric setup). Read-only.
 */
import type { CommandRunner } from './runner.js';
import { addressValue } from '../domain/model/ip-net.js';
import { parseLinks, type Link } from '../domain/exposure/internal-bridges.js';

/** `198.51.100.7 via 10.0.0.1 dev eth0 src 10.0.0.2 uid 0` → `eth0`; null when it names none. */
export function routeDevice(text: string): string | null {
  const m = /\bdev (\S+)/.exec(text);
  return m ? m[1]! : null;
}

/**
 * The interface of the route to `address` in the namespace (or here), or
 * null when there is no route or `ip` fails: the caller then leaves `-i` unknown.
 */
export async function interfaceTowards(runner: CommandRunner, address: string, netns?: string): Promise<string | null> {
  const a = addressValue(address);
  if (!a) return null;
  const args = [
    ...(netns === undefined ? [] : ['-n', netns]),
    a.family === 'ipv6' ? '-6' : '-4',
    '-o',
    'route',
    'get',
    address,
  ];
  try {
    const result = await runner.run({ file: 'ip', args });
    return result.exitCode === 0 ? routeDevice(result.stdout) : null;
  } catch {
    return null;
  }
}

/**
 * `2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu …` lines (`ip -o -d link show`) → the names of
 * interfaces that are up and not loopback (a down one receives nothing). A port of a bridge or a bond
 * (a container's veth in docker0) is left out: iptables sees its packets come in on the bridge or bond.
 */
export function upInterfaces(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>/.exec(line);
    if (!m || /\s(bridge|bond|team)_slave\b/.test(line)) continue;
    const flags = m[2]!.split(',');
    if (flags.includes('UP') && !flags.includes('LOOPBACK')) out.push(m[1]!);
  }
  return out;
}

/**
 * The namespace's (or here) links from one `ip -o -d link show`: the interfaces a packet may arrive on (null
 * when `ip` fails or lists none) and every link's kind and master (null when `ip` fails).
 */
export async function readLinks(
  runner: CommandRunner,
  netns?: string,
): Promise<{ up: string[] | null; links: Link[] | null }> {
  try {
    const args = [...(netns === undefined ? [] : ['-n', netns]), '-o', '-d', 'link', 'show'];
    const result = await runner.run({ file: 'ip', args });
    if (result.exitCode !== 0) return { up: null, links: null };
    const names = upInterfaces(result.stdout);
    return { up: names.length > 0 ? names : null, links: parseLinks(result.stdout) };
  } catch {
    return { up: null, links: null };
  }
}

/** The interfaces SSH could arrive on in the namespace (or here); null when `ip` fails or lists none. */
export async function sshInterfaces(runner: CommandRunner, netns?: string): Promise<string[] | null> {
  return (await readLinks(runner, netns)).up;
}
