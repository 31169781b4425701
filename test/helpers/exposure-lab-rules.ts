/**
 * The exposure lab host's ruleset, per family and Docker layout, in iptables-save form: INPUT
 * policy DROP with a few ACCEPTs (one only from the allowed network), and Docker's chains for a
 * bridge `br-lab` with one container, nat PREROUTING → DOCKER (a DNAT per published port, one on
 * loopback only), FORWARD policy DROP.
 * - `docker28` (moby 28.5's iptablesdoc): raw PREROUTING drops direct access; FORWARD → DOCKER-USER
 *   → DOCKER-FORWARD → DOCKER-CT, DOCKER-ISOLATION-STAGE-1/2, DOCKER-BRIDGE → DOCKER (ACCEPT per
 *   container port, then DROP); DOCKER-USER has no RETURN.
 * - `docker20` (Debian 12's docker.io 20.10): FORWARD → DOCKER-USER (ends in RETURN),
 *   DOCKER-ISOLATION-STAGE-1, then conntrack ACCEPT, `-o br -j DOCKER`, `-i br` ACCEPTs in FORWARD.
 * DOCKER-USER restricts 8443 the way that works (`-m conntrack --ctorigdstport 8443 --ctdir ORIGINAL`),
 * and 8444 as issue #18 words it (no `--ctdir ORIGINAL`): DOCKER-USER also sees the container's
 * replies, whose conntrack entry has the same original port and whose source is the container, so
 * that rule drops the allowed network's replies too and nobody reaches 8444 (measured, nft and legacy).
 */
import type { Family } from '../../src/domain/model/ruleset.js';
import { LAB_ADDRESSES, LAB_IFACES } from './exposure-lab-spec.js';

/** Which Docker release's chain layout the lab copies. */
export type DockerLayout = 'docker28' | 'docker20';

const BR = LAB_IFACES.bridge;

/** `addr/32` or `addr/128`. */
const host = (family: Family, addr: string): string => `${addr}/${family === 'ipv6' ? 128 : 32}`;

/** `172.30.0.2:80` or `[fd30::2]:80`, as iptables-save prints a DNAT target. */
export function dnatTarget(family: Family, port: number): string {
  const ctr = LAB_ADDRESSES[family].container;
  return family === 'ipv6' ? `[${ctr}]:${port}` : `${ctr}:${port}`;
}

/** The restore text for the lab host, for one family. */
export function labRuleset(family: Family, layout: DockerLayout = 'docker28'): string {
  const raw =
    layout === 'docker28'
      ? `-A PREROUTING -d ${host(family, LAB_ADDRESSES[family].container)} ! -i ${BR} -j DROP\n`
      : '';
  const rawTable = `*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${raw}COMMIT\n`;
  return `${rawTable}${nat(family, layout)}${filter(family, layout)}`;
}

function nat(family: Family, layout: DockerLayout): string {
  const a = LAB_ADDRESSES[family];
  const bridgeNet = family === 'ipv6' ? 'fd30::/64' : '172.30.0.0/16';
  const ctr = host(family, a.container);
  // 20.10: hairpin MASQUERADE per published port, and packets from the bridge leave DOCKER at once.
  const old =
    layout === 'docker20'
      ? `-A POSTROUTING -s ${ctr} -d ${ctr} -p tcp -m tcp --dport 80 -j MASQUERADE\n-A DOCKER -i ${BR} -j RETURN\n`
      : '';
  const to80 = dnatTarget(family, 80);
  return `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d ${family === 'ipv6' ? '::1/128' : '127.0.0.0/8'} -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s ${bridgeNet} ! -o ${BR} -j MASQUERADE
${old}-A DOCKER -d ${host(family, a.loopback)} ! -i ${BR} -p tcp -m tcp --dport 9000 -j DNAT --to-destination ${to80}
-A DOCKER ! -i ${BR} -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${to80}
-A DOCKER ! -i ${BR} -p tcp -m tcp --dport 8443 -j DNAT --to-destination ${dnatTarget(family, 443)}
-A DOCKER ! -i ${BR} -p tcp -m tcp --dport 8444 -j DNAT --to-destination ${dnatTarget(family, 443)}
-A DOCKER ! -i ${BR} -p udp -m udp --dport 5353 -j DNAT --to-destination ${dnatTarget(family, 53)}
COMMIT
`;
}

