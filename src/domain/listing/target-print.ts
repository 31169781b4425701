/**
 * -L text of target extensions beyond the common ones (iptables 1.8.9 libxt_*.c /
 * libipt_*.c / libip6t_*.c print functions, numeric mode), from the options as
 * iptables-save prints them.
 */
import { dscpValue, tosValueMask } from './match-print-xt.js';
import { kernelAddress } from '../text/address-text.js';
import { cNumber, has, hex, v, valueMask, type Printer } from './print-util.js';
import { saveQuote } from '../text/quoting.js';
import type { Match, Target } from '../model/rule-view.js';

/**
 * The mark and mask MARK/CONNMARK keep for `--set-xmark`, `--set-mark`, `--and-mark`, `--or-mark`,
 * `--xor-mark` (libxt_MARK.c / libxt_CONNMARK.c parse), or null when none is given.
 */
function markChange(t: Match | Target): [number, number] | null {
  const xset = has(t, '--set-xmark');
  if (xset) return valueMask(v(xset));
  const set = has(t, '--set-mark');
  if (set) {
    const [mark, mask] = valueMask(v(set));
    return [mark, (mark | mask) >>> 0];
  }
  const and = has(t, '--and-mark');
  if (and) return [0, ~cNumber(v(and)) >>> 0];
  const or = has(t, '--or-mark');
  if (or) return [cNumber(v(or)) >>> 0, cNumber(v(or)) >>> 0];
  const xor = has(t, '--xor-mark');
  if (xor) return [cNumber(v(xor)) >>> 0, 0];
  return null;
}

/** `and 0x..`, `or 0x..`, `xor 0x..`, `set 0x..` or `xset 0x../0x..`, as MARK and CONNMARK print a change. */
function markChangeText([mark, mask]: [number, number]): string {
  if (mark === 0) return `and ${hex(~mask)}`;
  if (mark === mask) return `or ${hex(mark)}`;
  if (mask === 0) return `xor ${hex(mark)}`;
  if (mask === 0xffffffff) return `set ${hex(mark)}`;
  return `xset ${hex(mark)}/${hex(mask)}`;
}

const connmark: Printer = (t) => {
  const shift = has(t, '--left-shift-mark') ?? has(t, '--right-shift-mark');
  const shiftText = shift && v(shift) !== '0' ? ` ${shift.name.slice(2)} ${v(shift)}` : '';
  const change = markChange(t);
  if (change) return ` CONNMARK ${markChangeText(change)}${shiftText}`;
  // --mask M stands for --nfmask M --ctmask M.
  const both = v(has(t, '--mask'));
  const nf = cNumber(v(has(t, '--nfmask')) || both || '0xffffffff') >>> 0;
  const ct = cNumber(v(has(t, '--ctmask')) || both || '0xffffffff') >>> 0;
  const full = 0xffffffff;
  if (has(t, '--save-mark')) {
    if (nf === full && ct === full) return ` CONNMARK save${shiftText}`;
    if (nf === ct) return ` CONNMARK save mask ${hex(nf)}${shiftText}`;
    return ` CONNMARK save nfmask ${hex(nf)} ctmask ~${hex(ct)}${shiftText}`;
  }
  if (ct === full && nf === full) return ` CONNMARK restore${shiftText}`;
  if (ct === nf) return ` CONNMARK restore mask ${hex(ct)}${shiftText}`;
  return ` CONNMARK restore ctmask ${hex(ct)} nfmask ~${hex(nf)}${shiftText}`;
};

const HMARK_ORDER: [string, string, 'dec' | 'hex'][] = [
  ['--hmark-src-prefix', 'src-prefix', 'dec'],
  ['--hmark-dst-prefix', 'dst-prefix', 'dec'],
  ['--hmark-sport-mask', 'sport-mask', 'hex'],
  ['--hmark-dport-mask', 'dport-mask', 'hex'],
  ['--hmark-spi-mask', 'spi-mask', 'hex'],
  ['--hmark-sport', 'sport', 'hex'],
  ['--hmark-dport', 'dport', 'hex'],
  ['--hmark-spi', 'spi', 'hex'],
  ['--hmark-proto-mask', 'proto-mask', 'hex'],
  ['--hmark-rnd', 'rnd', 'hex'],
];

