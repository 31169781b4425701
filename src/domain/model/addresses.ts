/** Address syntax checks for rule fields (IPv4 and IPv6, with prefixes or masks). Pure. */
import type { Family } from './ruleset.js';

/** Four octets of 0-255 (no leading zeros beyond one digit). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

export function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.split('::').length > 2) return false;
  let groups = text.split(':');
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const last = groups[groups.length - 1]!;
  if (last.includes('.')) {
    if (!isIpv4(last)) return false;
    groups = [...groups.slice(0, -1), '0', '0'];
  }
  const compressed = text.includes('::');
  const filled = groups.filter((g) => g !== '');
  if (filled.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (!compressed) return groups.length === 8 && filled.length === 8;
  // "::" may stand at the start or end, which leaves one extra empty group there.
  if (text.replace(/^::|::$/g, '').includes(':::')) return false;
  return filled.length <= 7;
}

/**
 * What is wrong with an address field value for a family (a comma list of
 * addresses, each optionally with /prefix or /mask), or null when fine.
 */
export function addressProblem(value: string, family: Family): string | null {
  if (value === '') return 'an address is missing';
  for (const item of value.split(',')) {
    const [addr = '', prefix, ...rest] = item.split('/');
    if (rest.length > 0) return `${item} has more than one "/"`;
    const v4 = isIpv4(addr);
    const v6 = !v4 && isIpv6(addr);
    if (!v4 && !v6)
      return /^[A-Za-z][A-Za-z0-9.-]*$/.test(addr)
        ? `${addr} is a name: give an address (iptables would resolve it once, now, and keep only that)`
        : `${addr} is not an address`;
    if (family === 'ipv4' && v6) return `${addr} is an IPv6 address in an IPv4 rule (use the IPv6 rules: key 6)`;
    if (family === 'ipv6' && v4) return `${addr} is an IPv4 address in an IPv6 rule (use the IPv4 rules: key 4)`;
    if (prefix !== undefined) {
      const max = v4 ? 32 : 128;
      const isMask = v4 && isIpv4(prefix);
      if (!isMask && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))
        return `/${prefix} is not a prefix length (0 to ${max})`;
    }
  }
  return null;
}
