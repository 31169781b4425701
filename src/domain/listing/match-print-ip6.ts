/**
 * -L text of the IPv6 extension-header matches (iptables 1.8.9 libip6t_*.c print
 * functions, numeric mode), from the options as ip6tables-save prints them.
 */
import { bang, has, range, v, type Printer } from './print-util.js';
import type { Match } from '../model/rule-view.js';

function options(kind: 'dst' | 'hbh'): Printer {
  return (m) => {
    const len = has(m, `--${kind}-len`);
    const opts = has(m, `--${kind}-opts`);
    return ` ${kind}${len ? ` length:${bang(len)}${v(len)}` : ''}${opts ? ` opts ${v(opts)}` : ''}`;
  };
}

const frag: Printer = (m) => {
  let out = ` frag ${range('id', has(m, '--fragid'), 4294967295, '')}`;
  const len = has(m, '--fraglen');
  if (len) out += ` length:${bang(len)}${v(len)}`;
  if (has(m, '--fragres')) out += ' reserved';
  if (has(m, '--fragfirst')) out += ' first';
  if (has(m, '--fragmore')) out += ' more';
  if (has(m, '--fraglast')) out += ' last';
  return out;
};

const HEADER_BITS: Readonly<Record<string, number>> = {
  'hop-by-hop': 0x80,
  hop: 0x80,
  hopopt: 0x80,
  '0': 0x80,
  'ipv6-opts': 0x40,
  dst: 0x40,
  '60': 0x40,
  'ipv6-route': 0x20,
  route: 0x20,
  '43': 0x20,
  'ipv6-frag': 0x10,
  frag: 0x10,
  '44': 0x10,
  ah: 0x08,
  auth: 0x08,
  '51': 0x08,
  esp: 0x04,
  '50': 0x04,
  'ipv6-nonxt': 0x02,
  none: 0x02,
  '59': 0x02,
  prot: 0x01,
  protocol: 0x01,
  raw: 0x01,
  '255': 0x01,
};

const ipv6header: Printer = (m) => {
  const header = has(m, '--header');
  const bits = v(header)
    .split(',')
    .reduce((b, name) => b | (HEADER_BITS[name.toLowerCase()] ?? 0), 0);
  let out = ' ipv6header';
  if (bits || header?.negated) out += ` flags:${bang(header)}0x${bits.toString(16).toUpperCase().padStart(2, '0')}`;
  if (has(m, '--soft')) out += ' soft';
  return out;
};

const mh: Printer = (m) => {
  const type = has(m, '--mh-type');
  if (!type) return ' mh';
  const [lo = '0', hi] = v(type).split(':');
  const min = Number(lo || '0');
  const max = hi === undefined ? min : Number(hi || '255');
  if (min === 0 && max === 255 && !type.negated) return ' mh';
  return ` mh ${bang(type)}${min === max ? min : `${min}:${max}`}`;
};

const rt: Printer = (m) => {
  const type = has(m, '--rt-type');
  let out = ' rt';
  if (type) out += ` type:${bang(type)}${v(type)}`;
  out += range('segsleft', has(m, '--rt-segsleft'));
  const len = has(m, '--rt-len');
  if (len) out += ` length:${bang(len)}${v(len)}`;
  if (has(m, '--rt-0-res')) out += ' reserved';
  const addrs = has(m, '--rt-0-addrs');
  if (addrs) out += ` 0-addrs ${v(addrs)}`;
  if (has(m, '--rt-0-not-strict')) out += ' 0-not-strict';
  return out;
};

const srh: Printer = (m: Match) => {
  let out = ' srh';
  for (const o of m.options) {
    const name = o.name.replace(/^--srh-/, '');
    if (/^(p|n|l)sid$/.test(name)) out += ` ${name} ${bang(o)} ${v(o)}`;
    else out += ` ${name}:${bang(o)}${v(o)}`;
  }
  return out;
};

/** The ip6t extension-header matches this file prints, by module name. */
export const IP6_MATCHES: Readonly<Record<string, Printer>> = {
  dst: options('dst'),
  hbh: options('hbh'),
  frag,
  ipv6header,
  mh,
  rt,
  srh,
  eui64: () => '',
};
