/** Small helpers shared by the -L printers of matches and targets (match-print*.ts, target-print*.ts). */
import type { Match, RuleOption, Target } from '../model/rule-view.js';
import type { Family } from '../model/ruleset.js';

/** Prints one match or target the way iptables' `print` function of its extension does. */
export type Printer = (m: Match | Target, ctx: PrintContext) => string;

/** The i-th value of an option ('' when absent). */
export const v = (o: RuleOption | undefined, i = 0): string => o?.values[i] ?? '';
/** '!' when the option is negated. */
export const bang = (o: RuleOption | undefined): string => (o?.negated ? '!' : '');
/** ' !' when the option is negated (the usual prefix of a negated option in -L). */
export const spaceBang = (o: RuleOption | undefined): string => (o?.negated ? ' !' : '');

/** Lower-case hex of a 32-bit unsigned number, as C's `0x%x`. */
export const hex = (n: number | bigint): string => `0x${(typeof n === 'bigint' ? n : BigInt(n >>> 0)).toString(16)}`;

/** A number as iptables reads it (decimal, 0x hex or 0 octal, like strtoul base 0). */
export function cNumber(text: string): number {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  return Number(t);
}

/** A `value[/mask]` pair as numbers; a missing mask is all ones. */
export function valueMask(text: string, fullMask = 0xffffffff): [number, number] {
  const [value, mask] = text.split('/');
  return [cNumber(value ?? '0') >>> 0, mask === undefined ? fullMask : cNumber(mask) >>> 0];
}

/** `name:N` for a single value, `names:A:B` for a range, nothing for the full range (spi, ids, segsleft). */
export function range(name: string, o: RuleOption | undefined, max = 4294967295, sep = ' '): string {
  if (!o) return '';
  const [lo = '0', hi] = v(o).split(':');
  const min = lo === '' ? 0 : Number(lo);
  const top = hi === undefined ? min : hi === '' ? max : Number(hi);
  if (min === 0 && top === max && !o.negated) return '';
  if (min === top) return `${sep}${name}:${bang(o)}${min}`;
  return `${sep}${name}s:${bang(o)}${min}:${top}`;
}

/** Every option of a match/target: `has('--x')`. */
export const has = (m: Match | Target, name: string): RuleOption | undefined => m.options.find((o) => o.name === name);

/** What a printer may need beyond the rule: the family, and which iptables lists it. */
export interface PrintContext {
  readonly family: Family;
  /** Legacy and nft print a few modules differently (legacy prints `eui64 `, keeps NFLOG's range). */
  readonly variant: 'nft' | 'legacy';
}

export const DEFAULT_CONTEXT: PrintContext = { family: 'ipv4', variant: 'nft' };

/** Service names iptables resolves through /etc/services (Debian's netbase), for the usual ports. */
const SERVICES: Readonly<Record<string, number>> = {
  tcpmux: 1,
  echo: 7,
  discard: 9,
  daytime: 13,
  'ftp-data': 20,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  time: 37,
  whois: 43,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  gopher: 70,
  finger: 79,
  http: 80,
  www: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  auth: 113,
  nntp: 119,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  'netbios-ssn': 139,
  imap2: 143,
  imap: 143,
  snmp: 161,
  'snmp-trap': 162,
  bgp: 179,
  irc: 194,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  isakmp: 500,
  syslog: 514,
  submission: 587,
  ldaps: 636,
  rsync: 873,
  imaps: 993,
  pop3s: 995,
  openvpn: 1194,
  'ms-sql-s': 1433,
  mysql: 3306,
  postgresql: 5432,
  'ipsec-nat-t': 4500,
};

/** A port as a number: `ssh` -> `22`; anything else unchanged. */
export const portNumber = (text: string): string => (SERVICES[text] !== undefined ? String(SERVICES[text]) : text);

/** A port range as iptables-save prints it: names as numbers, `1024:` -> `1024:65535`, `:2` -> `0:2`, `5:5` -> `5`. */
export function portRange(text: string, max = 65535): string {
  const [lo = '', hi] = text.split(':');
  if (hi === undefined) return portNumber(lo);
  const from = lo === '' ? '0' : portNumber(lo);
  const to = hi === '' ? String(max) : portNumber(hi);
  return from === to ? from : `${from}:${to}`;
}

/** `a-b` with service names as numbers; a name may itself hold a dash (`ftp-data`). */
export function portSpan(text: string): string {
  if (portNumber(text) !== text) return portNumber(text);
  return text.split('-').map(portNumber).join('-');
}

/** `text` (default `! `) when the option is negated. */
export const neg = (o: RuleOption | undefined, text = '! '): string => (o?.negated ? text : '');

/** A port option as tcp/udp/sctp/dccp print it: `dpt:22`, `dpts:1024:65535`, `spt:!53`. */
export function portText(label: string, o: RuleOption | undefined): string {
  if (!o) return '';
  const [min, max] = portRange(v(o)).split(':');
  if (max !== undefined && max !== min) return ` ${label}s:${bang(o)}${min}:${max}`;
  return ` ${label}:${bang(o)}${min}`;
}

/** Options printed as written, `--name value` (socket, physdev print their save text). */
export const asSaved = (m: Match | Target): string =>
  m.options.map((o) => `${spaceBang(o)} ${o.name}${o.values.map((x) => ` ${x}`).join('')}`).join('');

/** Options as saved but without their dashes: `! update-counters`, `add-set S src` (set, SET). */
export const withoutDashes = (m: Match | Target): string =>
  m.options.map((o) => `${spaceBang(o)} ${o.name.replace(/^--/, '')}${o.values.map((x) => ` ${x}`).join('')}`).join('');
