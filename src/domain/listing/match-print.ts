/**
 * The "extra" column of `iptables -L -n -v`: how iptables 1.8.9 prints each
 * match and target (libxt_*.c print functions, numeric mode). Modules not
 * listed here fall back to their options as written in the rule.
 */
import { XT_MATCHES } from './match-print-xt.js';
import { IP6_MATCHES } from './match-print-ip6.js';
import { DEFAULT_CONTEXT, portRange, portSpan, withoutDashes, type PrintContext, type Printer } from './print-util.js';
import { parseIcmpType } from '../model/icmp-types.js';
import { protocolNumber } from '../model/protocols.js';
import type { Family } from '../model/ruleset.js';
import { cNumber } from './print-util.js';
import { optionOf, type Match, type RuleOption, type Target } from '../model/rule-view.js';
import { MORE_TARGETS } from './target-print.js';

const v = (o: RuleOption | undefined, i = 0): string => o?.values[i] ?? '';
const bang = (o: RuleOption | undefined): string => (o?.negated ? '!' : '');

function ports(label: string, o: RuleOption | undefined): string {
  if (!o) return '';
  const [min, max] = portRange(v(o)).split(':');
  if (max !== undefined && max !== min) return ` ${label}s:${bang(o)}${min}:${max}`;
  return ` ${label}:${bang(o)}${min}`;
}

const TCP_FLAGS: Readonly<Record<string, number>> = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ALL: 0x3f,
  NONE: 0,
};
function flagBits(list: string): number {
  return list.split(',').reduce((bits, f) => bits | (TCP_FLAGS[f] ?? 0), 0);
}
const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

const tcp: Printer = (m) => {
  let out = ` tcp${ports('spt', optionOf(m, '--sport'))}${ports('dpt', optionOf(m, '--dport'))}`;
  const syn = optionOf(m, '--syn');
  if (syn) out += ` flags:${bang(syn)}0x17/0x02`;
  const flags = optionOf(m, '--tcp-flags');
  if (flags) out += ` flags:${bang(flags)}${hex2(flagBits(v(flags, 0)))}/${hex2(flagBits(v(flags, 1)))}`;
  const option = optionOf(m, '--tcp-option');
  if (option) out += ` option=${bang(option)}${v(option)}`;
  return out;
};

const udp: Printer = (m) => ` udp${ports('spt', optionOf(m, '--sport'))}${ports('dpt', optionOf(m, '--dport'))}`;

/** ` icmptype 8`, ` icmptype 3 code 3`: numeric, names looked up as iptables does. */
function icmpType(prefix: string, o: RuleOption | undefined, family: Family): string {
  if (!o) return ` ${prefix}`;
  const parsed = parseIcmpType(v(o), family);
  const lead = ` ${prefix}${o.negated ? ' !' : ''}`;
  if (parsed === 'any') return `${lead}type 255`;
  if (!parsed) return `${lead}type ${v(o)}`;
  return `${lead}type ${parsed.type}${parsed.code !== null ? ` code ${parsed.code}` : ''}`;
}

/** Connection states in the order iptables prints them. */
const STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
const STATUS_ORDER = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];
const inOrder = (list: string, order: readonly string[]): string =>
  list
    .split(',')
    .map((s) => s.toUpperCase())
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .join(',');

const multiport: Printer = (m) => {
  const kinds: [string, string][] = [
    ['--sports', 'sports'],
    ['--source-ports', 'sports'],
    ['--dports', 'dports'],
    ['--destination-ports', 'dports'],
    ['--ports', 'ports'],
  ];
  for (const [name, label] of kinds) {
    const o = optionOf(m, name);
    if (o)
      return ` multiport ${label} ${o.negated ? ' !' : ''}${v(o)
        .split(',')
        .map((p) => portRange(p))
        .join(',')}`;
  }
  return ' multiport';
};

