/**
 * What the exposure lab (exposure-lab.ts) is made of, as data: the addresses of its four
 * namespaces, the ports the "host" serves (its own sockets and Docker-style DNAT'd ports),
 * what each prober must see for each port, and the host's ruleset per family.
 */
import type { Family } from '../../src/domain/model/ruleset.js';

/** Interface names inside the host namespace (names are per namespace, so they can be fixed). */
export const LAB_IFACES = { wan: 'eth0', lan: 'lan0', bridge: 'br-lab', port: 'veth-ctr' } as const;

/** Who probes: from the internet (via wan), from the allowed network and a stranger (both via lan). */
export type Prober = 'internet' | 'allowed' | 'stranger';
export const PROBERS: readonly Prober[] = ['internet', 'allowed', 'stranger'];

export interface LabAddresses {
  /** The host's address on each link, with its prefix length. */
  readonly wan: string;
  readonly lan: string;
  readonly bridge: string;
  readonly prefix: { readonly wan: number; readonly lan: number; readonly bridge: number };
  /** The other ends: internet router, allowed machine, container. */
  readonly internetLink: string;
  readonly allowedLink: string;
  readonly container: string;
  /** Probe sources: an internet address outside every network the host names, one in ALLOWED, a stranger on lan. */
  readonly source: Readonly<Record<Prober, string>>;
  /** Routed to the prober namespaces by the host. */
  readonly internetNet: string;
  readonly strangerNet: string;
  /** The allowed source network (INPUT and DOCKER-USER accept it). */
  readonly allowedNet: string;
  readonly loopback: string;
  readonly any: string;
}

export const LAB_ADDRESSES: Readonly<Record<Family, LabAddresses>> = {
  ipv4: {
    wan: '100.64.0.1',
    lan: '192.0.2.1',
    bridge: '172.30.0.1',
    prefix: { wan: 30, lan: 24, bridge: 16 },
    internetLink: '100.64.0.2',
    allowedLink: '192.0.2.10',
    container: '172.30.0.2',
    source: { internet: '198.51.100.10', allowed: '192.0.2.10', stranger: '203.0.113.20' },
    internetNet: '198.51.100.0/24',
    strangerNet: '203.0.113.20/32',
    allowedNet: '192.0.2.0/24',
    loopback: '127.0.0.1',
    any: '0.0.0.0',
  },
  ipv6: {
    wan: '2001:db8:64::1',
    lan: '2001:db8:2::1',
    bridge: 'fd30::1',
    prefix: { wan: 64, lan: 64, bridge: 64 },
    internetLink: '2001:db8:64::2',
    allowedLink: '2001:db8:2::10',
    container: 'fd30::2',
    source: { internet: '2001:db8:5100::10', allowed: '2001:db8:2::10', stranger: '2001:db8:113::20' },
    internetNet: '2001:db8:5100::/48',
    strangerNet: '2001:db8:113::20/128',
    allowedNet: '2001:db8:2::/64',
    loopback: '::1',
    any: '::',
  },
};

/** One port the lab serves, and what the probes must see when they target it. */
export interface LabPort {
  readonly proto: 'tcp' | 'udp';
  readonly port: number;
  /** What it stands for, in an admin's words (printed in failure tables). */
  readonly what: string;
  /** The verdict fwtui exposure should give for a NEW packet from the internet. */
  readonly verdict: 'open' | 'open-from' | 'filtered' | 'local-only';
  /** Reached from the internet (and from the stranger on lan). */
  readonly internet: boolean;
  /** Reached from the allowed network. */
  readonly allowed: boolean;
  /** Bound to the host's wan address only: probes to another host address find no socket. */
  readonly wanOnly?: boolean;
  /** Docker-style: DNAT'd to the container's port. */
  readonly dnatTo?: number;
}

