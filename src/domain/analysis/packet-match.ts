/**
 * Does one rule's match part hold for a packet? Three answers: yes, no, or
 * "cannot tell" with the match that makes it so (a rate limit, a mark we do
 * not know, an ipset, a field of the packet nobody gave). Pure.
 */
import { parseIcmpType } from '../model/icmp-types.js';
import { hostNet, parseNet, parseRange, addressValue, netContains, isPlainUnicast } from '../model/ip-net.js';
import { tcpFlagsOf, TCP_FLAG_BITS, type Packet } from './packet.js';
import { protocolNumber } from '../model/protocols.js';
import type { Match, Negatable, RuleOption, RuleView } from '../model/rule-view.js';
import { setModule } from '../sets/set-match.js';
import { isLocalAddress } from './local-addresses.js';
import { conntrackMatch } from './conntrack-match.js';
import type { MatchContext, Tri } from './match-context.js';

export type { MatchContext, Tri } from './match-context.js';

/** All of: false wins over "cannot tell", which wins over true. */
export function allOf(results: Iterable<Tri>): Tri {
  let unsure: string | null = null;
  for (const r of results) {
    if (r === false) return false;
    if (typeof r === 'string') unsure ??= r;
  }
  return unsure ?? true;
}

const negate = (r: Tri, negated: boolean): Tri => (typeof r === 'string' || !negated ? r : !r);

function protocolMatch(rule: Negatable, packet: Packet): Tri {
  const n = protocolNumber(rule.value);
  if (n === '0') return !rule.negated;
  if (!/^\d+$/.test(n)) return `-p ${rule.value} (a protocol fwtui does not know)`;
  if (packet.protocol === null) return `-p ${rule.value} (the protocol was not given)`;
  return negate(Number(n) === packet.protocol, rule.negated);
}

/** Parsed once per rule text: a walk may test the same rule thousands of times. */
const netsOf = memo((value: string) => value.split(',').map(parseNet));
const hostOf = memo(hostNet);
const rangesOf = memo((value: string) => value.split(',').map(portRange));

/** A cache of a pure function of a string, emptied when it grows past 100k entries. */
function memo<T>(f: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined && !cache.has(text)) {
      if (cache.size >= 100_000) cache.clear();
      v = f(text);
      cache.set(text, v);
    }
    return v as T;
  };
}

function addressMatch(rule: Negatable, address: string | null, label: string): Tri {
  if (address === null)
    return `${label} ${rule.value} (the ${label === '-s' ? 'source' : 'destination'} was not given)`;
  const host = hostOf(address);
  const nets = netsOf(rule.value);
  if (!host || nets.some((n) => n === null)) return `${label} ${rule.value} (not an address fwtui can compare)`;
  return negate(
    nets.some((n) => netContains(n!, host)),
    rule.negated,
  );
}

/** `eth+` is a prefix wildcard; anything else names one interface. */
export function interfaceMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function interfaceMatch(rule: Negatable, name: string | null, label: string, notNames: readonly string[] = []): Tri {
  if (name === null && !rule.value.endsWith('+') && notNames.includes(rule.value)) return rule.negated;
  if (name === null)
    return `${label} ${rule.value} (the ${label === '-i' ? 'incoming' : 'outgoing'} interface was not given)`;
  return negate(interfaceMatches(rule.value, name), rule.negated);
}

const SERVICES: Readonly<Record<string, number>> = {
  ssh: 22,
  http: 80,
  https: 443,
  domain: 53,
  smtp: 25,
  ntp: 123,
  ftp: 21,
  telnet: 23,
};

/** `22`, `1000:2000`, `:1023`, `1024:` → inclusive range; null when not a port. */
export function portRange(text: string): [number, number] | null {
  const num = (t: string, empty: number): number | null =>
    t === '' ? empty : /^\d{1,5}$/.test(t) ? Number(t) : (SERVICES[t] ?? null);
  const [a = '', b] = text.split(':');
  const lo = num(a, 0);
  const hi = b === undefined ? lo : num(b, 65535);
  return lo === null || hi === null ? null : [lo, hi];
}

