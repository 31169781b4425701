/**
 * -L text of the other xt/ipt match extensions (iptables 1.8.9 libxt_*.c / libipt_*.c print
 * functions, numeric mode), from the options as iptables-save prints them or as a rule file
 * writes them (names and shorthand are turned into what the kernel keeps).
 */
import { PROTO_MATCHES } from './match-print-proto.js';
import { RATE_MATCHES } from './match-print-rate.js';
import { asSaved, bang, cNumber, has, hex, neg, portRange, spaceBang, v } from './print-util.js';
import { valueMask, withoutDashes } from './print-util.js';
import type { Printer } from './print-util.js';
import { saveQuote } from '../text/quoting.js';
import { protocolNumber } from '../model/protocols.js';
import type { RuleOption } from '../model/rule-view.js';

const policy: Printer = (m) => {
  let out = ' policy match';
  const elements: RuleOption[][] = [[]];
  for (const o of m.options) {
    if (o.name === '--dir') out += ` dir ${v(o)}`;
    else if (o.name === '--pol') out += ` pol ${v(o)}`;
    else if (o.name === '--strict') out += ' strict';
    else if (o.name === '--next') elements.push([]);
    else elements[elements.length - 1]!.push(o);
  }
  elements.forEach((element, i) => {
    if (elements.length > 1) out += ` [${i}]`;
    for (const o of element) {
      let value = v(o);
      if (o.name === '--proto') value = protocolNumber(value);
      else if (o.name === '--spi') value = `0x${cNumber(value).toString(16)}`;
      out += `${spaceBang(o)} ${o.name.slice(2)} ${value}`;
    }
  });
  return out;
};

