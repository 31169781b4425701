/**
 * The "extra" column of `iptables -L -n -v`: how iptables 1.8.9 prints each
 * match and target (libxt_*.c print functions, numeric mode). Modules not
 * listed here fall back to their options as written in the rule.
 */
import { optionOf, type Match, type RuleOption, type Target } from './rule-view.js';

type Printer = (m: Match | Target) => string;

const v = (o: RuleOption | undefined, i = 0): string => o?.values[i] ?? '';
const bang = (o: RuleOption | undefined): string => (o?.negated ? '!' : '');

function ports(label: string, o: RuleOption | undefined): string {
  if (!o) return '';
  const [min, max] = v(o).split(':');
  if (max !== undefined && max !== min) return ` ${label}s:${bang(o)}${min}:${max}`;
  return ` ${label}:${bang(o)}${min}`;
}

const TCP_FLAGS: Readonly<Record<string, number>> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ALL: 0x3f, NONE: 0 };
function flagBits(list: string): number {
  return list.split(',').reduce((bits, f) => bits | (TCP_FLAGS[f] ?? 0), 0);
}
const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

const tcp: Printer = (m) => {
  let out = ' tcp' + ports('spt', optionOf(m, '--sport')) + ports('dpt', optionOf(m, '--dport'));
  const flags = optionOf(m, '--tcp-flags');
  if (flags) out += ` flags:${bang(flags)}${hex2(flagBits(v(flags, 0)))}/${hex2(flagBits(v(flags, 1)))}`;
  const option = optionOf(m, '--tcp-option');
  if (option) out += ` option=${bang(option)}${v(option)}`;
  return out;
};

const udp: Printer = (m) => ` udp${ports('spt', optionOf(m, '--sport'))}${ports('dpt', optionOf(m, '--dport'))}`;

function icmpType(prefix: string, o: RuleOption | undefined): string {
  if (!o) return ` ${prefix}`;
  const [type, code] = v(o).split('/');
  if (type === 'any') return ` ${prefix}${o.negated ? ' !' : ''}any`;
  return ` ${prefix}${o.negated ? ' !' : ''}type ${type}${code !== undefined ? ` code ${code}` : ''}`;
}

const multiport: Printer = (m) => {
  const kinds: [string, string][] = [['--sports', 'sports'], ['--source-ports', 'sports'], ['--dports', 'dports'], ['--destination-ports', 'dports'], ['--ports', 'ports']];
  for (const [name, label] of kinds) {
    const o = optionOf(m, name);
    if (o) return ` multiport ${label} ${o.negated ? ' !' : ''}${v(o)}`;
  }
  return ' multiport';
};

/** conntrack/state print each option as ` ! ctNAME value`. */
const conntrack: Printer = (m) =>
  m.options.map((o) => `${o.negated ? ' !' : ''} ${o.name.replace(/^--/, '')} ${o.values.join(' ')}`).join('');

const state: Printer = (m) => {
  const o = optionOf(m, '--state');
  return `${o?.negated ? ' !' : ''} state ${v(o)}`;
};

const comment: Printer = (m) => m.options.map((o) => ` /* ${v(o)} */`).join('');