/** conntrack/state print each option as ` ! ctNAME value`. */
const conntrack: Printer = (m) =>
  m.options
    .map((o) => {
      let values = o.name === '--ctproto' ? o.values.map(protocolNumber) : o.values;
      if (o.name === '--ctstate') values = values.map((x) => inOrder(x, STATE_ORDER));
      if (o.name === '--ctstatus') values = values.map((x) => inOrder(x, STATUS_ORDER));
      return `${o.negated ? ' !' : ''} ${o.name.replace(/^--/, '')} ${values.join(' ')}`;
    })
    .join('');

const state: Printer = (m) => {
  const o = optionOf(m, '--state');
  return `${o?.negated ? ' !' : ''} state ${inOrder(v(o), STATE_ORDER)}`;
};

const comment: Printer = (m) => m.options.map((o) => ` /* ${v(o)} */`).join('');

/** limit's units in its scale (XT_LIMIT_SCALE, 1e-4 s). */
const LIMIT_UNITS: readonly [string, number][] = [
  ['day', 86400e4],
  ['hour', 3600e4],
  ['min', 60e4],
  ['sec', 1e4],
];

/** libxt_limit print_rate: the rate as the kernel keeps it, e.g. `900/min` -> `15/sec`. */
function limitRate(text: string): string {
  const [count = '3', unit = 'hour'] = text.split('/');
  const mult = LIMIT_UNITS.find(([name]) => name[0] === unit[0])?.[1] ?? 3600e4;
  const period = Math.floor(mult / Number(count || '1'));
  if (period === 0) return 'inf';
  let i = 1;
  for (; i < LIMIT_UNITS.length; i++) {
    const m = LIMIT_UNITS[i]![1];
    if (period > m || Math.floor(m / period) < m % period) break;
  }
  const [name, m] = LIMIT_UNITS[i - 1]!;
  return `${Math.floor(m / period)}/${name}`;
}

const limit: Printer = (m) => {
  const rate = optionOf(m, '--limit');
  const burst = optionOf(m, '--limit-burst');
  return ` limit: avg ${limitRate(rate ? v(rate) : '3/hour')} burst ${burst ? v(burst) : '5'}`;
};

const addrtype: Printer = (m) => {
  let out = ' ADDRTYPE match';
  const src = optionOf(m, '--src-type');
  const dst = optionOf(m, '--dst-type');
  if (src) out += ` src-type ${bang(src)}${v(src)}`;
  if (dst) out += ` dst-type ${bang(dst)}${v(dst)}`;
  if (optionOf(m, '--limit-iface-in')) out += ' limit-in';
  if (optionOf(m, '--limit-iface-out')) out += ' limit-out';
  return out;
};

const recent: Printer = (m, ctx) => {
  const has = (n: string): RuleOption | undefined => optionOf(m, n);
  const mode = ['--set', '--rcheck', '--update', '--remove'].map(has).find(Boolean);
  let out = `${mode?.negated ? ' !' : ''} recent:`;
  if (has('--set')) out += ' SET';
  if (has('--rcheck')) out += ' CHECK';
  if (has('--update')) out += ' UPDATE';
  if (has('--remove')) out += ' REMOVE';
  if (has('--seconds')) out += ` seconds: ${v(has('--seconds'))}`;
  if (has('--reap')) out += ' reap';
  if (has('--hitcount')) out += ` hit_count: ${v(has('--hitcount'))}`;
  if (has('--rttl')) out += ' TTL-Match';
  out += ` name: ${has('--name') ? v(has('--name')) : 'DEFAULT'}`;
  out += has('--rdest') ? ' side: dest' : ' side: source';
  const fullMask = ctx.family === 'ipv6' ? 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' : '255.255.255.255';
  out += ` mask: ${has('--mask') ? v(has('--mask')) : fullMask}`;
  return out;
};

function hopLimit(label: string): Printer {
  return (m) => {
    const ops: [string, string][] = [
      ['-eq', '=='],
      ['-lt', '<'],
      ['-gt', '>'],
    ];
    const key = label.toLowerCase();
    for (const [suffix, op] of ops) {
      const o = optionOf(m, `--${key}${suffix}`);
      if (o) return ` ${label} match ${label} ${o.negated && op === '==' ? '!=' : op} ${v(o)}`;
    }
    return ` ${label} match`;
  };
}