function filter(family: Family, layout: DockerLayout): string {
  const a = LAB_ADDRESSES[family];
  const ctr = host(family, a.container);
  const chains28 = ['DOCKER-BRIDGE', 'DOCKER-CT', 'DOCKER-FORWARD'];
  const chains = ['DOCKER', ...(layout === 'docker28' ? chains28 : []), 'DOCKER-ISOLATION-STAGE-1'];
  const published = `-A DOCKER -d ${ctr} ! -i ${BR} -o ${BR} -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER -d ${ctr} ! -i ${BR} -o ${BR} -p tcp -m tcp --dport 443 -j ACCEPT
-A DOCKER -d ${ctr} ! -i ${BR} -o ${BR} -p udp -m udp --dport 53 -j ACCEPT
`;
  const forward =
    layout === 'docker28'
      ? `-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-FORWARD
${published}-A DOCKER ! -i ${BR} -o ${BR} -j DROP
-A DOCKER-BRIDGE -o ${BR} -j DOCKER
-A DOCKER-CT -o ${BR} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A DOCKER-FORWARD -j DOCKER-CT
-A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1
-A DOCKER-FORWARD -j DOCKER-BRIDGE
-A DOCKER-FORWARD -i ${BR} -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i ${BR} ! -o ${BR} -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-2 -o ${BR} -j DROP
`
      : `-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o ${BR} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o ${BR} -j DOCKER
-A FORWARD -i ${BR} ! -o ${BR} -j ACCEPT
-A FORWARD -i ${BR} -o ${BR} -j ACCEPT
${published}-A DOCKER-ISOLATION-STAGE-1 -i ${BR} ! -o ${BR} -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o ${BR} -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
`;
  return `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
${[...chains, 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER'].map((c) => `:${c} - [0:0]`).join('\n')}
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT ${family === 'ipv6' ? '-p ipv6-icmp' : '-p icmp'} -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 6379,9090 -j ACCEPT
-A INPUT -s ${a.allowedNet} -p tcp -m tcp --dport 5432 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset
-A INPUT -p udp -m udp --dport 5060 -j ACCEPT
${forward}-A DOCKER-USER ! -s ${a.allowedNet} -p tcp -m conntrack --ctorigdstport 8443 --ctdir ORIGINAL -j DROP
-A DOCKER-USER ! -s ${a.allowedNet} -p tcp -m conntrack --ctorigdstport 8444 -j DROP
${layout === 'docker20' ? '-A DOCKER-USER -j RETURN\n' : ''}COMMIT
`;
}

/**
 * The DOCKER-USER rule that restricts a published port to the allowed network: by the original port (DOCKER-USER
 * sees the packet after DNAT), and only in the original direction (else the container's replies are dropped too).
 */
export function dockerUserFix(family: Family, port: number): string {
  const allowed = LAB_ADDRESSES[family].allowedNet;
  return `-I DOCKER-USER 1 ! -s ${allowed} -p tcp -m conntrack --ctorigdstport ${port} --ctdir ORIGINAL -j DROP`;
}

/** The rule as issue #18 words it: without `--ctdir ORIGINAL` it drops the replies to the allowed network too. */
export function dockerUserNoDirection(family: Family, port: number): string {
  const allowed = LAB_ADDRESSES[family].allowedNet;
  return `-I DOCKER-USER 1 ! -s ${allowed} -p tcp -m conntrack --ctorigdstport ${port} -j DROP`;
}

/** The rule admins write first and that never matches: DOCKER-USER sees the port after DNAT. */
export function dockerUserTrap(family: Family, port: number): string {
  return `-I DOCKER-USER 1 ! -s ${LAB_ADDRESSES[family].allowedNet} -p tcp -m tcp --dport ${port} -j DROP`;
}
