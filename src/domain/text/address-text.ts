/**
 * An address option (`-s`, `-d`, NETMAP `--to`) as the kernel keeps it and iptables prints it:
 * the host bits cleared, a contiguous mask as a prefix length, IPv6 in inet_ntop form.
 * Rules written by hand or by older iptables say `10.11.12.13/8` or `/255.0.0.0`; the kernel
 * lists `10.0.0.0/8`. Text it cannot read (a host name) is returned unchanged.
 */
import { addressValue } from '../model/ip-net.js';
import type { Family } from '../model/ruleset.js';

const WIDTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

function v4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}

/** inet_ntop's IPv6 text: lower-case groups, the longest run (2+) of zero groups as `::`. */
function v6Text(n: bigint): string {
  const groups = [...Array(8).keys()].map((i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hexes = groups.map((g) => g.toString(16));
  if (best === 0 && bestLen === 5 && groups[5] === 0xffff) return `::ffff:${v4Text(n & 0xffffffffn)}`;
  if (best === -1) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

/** The text iptables-save prints for an address with an optional `/prefix` or `/dotted.mask`. */
export function kernelAddress(text: string, family: Family): string {
  const slash = text.indexOf('/');
  const host = slash === -1 ? text : text.slice(0, slash);
  const maskText = slash === -1 ? null : text.slice(slash + 1);
  const address = addressValue(host);
  if (!address || address.family !== family) return text;
  const width = WIDTH[family];
  const all = (1n << BigInt(width)) - 1n;
  let mask = all;
  if (maskText !== null) {
    if (/^\d+$/.test(maskText)) {
      const bits = Number(maskText);
      if (bits > width) return text;
      mask = bits === 0 ? 0n : (all << BigInt(width - bits)) & all;
    } else {
      const m = addressValue(maskText);
      if (!m || m.family !== family) return text;
      mask = m.value;
    }
  }
  const base = address.value & mask;
  const format = family === 'ipv4' ? v4Text : v6Text;
  const ones = mask.toString(2).replace(/^0+/, '');
  const contiguous = mask === 0n || (ones.length === width && /^1*0*$/.test(ones));
  const bits = mask === 0n ? 0 : ones.indexOf('0') === -1 ? width : ones.indexOf('0');
  const prefix = contiguous ? String(bits) : format(mask);
  return `${format(base)}/${prefix}`;
}

/** An address's text from its value (`10.0.0.1`, `2001:db8::1`), as inet_ntop writes it. */
export function addressText(value: bigint, family: Family): string {
  return family === 'ipv4' ? v4Text(value) : v6Text(value);
}
