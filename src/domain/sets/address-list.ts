/**
 * A list of addresses for a set (`fwtui block --file LIST`): one address or
 * CIDR a line, `#` comments and blank lines skipped, each checked for the
 * set's family and written as ipset prints it back (so the read-back
 * compares equal): lower-case, IPv6 compressed, a host without /32 or /128.
 * Every bad line is reported with its number and text. Pure.
 */
import { addressValue } from '../model/ip-net.js';
import { printable } from '../text/printable.js';

export interface ListProblem {
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

export interface AddressList {
  /** Elements in the order given, each once. */
  readonly elems: readonly string[];
  readonly problems: readonly ListProblem[];
  /** Lines that repeated an element already listed. */
  readonly repeated: number;
}

const v4Text = (value: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');

function v6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups becomes "::" (the first one on a tie).
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  // As glibc's inet_ntop (so ipset) prints them: an IPv4-compatible (::a.b.c.d) or -mapped (::ffff:a.b.c.d) address.
  if (best.at === 0 && (best.len === 6 || (best.len === 5 && groups[5] === 0xffff))) {
    return `::${best.len === 5 ? 'ffff:' : ''}${v4Text(value & 0xffffffffn)}`;
  }
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/**
 * The common case, a plain IPv4 address or network with no host bits, read character by character (no
 * regular expression, no BigInt: 100k-line lists); null sends anything else to the full check.
 */
function quickV4(text: string, nets: boolean): string | null {
  let value = 0;
  let octet = -1;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // No leading zeros ("010" is octal to some tools), at most 255.
      if (digits > 0 && octet === 0) return null;
      octet = (octet < 0 ? 0 : octet * 10) + (c - 48);
      if (++digits > 3 || octet > 255) return null;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      [octet, digits] = [-1, 0];
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return null;
  value = value * 256 + octet;
  let prefix = 32;
  if (i < text.length) {
    const p = text.slice(i + 1);
    if (text.charCodeAt(i) !== 47 || !/^[1-9]\d?$/.test(p)) return null;
    prefix = Number(p);
  }
  if (prefix > 32 || (prefix < 32 && !nets)) return null;
  if (value % 2 ** (32 - prefix) !== 0) return null;
  const addr = text.slice(0, i);
  return prefix === 32 ? addr : `${addr}/${prefix}`;
}

/**
 * One address or network as the set would print it, or why it cannot go in.
 * @param nets whether the set holds networks (hash:net); a hash:ip set takes single addresses only
 */
export function setElement(text: string, family: 'inet' | 'inet6', nets: boolean): { elem: string } | { why: string } {
  const quick = family === 'inet' ? quickV4(text, nets) : null;
  if (quick !== null) return { elem: quick };
  const [addr = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return { why: 'more than one "/"' };
  const a = addressValue(addr);
  if (!a) return { why: 'not an IP address' };
  const width = a.family === 'ipv4' ? 32 : 128;
  if (family === 'inet' && a.family === 'ipv6') return { why: 'an IPv6 address in an IPv4 set (use -6)' };
  if (family === 'inet6' && a.family === 'ipv4') return { why: 'an IPv4 address in an IPv6 set (leave out -6)' };
  let prefix = width;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) return { why: `/${prefixText} is not 0-${width}` };
    prefix = Number(prefixText);
  }
  if (prefix === 0) return { why: 'a /0 network cannot go into a set' };
  if (prefix < width && !nets) return { why: 'a network in a set of single addresses (use a hash:net set)' };
  const host = (1n << BigInt(width - prefix)) - 1n;
  const base = a.value & ~host;
  const print = a.family === 'ipv4' ? v4Text : v6Text;
  if (base !== a.value) return { why: `host bits set: the network is ${print(base)}/${prefix}` };
  return { elem: prefix === width ? print(base) : `${print(base)}/${prefix}` };
}

/** Reads a list of addresses for a set of `family`. */
export function parseAddressList(text: string, family: 'inet' | 'inet6', nets: boolean): AddressList {
  const elems: string[] = [];
  const seen = new Set<string>();
  const problems: ListProblem[] = [];
  let repeated = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const hash = lines[n]!.indexOf('#');
    const item = (hash >= 0 ? lines[n]!.slice(0, hash) : lines[n]!).trim();
    if (item === '') continue;
    const r = setElement(item, family, nets);
    if ('why' in r) {
      problems.push({ line: n + 1, text: printable(item, { newlines: false }), why: r.why });
      continue;
    }
    if (seen.has(r.elem)) repeated++;
    else {
      seen.add(r.elem);
      elems.push(r.elem);
    }
  }
  return { elems, problems, repeated };
}
