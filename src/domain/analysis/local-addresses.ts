/**
 * Which addresses are this machine's (or the namespace's): the addresses of its interfaces, as
 * `ip -o addr show` lists them. Trace and the lockout check decide `-m addrtype --dst-type LOCAL`
 * and "is this packet for this machine?" with them. Absent (not read, e.g. a --file) means unknown. Pure.
 */
import { addressValue, hostNet, isPlainUnicast, netContains, parseNet } from '../model/ip-net.js';

/** One address of one interface. */
export interface InterfaceAddress {
  /** The interface name (`eth0`, `lo`). */
  readonly iface: string;
  /** The address itself, without prefix. */
  readonly address: string;
  /** Its prefix length (32/128 when `ip` gave none). */
  readonly prefix: number;
}

/**
 * Whether `address` is local: one of the interfaces' addresses, or inside an IPv4 prefix of the loopback
 * interface (the kernel makes all of 127.0.0.0/8 local, not only 127.0.0.1).
 */
export function isLocalAddress(locals: readonly InterfaceAddress[], address: string): boolean {
  const a = addressValue(address);
  if (!a) return false;
  const host = hostNet(address);
  return locals.some((l) => {
    // IPv4 only: the kernel makes all of 127.0.0.0/8 local; for IPv6 lo holds ::1 alone.
    if (l.iface === 'lo' && a.family === 'ipv4') {
      const net = parseNet(`${l.address}/${l.prefix}`);
      return net !== null && host !== null && netContains(net, host);
    }
    const b = addressValue(l.address);
    return b !== null && b.family === a.family && b.value === a.value;
  });
}

/**
 * Why a packet asked about as one for this machine (no --direction, a destination given) does not go
 * that way: its destination is not an address of this machine. Null when it may (or when the addresses
 * are not known). `trace` and the view's `T` say this instead of a verdict for a path the packet never takes.
 */
export function notForThisMachine(
  locals: readonly InterfaceAddress[] | null | undefined,
  destination: string | null,
): string | null {
  if (!locals || destination === null || destination.includes('/') || !isPlainUnicast(destination)) return null;
  return isLocalAddress(locals, destination) ? null : `${destination} is not an address of this machine`;
}

/** The local addresses of one interface (the lockout check asks per interface SSH may come in on). */
export function addressesOf(locals: readonly InterfaceAddress[], iface: string): string[] {
  return locals.filter((l) => l.iface === iface).map((l) => l.address);
}

/** `2: eth0    inet 10.0.0.1/24 brd … scope global eth0\…` lines → the interfaces' addresses. */
export function parseAddressLines(text: string): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^\s@]+)(?:@\S*)?\s+inet6?\s+([0-9A-Fa-f.:]+)(?:\/(\d{1,3}))?/.exec(line);
    if (!m) continue;
    const a = addressValue(m[2]!);
    if (!a) continue;
    out.push({
      iface: m[1]!,
      address: m[2]!,
      prefix: m[3] === undefined ? (a.family === 'ipv4' ? 32 : 128) : Number(m[3]),
    });
  }
  return out;
}