const mark: Printer = (m) => {
  const o = optionOf(m, '--mark');
  const [value = '0', mask] = v(o).split('/');
  const hexOf = (t: string): string => `0x${(cNumber(t) >>> 0).toString(16)}`;
  return ` mark match ${o?.negated ? '! ' : ''}${hexOf(value)}${mask !== undefined ? `/${hexOf(mask)}` : ''}`;
};

/** set and SET print what they save, without the dashes (libxt_set.c, libxt_SET.c). */
const set: Printer = (m) => withoutDashes(m);

const statistic: Printer = (m) => {
  const mode = v(optionOf(m, '--mode'));
  if (mode === 'random') {
    const p = optionOf(m, '--probability');
    return ` statistic mode random${p?.negated ? ' !' : ''} probability ${v(p)}`;
  }
  const every = optionOf(m, '--every');
  const packet = optionOf(m, '--packet');
  return ` statistic mode nth${every?.negated ? ' !' : ''} every ${v(every)}${packet ? ` packet ${v(packet)}` : ''}`;
};

const pkttype: Printer = (m) => {
  const o = optionOf(m, '--pkt-type');
  return ` PKTTYPE ${o?.negated ? '!' : ''}= ${v(o)}`;
};

const mac: Printer = (m) => {
  const o = optionOf(m, '--mac-source');
  return ` MAC ${o?.negated ? '! ' : ''}${v(o)}`;
};

const owner: Printer = (m) => {
  const items: [string, string][] = [
    ['--socket-exists', 'owner socket exists'],
    ['--uid-owner', 'owner UID match'],
    ['--gid-owner', 'owner GID match'],
  ];
  return (
    items
      .map(([name, label]) => {
        const o = optionOf(m, name);
        // root is uid/gid 0 everywhere; other names depend on the machine that loads the rules.
        const ids = o?.values
          .map((x) => (x === 'root' ? '0' : x))
          .join(' ')
          .replace(':', '-');
        return o ? `${o.negated ? ' !' : ''} ${label}${ids ? ` ${ids}` : ''}` : '';
      })
      .join('') + (optionOf(m, '--suppl-groups') ? ' incl. suppl. groups' : '')
  );
};

// ---- targets ----

const LOG_FLAGS: Readonly<Record<string, number>> = {
  '--log-tcp-sequence': 0x01,
  '--log-tcp-options': 0x02,
  '--log-ip-options': 0x04,
  '--log-uid': 0x08,
  '--log-macdecode': 0x20,
};
const LOG_LEVELS: Readonly<Record<string, number>> = {
  emerg: 0,
  alert: 1,
  crit: 2,
  error: 3,
  err: 3,
  warning: 4,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

const log: Printer = (t) => {
  const flags = t.options.reduce((bits, o) => bits | (LOG_FLAGS[o.name] ?? 0), 0);
  const levelText = v(optionOf(t, '--log-level')) || '4';
  const level = LOG_LEVELS[levelText] ?? Number(levelText);
  const prefix = optionOf(t, '--log-prefix');
  return ` LOG flags ${flags} level ${level}${prefix ? ` prefix "${v(prefix)}"` : ''}`;
};

const reject: Printer = (t, ctx) => {
  const fallback = ctx.family === 'ipv6' ? 'icmp6-port-unreachable' : 'icmp-port-unreachable';
  return ` reject-with ${v(optionOf(t, '--reject-with')) || fallback}`;
};

/** NAT ports as numbers: `1.1.1.1:ssh` -> `1.1.1.1:22`, `[::1]:10-20/ftp` -> `[::1]:10-20/21`. */
function natTo(text: string): string {
  const m = /^(.*(?:\]|\.\d+)):([^:\]]+)$/.exec(text);
  return m ? `${m[1]}:${m[2]!.split('/').map(portSpan).join('/')}` : text;
}

/** REDIRECT/MASQUERADE ports: names as numbers, `a-a` -> `a`. */
function toPorts(text: string): string {
  const [from = '', to] = portSpan(text.replace(':', '-')).split('-');
  return to === undefined || to === from ? from : `${from}-${to}`;
}