const string: Printer = (m) => {
  const hexOpt = has(m, '--hex-string');
  const o = hexOpt ?? has(m, '--string');
  // A pattern with unprintable bytes is saved (and listed) as |hex|; others with " and \ escaped.
  const pattern = hexOpt ? v(o) : v(o).replace(/["\\]/g, (c) => `\\${c}`);
  let out = ` STRING match ${bang(o)} "${pattern}" ALGO name ${v(has(m, '--algo'))}`;
  const from = has(m, '--from');
  if (from && v(from) !== '0') out += ` FROM ${v(from)}`;
  const to = has(m, '--to');
  if (to && v(to) !== '65535') out += ` TO ${v(to)}`;
  if (has(m, '--icase')) out += ' ICASE';
  return out;
};

/** bpf prints without a leading space and ends with a NUL byte, as iptables 1.8.9 does. */
const bpf: Printer = (m) => {
  const code = has(m, '--bytecode');
  if (!code) return ` match bpf pinned ${v(has(m, '--object-pinned'))}`;
  return `match bpf ${v(code).split(',').slice(1).join(',')}\0`;
};

const ecn: Printer = (m) => {
  let out = ' ECN match';
  const ece = has(m, '--ecn-tcp-ece');
  const cwr = has(m, '--ecn-tcp-cwr');
  const ect = has(m, '--ecn-ip-ect');
  if (ece) out += ` ${bang(ece)}ECE`;
  if (cwr) out += ` ${bang(cwr)}CWR`;
  if (ect) out += ` ${bang(ect)}ECT=${v(ect)}`;
  return out;
};

const DSCP_CLASSES: Readonly<Record<string, number>> = {
  CS0: 0,
  CS1: 8,
  CS2: 16,
  CS3: 24,
  CS4: 32,
  CS5: 40,
  CS6: 48,
  CS7: 56,
  BE: 0,
  EF: 46,
  AF11: 10,
  AF12: 12,
  AF13: 14,
  AF21: 18,
  AF22: 20,
  AF23: 22,
  AF31: 26,
  AF32: 28,
  AF33: 30,
  AF41: 34,
  AF42: 36,
  AF43: 38,
};

/** A DSCP value from `--dscp N` or `--dscp-class NAME`. */
export function dscpValue(isClass: boolean, text: string): number {
  return isClass ? (DSCP_CLASSES[text.toUpperCase()] ?? 0) : cNumber(text);
}

const TOS_NAMES: Readonly<Record<string, number>> = {
  'minimize-delay': 0x10,
  'maximize-throughput': 0x08,
  'maximize-reliability': 0x04,
  'minimize-cost': 0x02,
  'normal-service': 0x00,
};

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/** `--tos`/`--set-tos` as the kernel keeps it: a symbolic name is value/0x3f, a bare value /0xff. */
export function tosValueMask(text: string): string {
  const named = TOS_NAMES[text.toLowerCase()];
  if (named !== undefined) return `${hex2(named)}/0x3f`;
  const [value = '0', mask] = text.split('/');
  return `${hex2(cNumber(value))}/${hex2(mask === undefined ? 0xff : cNumber(mask))}`;
}

/** connmark value: `0xV` when the mask is all ones, else `0xV/0xM`. */
function markText(text: string): string {
  const [value = '0', mask] = text.split('/');
  const hexOf = (t: string): string => `0x${(cNumber(t) >>> 0).toString(16)}`;
  if (mask === undefined || cNumber(mask) >>> 0 === 0xffffffff) return hexOf(value);
  return `${hexOf(value)}/${hexOf(mask)}`;
}

const cluster: Printer = (m) => {
  // --cluster-local-node N is saved as the node mask 1 << (N - 1).
  const node = has(m, '--cluster-local-node');
  const maskOpt = has(m, '--cluster-local-nodemask');
  const mask = maskOpt ? cNumber(v(maskOpt)) : node ? 2 ** (Number(v(node)) - 1) : 0;
  const seed = cNumber(v(has(m, '--cluster-hash-seed')) || '0');
  const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
  const total = v(has(m, '--cluster-total-nodes'));
  return ` cluster ${bang(maskOpt ?? node)}node_mask=${hex8(mask)} total_nodes=${total} hash_seed=${hex8(seed)}`;
};

const iprange: Printer = (m) => {
  const src = has(m, '--src-range');
  const dst = has(m, '--dst-range');
  const from = src ? ` source IP range ${neg(src)}${v(src)}` : '';
  return `${from}${dst ? ` destination IP range ${neg(dst)}${v(dst)}` : ''}`;
};

/** devgroup: ` src-group 0x1`, ` ! dst-group 0x2/0xff` (xtables_print_val_mask, numeric). */
const devgroup: Printer = (m) =>
  m.options
    .map((o) => {
      const [value, mask] = valueMask(v(o));
      return `${spaceBang(o)} ${o.name.slice(2)} ${hex(value)}${mask === 0xffffffff ? '' : `/${hex(mask)}`}`;
    })
    .join('');

const cgroup: Printer = (m) => {
  const path = has(m, '--path');
  const id = has(m, '--cgroup');
  return ` cgroup${path ? ` ${neg(path)}${v(path)}` : ''}${id ? ` ${neg(id)}${v(id)}` : ''}`;
};

/** The xt/ipt matches printed here and in match-print-proto.ts / match-print-rate.ts, by module name. */
export const XT_MATCHES: Readonly<Record<string, Printer>> = {
  ...PROTO_MATCHES,
  ...RATE_MATCHES,
  policy,
  string,
  bpf,
  ecn,
  cluster,
  iprange,
  cgroup,
  devgroup,
  // Not loadable on this test machine (no IPVS, no nfacct tool): printed as libxt_ipvs.c / libxt_nfacct.c do.
  ipvs: (m) => withoutDashes(m),
  nfacct: (m) => ` nfacct-name ${saveQuote(v(has(m, '--nfacct-name')))}`,
  socket: (m) => ` socket${asSaved(m)}`,
  physdev: (m) => ` PHYSDEV match${asSaved(m)}`,
  connlabel: (m) => {
    const label = has(m, '--label');
    return ` connlabel${spaceBang(label)} ${v(label)}${has(m, '--set') ? ' set' : ''}`;
  },
  connmark: (m) => `${spaceBang(has(m, '--mark'))} connmark match  ${markText(v(has(m, '--mark')))}`,
  cpu: (m) => ` cpu ${neg(has(m, '--cpu'))}${v(has(m, '--cpu'))}`,
  dscp: (m) => {
    const o = has(m, '--dscp') ?? has(m, '--dscp-class');
    return ` DSCP match ${bang(o)}${hex2(dscpValue(o?.name === '--dscp-class', v(o)))}`;
  },
  helper: (m) => ` helper match ${neg(has(m, '--helper'))}"${v(has(m, '--helper'))}"`,
  length: (m) => ` length ${bang(has(m, '--length'))}${portRange(v(has(m, '--length')))}`,
  osf: (m) => ` OS fingerprint match ${neg(has(m, '--genre'))}${v(has(m, '--genre'))}`,
  realm: (m) => ` realm ${neg(has(m, '--realm'))}${v(has(m, '--realm'))}`,
  tcpmss: (m) => ` tcpmss match ${bang(has(m, '--mss'))}${v(has(m, '--mss'))}`,
  tos: (m) => ` tos match${bang(has(m, '--tos'))}${tosValueMask(v(has(m, '--tos')))}`,
  u32: (m) => ` u32 ${neg(has(m, '--u32'))}"${v(has(m, '--u32'))}"`,
};