const limit: Printer = (m) => {
  const rate = optionOf(m, '--limit');
  const burst = optionOf(m, '--limit-burst');
  return ` limit: avg ${rate ? v(rate) : '3/hour'} burst ${burst ? v(burst) : '5'}`;
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

const recent: Printer = (m) => {
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
  if (has('--mask')) out += ` mask: ${v(has('--mask'))}`;
  return out;
};

function hopLimit(label: string): Printer {
  return (m) => {
    const ops: [string, string][] = [['-eq', '=='], ['-lt', '<'], ['-gt', '>']];
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
  return ` mark match ${o?.negated ? '! ' : ''}${v(o)}`;
};

const set: Printer = (m) => {
  const o = optionOf(m, '--match-set');
  return `${o?.negated ? ' !' : ''} match-set ${v(o, 0)} ${v(o, 1)}`;
};

const statistic: Printer = (m) => {
  const mode = v(optionOf(m, '--mode'));
  if (mode === 'random') {
    const p = optionOf(m, '--probability');
    return ` statistic mode random ${bang(p)}probability ${v(p)}`;
  }
  const every = optionOf(m, '--every');
  return ` statistic mode nth ${bang(every)}every ${v(every)}${optionOf(m, '--packet') ? ` packet ${v(optionOf(m, '--packet'))}` : ''}`;
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
  const items: [string, string][] = [['--socket-exists', 'owner socket exists'], ['--uid-owner', 'owner UID match'], ['--gid-owner', 'owner GID match']];
  return items
    .map(([name, label]) => {
      const o = optionOf(m, name);
      return o ? `${o.negated ? ' !' : ''} ${label}${o.values.length ? ` ${o.values.join(' ').replace(':', '-')}` : ''}` : '';
    })
    .join('');
};

const rt: Printer = (m) => {
  const o = optionOf(m, '--rt-type');
  return o ? ` rt type:${bang(o)}${v(o)}` : ' rt';
};

// ---- targets ----

const LOG_FLAGS: Readonly<Record<string, number>> = {
  '--log-tcp-sequence': 0x01, '--log-tcp-options': 0x02, '--log-ip-options': 0x04, '--log-uid': 0x08, '--log-macdecode': 0x20,
};
const LOG_LEVELS: Readonly<Record<string, number>> = { emerg: 0, alert: 1, crit: 2, error: 3, err: 3, warning: 4, warn: 4, notice: 5, info: 6, debug: 7 };

const log: Printer = (t) => {
  const flags = t.options.reduce((bits, o) => bits | (LOG_FLAGS[o.name] ?? 0), 0);
  const levelText = v(optionOf(t, '--log-level')) || '4';
  const level = LOG_LEVELS[levelText] ?? Number(levelText);
  const prefix = optionOf(t, '--log-prefix');
  return ` LOG flags ${flags} level ${level}${prefix ? ` prefix "${v(prefix)}"` : ''}`;
};

const nflog: Printer = (t) =>
  t.options.map((o) => (o.name === '--nflog-prefix' ? ` nflog-prefix "${v(o)}"` : ` ${o.name.slice(2)} ${o.values.join(' ')}`)).join('');

const reject: Printer = (t) => ` reject-with ${v(optionOf(t, '--reject-with')) || 'icmp-port-unreachable'}`;

function nat(optionName: string): Printer {
  return (t) => {
    let out = '';
    for (const o of t.options) {
      if (o.name === optionName) out += ` to:${v(o)}`;
      else if (o.name === '--random') out += ' random';
      else if (o.name === '--random-fully') out += ' random-fully';
      else if (o.name === '--persistent') out += ' persistent';
    }
    return out;
  };
}

const masquerade: Printer = (t) => {
  let out = '';
  const ports = optionOf(t, '--to-ports');
  if (ports) out += ` masq ports: ${v(ports).replace(':', '-')}`;
  if (optionOf(t, '--random')) out += ' random';
  if (optionOf(t, '--random-fully')) out += ' random-fully';
  return out;
};

const redirect: Printer = (t) => {
  const ports = optionOf(t, '--to-ports');
  return `${ports ? ` redir ports ${v(ports).replace(':', '-')}` : ''}${optionOf(t, '--random') ? ' random' : ''}`;
};

const markTarget: Printer = (t) => {
  const o = optionOf(t, '--set-xmark');
  if (!o) return ` MARK${t.options.map((x) => ` ${x.name.slice(2)} ${x.values.join(' ')}`).join('')}`;
  const [markText, maskText] = v(o).split('/');
  const value = Number(markText);
  const mask = maskText === undefined ? 0xffffffff : Number(maskText);
  const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
  if (value === 0) return ` MARK and ${hex(~mask)}`;
  if (value === mask) return ` MARK or ${hex(value)}`;
  if (mask === 0) return ` MARK xor ${hex(value)}`;
  if (mask >>> 0 === 0xffffffff) return ` MARK set ${hex(value)}`;
  return ` MARK xset ${hex(value)}/${hex(mask)}`;
};

const tcpmss: Printer = (t) => {
  const mss = optionOf(t, '--set-mss');
  return mss ? ` TCPMSS set ${v(mss)}` : ' TCPMSS clamp to PMTU';
};

const ct: Printer = (t) => (optionOf(t, '--notrack') ? ' CT notrack' : ` CT${t.options.map((o) => ` ${o.name.slice(2)} ${o.values.join(' ')}`).join('')}`);

const MATCHES: Readonly<Record<string, Printer>> = {
  tcp, udp, multiport, conntrack, state, comment, limit, addrtype, recent, mark, set, statistic, pkttype, mac, rt, owner,
  icmp: (m) => icmpType('icmp', optionOf(m, '--icmp-type')),
  icmp6: (m) => icmpType('ipv6-icmp', optionOf(m, '--icmpv6-type')),
  hl: hopLimit('HL'),
  ttl: hopLimit('TTL'),
};

const TARGETS: Readonly<Record<string, Printer>> = {
  LOG: log, NFLOG: nflog, REJECT: reject, DNAT: nat('--to-destination'), SNAT: nat('--to-source'),
  MASQUERADE: masquerade, REDIRECT: redirect, MARK: markTarget, TCPMSS: tcpmss, CT: ct,
};

/** Modules whose -L text this file reproduces exactly; others use the fallback. */
export const KNOWN_MATCHES: ReadonlySet<string> = new Set(Object.keys(MATCHES));
export const KNOWN_TARGETS: ReadonlySet<string> = new Set(Object.keys(TARGETS));

function fallback(name: string, options: readonly RuleOption[]): string {
  return ` ${name}${options.map((o) => `${o.negated ? ' !' : ''} ${o.name.replace(/^--?/, '')}${o.values.map((x) => ` ${x}`).join('')}`).join('')}`;
}

/** The -L text of one match, e.g. ` tcp dpt:22`. */
export function printMatch(match: Match): string {
  const printer = MATCHES[match.name];
  return printer ? printer(match) : fallback(match.name, match.options);
}

/** The -L text of a target's options, e.g. ` reject-with tcp-reset` ('' for ACCEPT or a chain). */
export function printTarget(target: Target): string {
  const printer = TARGETS[target.name];
  if (printer) return printer(target);
  return target.options.length > 0 ? fallback('', target.options).slice(1) : '';
}