function portsMatch(o: RuleOption, ports: readonly (number | null)[]): Tri {
  if (ports.some((p) => p === null)) return `${o.name} ${o.values.join(' ')} (the port was not given)`;
  const ranges = rangesOf(o.values[0] ?? '');
  if (ranges.some((r) => r === null)) return `${o.name} ${o.values.join(' ')} (not a port fwtui knows)`;
  const hit = ports.some((p) => ranges.some((r) => p! >= r![0] && p! <= r![1]));
  return negate(hit, o.negated);
}

const SPORT = new Set(['--sport', '--source-port']);
const DPORT = new Set(['--dport', '--destination-port']);

function flagBits(list: string): number {
  return list.split(',').reduce((bits, f) => bits | (TCP_FLAG_BITS[f] ?? 0), 0);
}

function portModule(m: Match, packet: Packet): Tri {
  const proto = Number(protocolNumber(m.name));
  if (packet.protocol === null) return `-m ${m.name} (the protocol was not given)`;
  if (packet.protocol !== proto) return false;
  return allOf(
    m.options.map((o): Tri => {
      if (SPORT.has(o.name)) return portsMatch(o, [packet.sourcePort]);
      if (DPORT.has(o.name)) return portsMatch(o, [packet.destinationPort]);
      if (m.name === 'tcp' && (o.name === '--tcp-flags' || o.name === '--syn')) {
        const [mask, comp] =
          o.name === '--syn'
            ? [flagBits('SYN,RST,ACK,FIN'), flagBits('SYN')]
            : [flagBits(o.values[0] ?? ''), flagBits(o.values[1] ?? '')];
        return negate((tcpFlagsOf(packet) & mask) === comp, o.negated);
      }
      return `${o.name} of -m ${m.name} (not modelled)`;
    }),
  );
}

function multiport(m: Match, packet: Packet): Tri {
  if (packet.protocol === null) return '-m multiport (the protocol was not given)';
  return allOf(
    m.options.map((o): Tri => {
      if (o.name === '--sports' || o.name === '--source-ports') return portsMatch(o, [packet.sourcePort]);
      if (o.name === '--dports' || o.name === '--destination-ports') return portsMatch(o, [packet.destinationPort]);
      if (o.name === '--ports') {
        if (packet.sourcePort === null || packet.destinationPort === null) return portsMatch(o, [null]);
        return portsMatch(o, [packet.sourcePort, packet.destinationPort]);
      }
      return `${o.name} of -m multiport (not modelled)`;
    }),
  );
}

function icmpMatch(m: Match, packet: Packet): Tri {
  const proto = packet.family === 'ipv4' ? 1 : 58;
  if (packet.protocol === null) return `-m ${m.name} (the protocol was not given)`;
  if (packet.protocol !== proto) return false;
  return allOf(
    m.options.map((o): Tri => {
      const wanted = parseIcmpType(o.values[0] ?? '', packet.family);
      if (wanted === undefined) return `${o.name} ${o.values[0] ?? ''} (a type fwtui does not know)`;
      if (wanted === 'any') return !o.negated;
      if (packet.icmpType === null) return `${o.name} ${o.values[0]} (the ICMP type was not given)`;
      if (wanted.code !== null && packet.icmpCode === null && packet.icmpType === wanted.type)
        return `${o.name} ${o.values[0]} (the ICMP code was not given)`;
      const hit = packet.icmpType === wanted.type && (wanted.code === null || wanted.code === packet.icmpCode);
      return negate(hit, o.negated);
    }),
  );
}

function markMatch(o: RuleOption, mark: number | null): Tri {
  if (mark === null) return `-m mark ${o.values[0]} (the packet's mark is not known)`;
  const [value = '0', mask = '0xffffffff'] = (o.values[0] ?? '').split('/');
  return negate((mark & Number(mask)) >>> 0 === Number(value) >>> 0, o.negated);
}