const hmark: Printer = (t) => {
  let out = ' HMARK ';
  const mod = has(t, '--hmark-mod');
  if (mod) out += `mod ${v(mod)} `;
  const offset = has(t, '--hmark-offset');
  if (offset) out += `+ ${hex(cNumber(v(offset)))} `;
  if (v(has(t, '--hmark-tuple')) === 'ct') out += 'ct, ';
  for (const [name, label, kind] of HMARK_ORDER) {
    const o = has(t, name);
    if (o) out += `${label} ${kind === 'hex' ? hex(cNumber(v(o))) : v(o)} `;
  }
  return out;
};

const nfqueue: Printer = (t) => {
  const balance = has(t, '--queue-balance');
  let out = balance ? ` NFQUEUE balance ${v(balance)}` : ` NFQUEUE num ${v(has(t, '--queue-num')) || '0'}`;
  if (has(t, '--queue-bypass')) out += ' bypass';
  if (has(t, '--queue-cpu-fanout')) out += ' cpu-fanout';
  return out;
};

const synproxy: Printer = (t) => {
  let out = ' SYNPROXY ';
  if (has(t, '--sack-perm')) out += 'sack-perm ';
  if (has(t, '--timestamp')) out += 'timestamp ';
  if (has(t, '--wscale')) out += `wscale ${v(has(t, '--wscale'))} `;
  if (has(t, '--mss')) out += `mss ${v(has(t, '--mss'))} `;
  if (has(t, '--ecn')) out += 'ecn ';
  return out;
};

function hopLimitTarget(label: 'TTL' | 'HL'): Printer {
  const key = label.toLowerCase();
  return (t) => {
    if (has(t, `--${key}-set`)) return ` ${label} set to ${v(has(t, `--${key}-set`))}`;
    if (has(t, `--${key}-inc`)) return ` ${label} increment by ${v(has(t, `--${key}-inc`))}`;
    return ` ${label} decrement by ${v(has(t, `--${key}-dec`))}`;
  };
}

const tproxy: Printer = (t) => {
  const ip = v(has(t, '--on-ip')) || '0.0.0.0';
  const mark = has(t, '--tproxy-mark');
  const [value, mask] = valueMask(v(mark) || '0/0');
  return ` TPROXY redirect ${ip}:${v(has(t, '--on-port'))} mark ${hex(value)}/${hex(mask)}`;
};

const classify: Printer = (t) => {
  const [major = '0', minor = '0'] = v(has(t, '--set-class')).split(':');
  return ` CLASSIFY set ${parseInt(major, 16).toString(16)}:${parseInt(minor, 16).toString(16)}`;
};

/** NFLOG prints what it saves; group 0 is the default and nft drops the obsolete `--nflog-range`. */
const nflog: Printer = (t, ctx) =>
  t.options
    .filter((o) => !(o.name === '--nflog-group' && cNumber(v(o)) === 0))
    .filter((o) => !(o.name === '--nflog-range' && ctx.variant === 'nft'))
    .map((o) => ` ${o.name.slice(2)} ${o.name === '--nflog-prefix' ? saveQuote(v(o)) : o.values.join(' ')}`)
    .join('');

const ecnTarget: Printer = (t) => {
  if (has(t, '--ecn-tcp-remove')) return ' ECN TCP remove';
  let out = ' ECN';
  const ece = has(t, '--ecn-tcp-ece');
  const cwr = has(t, '--ecn-tcp-cwr');
  const ect = has(t, '--ecn-ip-ect');
  if (ece || cwr) out += ` TCP${ece ? ` ECE=${v(ece)}` : ''}${cwr ? ` CWR=${v(cwr)}` : ''}`;
  if (ect) out += ` ECT codepoint=${v(ect)}`;
  return out;
};

/** TOS: `--set-tos`, or `--and-tos`/`--or-tos`/`--xor-tos` as the value/mask the kernel keeps. */
const tos: Printer = (t) => {
  const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  const and = has(t, '--and-tos');
  if (and) return ` TOS set 0x00/${hex2(~cNumber(v(and)) & 0xff)}`;
  const or = has(t, '--or-tos');
  if (or) return ` TOS set ${hex2(cNumber(v(or)))}/${hex2(cNumber(v(or)))}`;
  const xor = has(t, '--xor-tos');
  if (xor) return ` TOS set ${hex2(cNumber(v(xor)))}/0x00`;
  return ` TOS set ${tosValueMask(v(has(t, '--set-tos')))}`;
};

