/**
 * Addresses as numbers, for deciding whether a packet's address falls in a
 * rule's network (`-s 10.0.0.0/8`, `-d 2001:db8::/32`, `--src-range a-b`). Pure.
 */
import { isIpv4, isIpv6 } from './addresses.js';
import type { Family } from './ruleset.js';

/** A network: the first address and the prefix length (a host is /32 or /128). */
export interface Net {
  readonly family: Family;
  readonly base: bigint;
  readonly prefix: number;
}

const WIDTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

function v4Value(text: string): bigint {
  return text.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
}

function v6Value(text: string): bigint {
  let head = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  if (last.includes('.')) {
    const v4 = v4Value(last);
    head = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [left = '', right] = head.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const all = right === undefined ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The numeric value of an address of either family, or null when it is not one. */
export function addressValue(text: string): { family: Family; value: bigint } | null {
  if (isIpv4(text)) return { family: 'ipv4', value: v4Value(text) };
  if (isIpv6(text)) return { family: 'ipv6', value: v6Value(text) };
  return null;
}

function maskPrefix(mask: bigint, width: number): number | null {
  let prefix = 0;
  for (let bit = width - 1; bit >= 0 && (mask >> BigInt(bit)) & 1n; bit--) prefix++;
  const expected = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix);
  return mask === expected ? prefix : null;
}

/**
 * `10.0.0.0/8`, `10.0.0.0/255.0.0.0`, `2001:db8::1` → a Net, or null when the
 * text is not an address (a host name) or the mask is not contiguous.
 */
export function parseNet(text: string): Net | null {
  const [addr = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return null;
  const a = addressValue(addr);
  if (!a) return null;
  const width = WIDTH[a.family];
  let prefix = width;
  if (prefixText !== undefined) {
    if (/^\d{1,3}$/.test(prefixText) && Number(prefixText) <= width) prefix = Number(prefixText);
    else if (a.family === 'ipv4' && isIpv4(prefixText)) {
      const p = maskPrefix(v4Value(prefixText), 32);
      if (p === null) return null;
      prefix = p;
    } else return null;
  }
  const hostBits = BigInt(width - prefix);
  return { family: a.family, base: (a.value >> hostBits) << hostBits, prefix };
}

/** Whether `inner` lies wholly inside `outer`. */
export function netContains(outer: Net, inner: Net): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const hostBits = BigInt(WIDTH[outer.family] - outer.prefix);
  return inner.base >> hostBits === outer.base >> hostBits;
}

/** A single address as a Net (/32 or /128). */
export function hostNet(text: string): Net | null {
  const n = parseNet(text);
  return n && n.prefix === WIDTH[n.family] ? n : null;
}

/** `a-b` of the iprange match, inclusive, as numbers. */
export function parseRange(text: string): { family: Family; from: bigint; to: bigint } | null {
  const [fromText = '', toText = fromText, ...rest] = text.split('-');
  const from = addressValue(fromText);
  const to = addressValue(toText);
  if (rest.length > 0 || !from || !to || from.family !== to.family) return null;
  return { family: from.family, from: from.value, to: to.value };
}

/** Not multicast or broadcast: an address that can be a host's. */
export function isPlainUnicast(address: string | null): boolean {
  if (address === null) return false;
  const a = addressValue(address);
  if (!a) return false;
  if (a.family === 'ipv4') return a.value < 0xe0000000n;
  return a.value >> 120n !== 0xffn;
}
