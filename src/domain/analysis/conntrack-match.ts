/**
 * `-m conntrack` and `-m state` decided from what fwtui knows of the packet's connection: its state,
 * and for the first packet of a connection (NEW) its original and reply addresses, including a DNAT the
 * walk followed (Docker's DOCKER-USER guidance, `-m conntrack --ctorigdstport 8080 -j DROP`, is decided on
 * the FORWARD path). Later packets of a connection may be either direction and may carry a translation
 * fwtui did not see: those matches stay uncertain, unless the packet carries its connection's facts
 * (`Packet.connection`, e.g. the reply exposure checks). Pure.
 */
import { hostNet, netContains, parseNet } from '../model/ip-net.js';
import { protocolNumber } from '../model/protocols.js';
import type { Match, RuleOption } from '../model/rule-view.js';
import type { Tri } from './match-context.js';
import { originalDestination, originalDestinationPort, type ConnectionFacts, type Packet } from './packet.js';

const negate = (r: Tri, negated: boolean): Tri => (typeof r === 'string' || !negated ? r : !r);

/** Whether the connection's first packet was rewritten by a DNAT (address or port changed). */
export function destinationTranslated(packet: Packet): boolean {
  return (
    originalDestination(packet) !== packet.destination || originalDestinationPort(packet) !== packet.destinationPort
  );
}

function stateMatch(o: RuleOption, packet: Packet): Tri {
  const states = (o.values[0] ?? '').split(',');
  if (states.includes(packet.state)) return !o.negated;
  const nat = states.includes('SNAT') || states.includes('DNAT');
  // The first packet: DNAT when the walk rewrote its destination; SNAT happens after every filter chain.
  if (nat && packet.state === 'NEW') return negate(states.includes('DNAT') && destinationTranslated(packet), o.negated);
  const c = packet.connection;
  if (nat && c) {
    if (states.includes('DNAT') && c.dnat) return !o.negated;
    if (!states.includes('SNAT')) return o.negated;
    if (c.snat === null)
      return `${o.name} ${o.values[0]} (whether the connection's source was translated is not known)`;
    return negate(c.snat, o.negated);
  }
  // A later packet may belong to a connection translated when it began, which fwtui does not see.
  if (nat) return `${o.name} ${o.values[0]} (whether the connection was translated is not known)`;
  return o.negated;
}

function addressIs(o: RuleOption, address: string | null): Tri {
  const net = parseNet(o.values[0] ?? '');
  if (!net) return `${o.name} ${o.values[0] ?? ''} (not an address fwtui can compare)`;
  const host = address === null ? null : hostNet(address);
  if (!host) return `${o.name} ${o.values[0]} (the address was not given)`;
  return negate(netContains(net, host), o.negated);
}

function portIs(o: RuleOption, port: number | null): Tri {
  const m = /^(\d{1,5})(?::(\d{1,5}))?$/.exec(o.values[0] ?? '');
  if (!m) return `${o.name} ${o.values[0] ?? ''} (not a port fwtui knows)`;
  if (port === null) return `${o.name} ${o.values[0]} (the port was not given)`;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return negate(port >= lo && port <= hi, o.negated);
}

/** One conntrack option for the first packet of a connection (NEW): original = the packet before DNAT. */
function firstPacketOption(o: RuleOption, packet: Packet): Tri {
  switch (o.name) {
    case '--ctorigsrc':
      return addressIs(o, packet.source);
    case '--ctorigdst':
      return addressIs(o, originalDestination(packet));
    // The reply comes from where the packet now goes, back to where it came from (SNAT is applied last).
    case '--ctreplsrc':
      return addressIs(o, packet.destination);
    case '--ctrepldst':
      return addressIs(o, packet.source);
    case '--ctorigsrcport':
      return portIs(o, packet.sourcePort);
    case '--ctorigdstport':
      return portIs(o, originalDestinationPort(packet));
    case '--ctreplsrcport':
      return portIs(o, packet.destinationPort);
    case '--ctrepldstport':
      return portIs(o, packet.sourcePort);
    case '--ctdir':
      return negate((o.values[0] ?? '').toUpperCase() === 'ORIGINAL', o.negated);
    case '--ctproto': {
      const n = protocolNumber(o.values[0] ?? '');
      if (!/^\d+$/.test(n)) return `--ctproto ${o.values[0] ?? ''} (a protocol fwtui does not know)`;
      if (packet.protocol === null) return `--ctproto ${o.values[0]} (the protocol was not given)`;
      return negate(Number(n) === packet.protocol, o.negated);
    }
    default:
      return `-m conntrack ${o.name} (not modelled)`;
  }
}

/** One conntrack option for a later packet whose connection is known: conntrack's own tuples. */
function knownConnectionOption(o: RuleOption, c: ConnectionFacts): Tri | null {
  switch (o.name) {
    case '--ctorigsrc':
      return addressIs(o, c.origSource);
    case '--ctorigdst':
      return addressIs(o, c.origDestination);
    case '--ctreplsrc':
      return addressIs(o, c.replySource);
    case '--ctrepldst':
      return addressIs(o, c.replyDestination);
    case '--ctorigsrcport':
      return portIs(o, c.origSourcePort);
    case '--ctorigdstport':
      return portIs(o, c.origDestinationPort);
    case '--ctreplsrcport':
      return portIs(o, c.replySourcePort);
    case '--ctrepldstport':
      return portIs(o, c.replyDestinationPort);
    case '--ctdir':
      return negate((o.values[0] ?? '').toUpperCase() === c.direction, o.negated);
    default:
      return null;
  }
}

/** `-m conntrack …` / `-m state --state …` for the packet. */
export function conntrackMatch(m: Match, packet: Packet): Tri {
  const isState = (o: RuleOption): boolean => o.name === '--state' || o.name === '--ctstate';
  // Without a connection (INVALID, UNTRACKED) the kernel's match answers with --ctstate alone, or no.
  if (packet.state === 'INVALID' || packet.state === 'UNTRACKED') {
    const states = m.options.filter(isState);
    return states.length === 0 ? false : all(states.map((o) => stateMatch(o, packet)));
  }
  return all(
    m.options.map((o): Tri => {
      if (isState(o)) return stateMatch(o, packet);
      if (packet.state === 'NEW') return firstPacketOption(o, packet);
      // --ctproto is the packet's own protocol whichever way it goes.
      if (packet.connection || o.name === '--ctproto') {
        const known = packet.connection ? knownConnectionOption(o, packet.connection) : null;
        if (known !== null) return known;
        if (o.name === '--ctproto') return firstPacketOption(o, packet);
        return `-m conntrack ${o.name} (not modelled)`;
      }
      const words = `${o.name} ${o.values.join(' ')}`;
      return `-m conntrack ${words} (a later packet of a connection: its direction is not known)`;
    }),
  );
}

function all(results: readonly Tri[]): Tri {
  let unsure: string | null = null;
  for (const r of results) {
    if (r === false) return false;
    if (typeof r === 'string') unsure ??= r;
  }
  return unsure ?? true;
}
