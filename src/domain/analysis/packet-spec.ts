/**
 * A packet as an admin writes it, in iptables' own words:
 * `-p tcp -s 198.51.100.7 --sport 40000 -d 203.0.113.1 --dport 22 -i eth0 --state NEW`.
 * Used by `fwtui trace` and the view's T. Pure: words in, a Packet or a plain error out.
 */
import { addressValue } from '../model/ip-net.js';
import { parseIcmpType } from '../model/icmp-types.js';
import { CONN_STATES, TCP_FLAG_BITS, type ConnState, type Direction, type Packet } from './packet.js';
import { protocolNumber } from '../model/protocols.js';
import type { Family } from '../model/ruleset.js';
import { familyLabel } from '../model/family-label.js';

export class PacketSpecError extends Error {}

/** The flags a packet is described with, each taking one value. */
export const PACKET_FLAGS = [
  '-p',
  '--protocol',
  '-s',
  '--source',
  '-d',
  '--destination',
  '--sport',
  '--dport',
  '-i',
  '--in-interface',
  '-o',
  '--out-interface',
  '--state',
  '--icmp-type',
  '--icmpv6-type',
  '--tcp-flags',
  '--direction',
] as const;

const INTERFACE = /^[A-Za-z0-9_.:@-]{1,15}$/;
const NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp', 132: 'sctp' };

/** Reads packet words. `family` is -4/-6 when given; otherwise an IPv6 address makes it IPv6. */
export function parsePacketSpec(words: readonly string[], family?: Family): Packet {
  const given = new Map<string, string>();
  const canonical: Readonly<Record<string, string>> = {
    '--protocol': '-p',
    '--source': '-s',
    '--destination': '-d',
    '--in-interface': '-i',
    '--out-interface': '-o',
    '--icmpv6-type': '--icmp-type',
  };
  for (let i = 0; i < words.length; i += 2) {
    const flag = words[i]!;
    if (!(PACKET_FLAGS as readonly string[]).includes(flag))
      throw new PacketSpecError(
        `${flag} does not describe a packet (use -p -s -d --sport ` +
          `--dport -i -o --state --icmp-type --tcp-flags --direction)`,
      );
    const value = words[i + 1];
    if (value === undefined || value === '') throw new PacketSpecError(`${flag} needs a value`);
    const key = canonical[flag] ?? flag;
    if (given.has(key)) throw new PacketSpecError(`${flag} is given twice`);
    given.set(key, value);
  }
  const addr = (flag: string): { text: string; family: Family } | null => {
    const text = given.get(flag);
    if (text === undefined) return null;
    const a = addressValue(text);
    if (!a) throw new PacketSpecError(`${flag} ${text}: give one address (no names, no /prefix)`);
    return { text, family: a.family };
  };
  const source = addr('-s');
  const destination = addr('-d');
  const fam = family ?? source?.family ?? destination?.family ?? 'ipv4';
  for (const a of [source, destination]) {
    if (a && a.family !== fam)
      throw new PacketSpecError(
        `${a.text} is an ${familyLabel(a.family)} address, but the packet is ${familyLabel(fam)}`,
      );
  }
  const protocol = protocolOf(given.get('-p'), fam);
  const port = (flag: string): number | null => {
    const text = given.get(flag);
    if (text === undefined) return null;
    // The protocols iptables has a port match for (-m tcp/udp/sctp/dccp); -m udplite does not exist.
    if (protocol !== 6 && protocol !== 17 && protocol !== 132 && protocol !== 33)
      throw new PacketSpecError(`${flag} needs -p tcp, udp, sctp or dccp (iptables matches no other protocol's ports)`);
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
      throw new PacketSpecError(`${flag} ${text} is not a port (0 to 65535)`);
    return Number(text);
  };
  const iface = (flag: string): string | null => {
    const text = given.get(flag);
    if (text === undefined) return null;
    if (!INTERFACE.test(text)) throw new PacketSpecError(`${flag} ${text} is not an interface name`);
    return text;
  };
  const inInterface = iface('-i');
  const outInterface = iface('-o');
  const direction = directionOf(given.get('--direction'), inInterface, outInterface);
  if (direction === 'input' && outInterface !== null)
    throw new PacketSpecError('-o is for packets this machine sends or forwards (--direction output or forward)');
  if (direction === 'output' && inInterface !== null)
    throw new PacketSpecError('-i is for packets this machine receives or forwards (--direction input or forward)');
  const stateText = (given.get('--state') ?? 'NEW').toUpperCase();
  if (!(CONN_STATES as readonly string[]).includes(stateText))
    throw new PacketSpecError(`--state ${stateText} is not one of ${CONN_STATES.join(', ')}`);
  const icmp = icmpOf(given.get('--icmp-type'), protocol, fam);
  return {
    family: fam,
    direction,
    protocol,
    source: source?.text ?? null,
    destination: destination?.text ?? null,
    sourcePort: port('--sport'),
    destinationPort: port('--dport'),
    inInterface: direction === 'output' ? '' : inInterface,
    outInterface: direction === 'input' ? '' : outInterface,
    icmpType: icmp?.type ?? null,
    icmpCode: icmp?.code ?? null,
    state: stateText as ConnState,
    tcpFlags: tcpFlagsOf(given.get('--tcp-flags'), protocol),
  };
}