function addrtypeMatch(m: Match, ctx: MatchContext): Tri {
  const { packet, locals } = ctx;
  const limited = m.options.some((x) => x.name.startsWith('--limit-iface'));
  return allOf(
    m.options.map((o): Tri => {
      const types = (o.values[0] ?? '').split(',');
      const local = limited ? null : isLocal(o.name === '--dst-type' ? 'dst' : 'src', packet, locals);
      if (local === true) return negate(types.includes('LOCAL'), o.negated);
      // Not local: the address is of another type (UNICAST, BROADCAST, …), which fwtui does not tell apart.
      if (local === false && types.every((t) => t === 'LOCAL')) return o.negated;
      const why = locals ? 'only LOCAL is modelled' : 'which addresses are local is not known';
      return `-m addrtype ${o.name} ${o.values[0] ?? ''} (${why})`;
    }),
  );
}

/** Whether the packet's source or destination is a local address; null when that is not known. */
function isLocal(end: 'src' | 'dst', packet: Packet, locals: MatchContext['locals']): boolean | null {
  const address = end === 'dst' ? packet.destination : packet.source;
  if (locals && address !== null && isPlainUnicast(address)) return isLocalAddress(locals, address);
  // Without the addresses: packets delivered here are addressed to one of ours; packets we send come from one.
  if (end === 'dst' && packet.direction === 'input' && isPlainUnicast(address)) return true;
  if (end === 'src' && packet.direction === 'output') return true;
  return null;
}

function rangeMatch(o: RuleOption, address: string | null): Tri {
  const range = parseRange(o.values[0] ?? '');
  if (!range) return `${o.name} ${o.values[0] ?? ''} (not a range fwtui can compare)`;
  const a = address === null ? null : addressValue(address);
  if (!a) return `${o.name} ${o.values[0]} (the address was not given)`;
  return negate(a.family === range.family && a.value >= range.from && a.value <= range.to, o.negated);
}

function moduleMatch(m: Match, ctx: MatchContext): Tri {
  const { packet } = ctx;
  switch (m.name) {
    case 'tcp':
    case 'udp':
    case 'sctp':
    case 'dccp':
    case 'udplite':
      return portModule(m, packet);
    case 'multiport':
      return multiport(m, packet);
    case 'icmp':
    case 'icmp6':
    case 'icmpv6':
    case 'ipv6-icmp':
      return icmpMatch(m, packet);
    case 'state':
    case 'conntrack':
      return conntrackMatch(m, packet);
    case 'comment':
      return true;
    case 'mark':
      return allOf(m.options.map((o) => markMatch(o, ctx.mark)));
    case 'addrtype':
      return addrtypeMatch(m, ctx);
    case 'iprange':
      return allOf(m.options.map((o) => rangeMatch(o, o.name === '--src-range' ? packet.source : packet.destination)));
    case 'limit':
    case 'hashlimit':
      return `-m ${m.name} (matches only while under its rate)`;
    case 'set':
      return setModule(m, ctx);
    case 'recent':
      // --set records the source and always matches; the checks depend on history.
      return m.options.some((o) => o.name === '--set') ? true : '-m recent (depends on earlier packets)';
    default:
      return `-m ${m.name || '?'} (not modelled)`;
  }
}

/** Whether a rule's matches hold for the packet (its target is the walker's business). */
export function ruleMatches(view: RuleView, ctx: MatchContext): Tri {
  const { packet } = ctx;
  // Stop at the first definite "no": later checks cannot change it. This runs for
  // every rule of every walk, so it tests in line instead of building a list.
  let unsure: string | null = null;
  const take = (r: Tri): boolean => {
    if (typeof r === 'string') unsure ??= r;
    return r === false;
  };
  if (view.protocol && take(protocolMatch(view.protocol, packet))) return false;
  if (view.source && take(addressMatch(view.source, packet.source, '-s'))) return false;
  if (view.destination && take(addressMatch(view.destination, packet.destination, '-d'))) return false;
  if (view.inInterface && take(interfaceMatch(view.inInterface, packet.inInterface, '-i', packet.notInInterfaces)))
    return false;
  const out = view.outInterface;
  if (out && take(interfaceMatch(out, packet.outInterface, '-o', packet.notOutInterfaces))) return false;
  // The packets fwtui evaluates are whole (first or only fragments).
  if (view.fragment && take(view.fragment.negated)) return false;
  for (const m of view.matches) if (take(moduleMatch(m, ctx))) return false;
  return unsure ?? true;
}