export const LAB_PORTS: readonly LabPort[] = [
  {
    proto: 'tcp',
    port: 80,
    what: 'web on :: (dual stack), INPUT accepts',
    verdict: 'open',
    internet: true,
    allowed: true,
  },
  {
    proto: 'tcp',
    port: 5432,
    what: 'INPUT accepts only ALLOWED',
    verdict: 'open-from',
    internet: false,
    allowed: true,
  },
  { proto: 'tcp', port: 3306, what: 'INPUT policy DROP', verdict: 'filtered', internet: false, allowed: false },
  { proto: 'tcp', port: 25, what: 'INPUT REJECT tcp-reset', verdict: 'filtered', internet: false, allowed: false },
  { proto: 'tcp', port: 6379, what: 'bound to loopback', verdict: 'local-only', internet: false, allowed: false },
  {
    proto: 'tcp',
    port: 9090,
    what: 'bound to the wan address',
    verdict: 'open',
    internet: true,
    allowed: true,
    wanOnly: true,
  },
  { proto: 'udp', port: 5060, what: 'udp, INPUT accepts', verdict: 'open', internet: true, allowed: true },
  { proto: 'udp', port: 161, what: 'udp, INPUT policy DROP', verdict: 'filtered', internet: false, allowed: false },
  {
    proto: 'tcp',
    port: 8080,
    what: 'Docker publish, INPUT drops',
    verdict: 'open',
    internet: true,
    allowed: true,
    dnatTo: 80,
  },
  {
    proto: 'tcp',
    port: 8443,
    what: 'Docker publish, DOCKER-USER --ctorigdstport --ctdir ORIGINAL',
    verdict: 'open-from',
    internet: false,
    allowed: true,
    dnatTo: 443,
  },
  {
    proto: 'tcp',
    port: 8444,
    what: 'Docker publish, DOCKER-USER --ctorigdstport without --ctdir: replies dropped',
    verdict: 'filtered',
    internet: false,
    allowed: false,
    dnatTo: 443,
  },
  { proto: 'udp', port: 5353, what: 'Docker udp publish', verdict: 'open', internet: true, allowed: true, dnatTo: 53 },
  {
    proto: 'tcp',
    port: 9000,
    what: 'Docker publish on loopback',
    verdict: 'local-only',
    internet: false,
    allowed: false,
    dnatTo: 80,
  },
];

/** The host's listeners (echo-servers.mjs specs); `docker-proxy` ones are started under that name. */
export function hostListeners(): { own: string[]; dockerProxy: string[] } {
  const [v4, v6] = [LAB_ADDRESSES.ipv4, LAB_ADDRESSES.ipv6];
  const pair = (proto: string, port: number) => [`${proto}/0.0.0.0/${port}`, `${proto}/::/${port}/v6only`];
  return {
    own: [
      'tcp/::/80',
      ...pair('tcp', 5432),
      ...pair('tcp', 3306),
      ...pair('tcp', 25),
      'tcp/127.0.0.1/6379',
      'tcp/::1/6379',
      `tcp/${v4.wan}/9090`,
      `tcp/${v6.wan}/9090`,
      ...pair('udp', 5060),
      ...pair('udp', 161),
    ],
    // Docker's userland proxy listens on every published port too; the packets never reach it (DNAT first).
    dockerProxy: [
      ...pair('tcp', 8080),
      ...pair('tcp', 8443),
      ...pair('tcp', 8444),
      ...pair('udp', 5353),
      'tcp/127.0.0.1/9000',
    ],
  };
}

/** The container's listeners. */
export const CONTAINER_LISTENERS = ['tcp/::/80', 'tcp/::/443', 'udp/0.0.0.0/53', 'udp/::/53/v6only'];

/** The host addresses a prober sends to: its own link's, and the wan address (where 9090 is bound). */
export function probeTargets(prober: Prober, family: Family): string[] {
  const a = LAB_ADDRESSES[family];
  return prober === 'internet' ? [a.wan] : [a.lan, a.wan];
}

/** Whether `prober` must reach `port` at host address `dst`, as the lab is built. */
export function expectedReach(port: LabPort, prober: Prober, dst: string, family: Family): boolean {
  if (port.wanOnly && dst !== LAB_ADDRESSES[family].wan) return false;
  return prober === 'allowed' ? port.allowed : port.internet;
}