function protocolOf(text: string | undefined, family: Family): number | null {
  if (text === undefined) return null;
  const n = protocolNumber(text === 'icmp' && family === 'ipv6' ? 'ipv6-icmp' : text);
  if (!/^\d{1,3}$/.test(n) || Number(n) > 255 || n === '0')
    throw new PacketSpecError(`-p ${text} is not a protocol (tcp, udp, icmp, ipv6-icmp, or a number)`);
  return Number(n);
}

function directionOf(text: string | undefined, inIf: string | null, outIf: string | null): Direction {
  if (text === undefined) return outIf !== null ? (inIf !== null ? 'forward' : 'output') : 'input';
  if (text !== 'input' && text !== 'forward' && text !== 'output')
    throw new PacketSpecError(`--direction takes input, forward or output, not "${text}"`);
  return text;
}

function icmpOf(
  text: string | undefined,
  protocol: number | null,
  family: Family,
): { type: number; code: number | null } | null {
  if (text === undefined) return null;
  if (protocol !== (family === 'ipv4' ? 1 : 58))
    throw new PacketSpecError(`--icmp-type needs -p ${family === 'ipv4' ? 'icmp' : 'ipv6-icmp'}`);
  const t = parseIcmpType(text, family);
  if (t === undefined || t === 'any')
    throw new PacketSpecError(`--icmp-type ${text} is not an ICMP${family === 'ipv6' ? 'v6' : ''} type`);
  return t;
}

function tcpFlagsOf(text: string | undefined, protocol: number | null): number | null {
  if (text === undefined) return null;
  if (protocol !== 6) throw new PacketSpecError('--tcp-flags needs -p tcp');
  let bits = 0;
  for (const f of text.toUpperCase().split(',')) {
    const b = TCP_FLAG_BITS[f];
    if (b === undefined)
      throw new PacketSpecError(`--tcp-flags: ${f} is not a TCP flag (SYN, ACK, FIN, RST, PSH, URG, NONE)`);
    bits |= b;
  }
  return bits;
}

/**
 * One line for humans: `IPv4 tcp 198.51.100.7:40000 -> 203.0.113.1:22, NEW, in eth0 (to this machine)`;
 * `where` replaces the words in brackets (when the direction is known not to hold).
 */
export function describePacket(p: Packet, where?: string): string {
  const proto = p.protocol === null ? 'any protocol' : (NAMES[p.protocol] ?? `protocol ${p.protocol}`);
  const end = (a: string | null, port: number | null): string => {
    const host = a === null ? '?' : p.family === 'ipv6' && port !== null ? `[${a}]` : a;
    return port === null ? host : `${host}:${port}`;
  };
  const icmp = p.icmpType === null ? '' : ` type ${p.icmpType}${p.icmpCode === null ? '' : `/${p.icmpCode}`}`;
  const ifaces = [p.inInterface ? `in ${p.inInterface}` : '', p.outInterface ? `out ${p.outInterface}` : '']
    .filter(Boolean)
    .join(' ');
  const way =
    where ?? { input: 'to this machine', forward: 'through this machine', output: 'from this machine' }[p.direction];
  return (
    `${familyLabel(p.family)} ${proto}${icmp} ${end(p.source, p.sourcePort)} -> ` +
    `${end(p.destination, p.destinationPort)}, ${p.state}${ifaces ? `, ${ifaces}` : ''} (${way})`
  );
}