/** LED: the trigger id quoted with `"` and `\\` escaped, the delay always (0 by default). */
const led: Printer = (t) => {
  const id = v(has(t, '--led-trigger-id')).replace(/["\\]/g, (c) => `\\${c}`);
  const delay = v(has(t, '--led-delay')) || '0';
  const delayText = delay.toLowerCase().startsWith('inf') ? 'inf' : `${cNumber(delay)}ms`;
  return ` led-trigger-id:"${id}" led-delay:${delayText}${has(t, '--led-always-blink') ? ' led-always-blink' : ''}`;
};

const clusterip: Printer = (t) => {
  if (!has(t, '--new')) return ' CLUSTERIP';
  const mac = v(has(t, '--clustermac')).toUpperCase();
  const hashmode = v(has(t, '--hashmode'));
  const nodes = `total_nodes=${v(has(t, '--total-nodes'))} local_node=${v(has(t, '--local-node'))}`;
  return ` CLUSTERIP hashmode=${hashmode} clustermac=${mac} ${nodes} hash_init=${v(has(t, '--hash-init')) || '0'}`;
};

/** The targets this file prints, by name. */
export const MORE_TARGETS: Readonly<Record<string, Printer>> = {
  CONNMARK: connmark,
  MARK: (t) => {
    const change = markChange(t);
    return change ? ` MARK ${markChangeText(change)}` : ' MARK';
  },
  HMARK: hmark,
  NFQUEUE: nfqueue,
  SYNPROXY: synproxy,
  TPROXY: tproxy,
  CLASSIFY: classify,
  NFLOG: nflog,
  ECN: ecnTarget,
  TTL: hopLimitTarget('TTL'),
  HL: hopLimitTarget('HL'),
  AUDIT: (t) => ` AUDIT ${v(has(t, '--type'))}`,
  CHECKSUM: () => ' CHECKSUM fill',
  CONNSECMARK: (t) => (has(t, '--save') ? ' CONNSECMARK save' : ' CONNSECMARK restore'),
  DSCP: (t) => {
    const o = has(t, '--set-dscp') ?? has(t, '--set-dscp-class');
    return ` DSCP set 0x${dscpValue(o?.name === '--set-dscp-class', v(o))
      .toString(16)
      .padStart(2, '0')}`;
  },
  IDLETIMER: (t) =>
    ` timeout:${v(has(t, '--timeout'))} label:${v(has(t, '--label'))}${has(t, '--alarm') ? ' alarm' : ''}`,
  NOTRACK: () => ' NOTRACK',
  // Not loadable on this test machine (no LED trigger, no SELinux, CLUSTERIP left the kernel in 6.x):
  // printed as libxt_LED.c, libxt_SECMARK.c and libipt_CLUSTERIP.c do.
  LED: led,
  SECMARK: (t) => ` SECMARK selctx ${v(has(t, '--selctx'))}`,
  CLUSTERIP: clusterip,
  RATEEST: (t) => t.options.map((o) => ` ${o.name.replace(/^--rateest-/, '')} ${v(o)}`).join(''),
  TCPOPTSTRIP: (t) => (has(t, '--strip-options') ? ` TCPOPTSTRIP options ${v(has(t, '--strip-options'))}` : ''),
  TEE: (t) => ` TEE gw:${v(has(t, '--gateway'))}${has(t, '--oif') ? ` oif=${v(has(t, '--oif'))}` : ''}`,
  TOS: tos,
  NETMAP: (t, ctx) => {
    const to = v(has(t, '--to'));
    return ` to:${kernelAddress(to.includes('/') ? to : `${to}/${ctx.family === 'ipv6' ? 128 : 32}`, ctx.family)}`;
  },
  DNPT: (t) => ` DNPT src-pfx ${v(has(t, '--src-pfx'))} dst-pfx ${v(has(t, '--dst-pfx'))}`,
  SNPT: (t) => ` SNPT src-pfx ${v(has(t, '--src-pfx'))} dst-pfx ${v(has(t, '--dst-pfx'))}`,
};

/** What `iptables -L` shows in the target column for a target name: aliases show their real target. */
export function listTargetName(name: string): string {
  return name === 'NOTRACK' ? 'CT' : name;
}