function nat(optionName: string): Printer {
  return (t) => {
    let out = '';
    for (const o of t.options) {
      // getopt takes a unique prefix: older files say `--to` for --to-destination / --to-source.
      if (o.name === optionName || o.name === '--to') out += ` to:${natTo(v(o))}`;
      else if (o.name === '--random') out += ' random';
      else if (o.name === '--random-fully') out += ' random-fully';
      else if (o.name === '--persistent') out += ' persistent';
    }
    return out;
  };
}

const masquerade: Printer = (t) => {
  let out = '';
  const ports = optionOf(t, '--to-ports') ?? optionOf(t, '--to-port');
  if (ports) out += ` masq ports: ${toPorts(v(ports))}`;
  if (optionOf(t, '--random')) out += ' random';
  if (optionOf(t, '--random-fully')) out += ' random-fully';
  return out;
};

const redirect: Printer = (t) => {
  const ports = optionOf(t, '--to-ports') ?? optionOf(t, '--to-port');
  return `${ports ? ` redir ports ${toPorts(v(ports))}` : ''}${optionOf(t, '--random') ? ' random' : ''}`;
};

const tcpmss: Printer = (t) => {
  const mss = optionOf(t, '--set-mss');
  return mss ? ` TCPMSS set ${v(mss)}` : ' TCPMSS clamp to PMTU';
};

const ct: Printer = (t) =>
  optionOf(t, '--notrack')
    ? ' CT notrack'
    : ` CT${t.options.map((o) => ` ${o.name.slice(2)} ${o.values.join(' ')}`).join('')}`;

const icmp6: Printer = (m) => icmpType('ipv6-icmp', optionOf(m, '--icmpv6-type'), 'ipv6');

const MATCHES: Readonly<Record<string, Printer>> = {
  ...XT_MATCHES,
  ...IP6_MATCHES,
  tcp,
  udp,
  multiport,
  conntrack,
  state,
  comment,
  limit,
  addrtype,
  recent,
  mark,
  set,
  statistic,
  pkttype,
  mac,
  owner,
  icmp: (m, ctx) => icmpType('icmp', optionOf(m, '--icmp-type'), ctx.family),
  icmp6: icmp6,
  // `-p ipv6-icmp --icmpv6-type X` without `-m icmp6` (restore input) is the same match.
  'ipv6-icmp': icmp6,
  icmpv6: icmp6,
  hl: hopLimit('HL'),
  ttl: hopLimit('TTL'),
};

const TARGETS: Readonly<Record<string, Printer>> = {
  ...MORE_TARGETS,
  SET: set,
  LOG: log,
  REJECT: reject,
  DNAT: nat('--to-destination'),
  SNAT: nat('--to-source'),
  MASQUERADE: masquerade,
  REDIRECT: redirect,
  TCPMSS: tcpmss,
  CT: ct,
  NFLOG: MORE_TARGETS.NFLOG!,
};

function fallback(name: string, options: readonly RuleOption[]): string {
  const option = (o: RuleOption): string =>
    `${o.negated ? ' !' : ''} ${o.name.replace(/^--?/, '')}${o.values.map((x) => ` ${x}`).join('')}`;
  return ` ${name}${options.map(option).join('')}`;
}

/** Which iptables prints the list: legacy prints `NAME ` for a match without a print function (eui64). */
export type ListVariant = PrintContext['variant'];

/** The -L text of one match, e.g. ` tcp dpt:22`. */
export function printMatch(match: Match, ctx: PrintContext = DEFAULT_CONTEXT): string {
  if (match.name === 'eui64' && ctx.variant === 'legacy') return 'eui64 ';
  const printer = MATCHES[match.name];
  return printer ? printer(match, ctx) : fallback(match.name, match.options);
}

/** The -L text of a target's options, e.g. ` reject-with tcp-reset` ('' for ACCEPT or a chain). */
export function printTarget(target: Target, ctx: PrintContext = DEFAULT_CONTEXT): string {
  const printer = TARGETS[target.name];
  if (printer) return printer(target, ctx);
  return target.options.length > 0 ? fallback('', target.options).slice(1) : '';
}
