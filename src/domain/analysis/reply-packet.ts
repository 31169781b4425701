/**
 * The first reply of a connection: the packet the server sends back to the one that opened it. A
 * connection is reachable only if its first packet is accepted AND its replies get back (a DOCKER-USER
 * rule without `--ctdir ORIGINAL` also sees the container's replies). Pure.
 */
import { TCP_FLAG_BITS, type ConnectionFacts, type Packet } from './packet.js';
import { destinationTranslated } from './conntrack-match.js';
import type { Rewrite } from './nat-step.js';

/**
 * The reply to `arrived` (the first packet as the walk left it: after a DNAT and routing), ESTABLISHED,
 * carrying the connection's facts. A forwarded packet's reply is forwarded back from its outgoing
 * interface to its incoming one; a locally delivered packet's reply leaves through OUTPUT on the interface
 * it came in on. A SNAT/MASQUERADE on the way leaves the reply's destination unknown.
 */
export function replyPacket(arrived: Packet, rewrites: readonly Rewrite[] = []): Packet {
  const snat = rewrites.some((r) => r.kind === 'SNAT' || r.kind === 'MASQUERADE');
  const back = snat ? null : arrived.source;
  const connection: ConnectionFacts = {
    origSource: arrived.source,
    origDestination: arrived.originalDestination === undefined ? arrived.destination : arrived.originalDestination,
    origSourcePort: arrived.sourcePort,
    origDestinationPort:
      arrived.originalDestinationPort === undefined ? arrived.destinationPort : arrived.originalDestinationPort,
    replySource: arrived.destination,
    replyDestination: back,
    replySourcePort: arrived.destinationPort,
    replyDestinationPort: snat ? null : arrived.sourcePort,
    dnat: destinationTranslated(arrived),
    snat,
    direction: 'REPLY',
  };
  const forwarded = arrived.direction === 'forward';
  return {
    family: arrived.family,
    direction: forwarded ? 'forward' : 'output',
    protocol: arrived.protocol,
    source: arrived.destination,
    destination: back,
    sourcePort: arrived.destinationPort,
    destinationPort: snat ? null : arrived.sourcePort,
    inInterface: forwarded ? arrived.outInterface : '',
    outInterface: arrived.inInterface,
    icmpType: null,
    icmpCode: null,
    state: 'ESTABLISHED',
    // The first answer to a TCP SYN is a SYN-ACK.
    tcpFlags: arrived.protocol === 6 ? TCP_FLAG_BITS.SYN! | TCP_FLAG_BITS.ACK! : null,
    connection,
  };
}
