/**
 * A socket bound to another interface's address, and the order of the report's rows. Pure.
 */
import type { InterfaceAddress } from '../analysis/local-addresses.js';
import { addressValue } from '../model/ip-net.js';
import type { ExposureEntry } from './exposure-entry.js';
import { isLoopback, isWildcard } from './listeners.js';

/**
 * The other interface whose address a socket is bound to, or null. Linux answers for its addresses on every
 * interface (weak host model): a packet to it arriving here meets the rules like any other. `assumed`: a saved
 * ruleset's, whose addresses are not known.
 */
export function otherOwner(
  locals: readonly InterfaceAddress[],
  assumed: boolean,
  address: string,
  iface: string,
): string | null {
  if (isLoopback(address) || isWildcard(address) || assumed) return null;
  const owner = locals.find((l) => addressValue(l.address)?.value === addressValue(address)?.value);
  return owner && owner.iface !== iface ? owner.iface : null;
}

/** How a packet to another interface's address comes in on `iface`. */
export const reachedThrough = (owner: string, address: string, iface: string): string =>
  `bound to ${owner}'s address ${address}: reached through ${iface} by a sender that routes ${address} to ` +
  'this host (e.g. a neighbour on the link)';

/** Rows by protocol, port, then interface in `interfaces` order (stable: a DNAT stays before a socket). */
export const byPort =
  (interfaces: readonly string[]) =>
  (a: ExposureEntry, b: ExposureEntry): number =>
    a.proto.localeCompare(b.proto) ||
    a.port - b.port ||
    interfaces.indexOf(a.interface) - interfaces.indexOf(b.interface);
