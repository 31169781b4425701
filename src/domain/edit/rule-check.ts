/**
 * What a typed rule means, checked before the kernel sees it: the jump target
 * exists (nft's --test misses that), addresses belong to the chain's family,
 * ports come with a protocol that has them, reject types fit the family,
 * comments and log prefixes fit. Pure; the kernel's own check comes after.
 */
import { addressListProblem } from '../text/address-lists.js';
import { addressProblem } from '../model/addresses.js';
import { optionOf, parseRuleView, type RuleView } from '../model/rule-view.js';
import type { Family, Table } from '../model/ruleset.js';
import { familyLabel } from '../model/family-label.js';

/** Targets iptables ships (extensions); anything else must be a chain of the table. */
export const KNOWN_TARGETS = [
  'ACCEPT',
  'DROP',
  'RETURN',
  'REJECT',
  'LOG',
  'NFLOG',
  'QUEUE',
  'NFQUEUE',
  'MASQUERADE',
  'SNAT',
  'DNAT',
  'REDIRECT',
  'NETMAP',
  'MARK',
  'CONNMARK',
  'CT',
  'NOTRACK',
  'TRACE',
  'TCPMSS',
  'TPROXY',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'TTL',
  'HL',
  'SET',
  'AUDIT',
  'CHECKSUM',
  'SECMARK',
  'CONNSECMARK',
  'IDLETIMER',
  'LED',
  'SYNPROXY',
  'HMARK',
  'TEE',
  'CLUSTERIP',
  'ECN',
  'TCPOPTSTRIP',
] as const;

const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp', 'dccp', 'udplite'];
const PORT_OPTIONS = [
  '--sport',
  '--dport',
  '--source-port',
  '--destination-port',
  '--sports',
  '--dports',
  '--ports',
  '--source-ports',
  '--destination-ports',
];

export const REJECT_TYPES: Readonly<Record<Family, readonly string[]>> = {
  ipv4: [
    'icmp-port-unreachable',
    'icmp-net-unreachable',
    'icmp-host-unreachable',
    'icmp-proto-unreachable',
    'icmp-net-prohibited',
    'icmp-host-prohibited',
    'icmp-admin-prohibited',
    'tcp-reset',
    'port-unreach',
    'net-unreach',
    'host-unreach',
    'proto-unreach',
    'net-prohib',
    'host-prohib',
    'admin-prohib',
    'tcp-rst',
  ],
  ipv6: [
    'icmp6-port-unreachable',
    'icmp6-no-route',
    'icmp6-adm-prohibited',
    'icmp6-addr-unreachable',
    'icmp6-policy-fail',
    'icmp6-reject-route',
    'tcp-reset',
    'port-unreach',
    'no-route',
    'adm-prohibited',
    'addr-unreach',
    'policy-fail',
    'reject-route',
  ],
};

export const LOG_LEVELS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  'emerg',
  'alert',
  'crit',
  'error',
  'err',
  'warning',
  'warn',
  'notice',
  'info',
  'debug',
  'panic',
];

const COMMANDS = new Set([
  '-A',
  '--append',
  '-I',
  '--insert',
  '-D',
  '--delete',
  '-R',
  '--replace',
  '-N',
  '--new-chain',
  '-X',
  '--delete-chain',
  '-F',
  '--flush',
  '-P',
  '--policy',
  '-E',
  '--rename-chain',
  '-t',
  '--table',
  '-Z',
  '--zero',
  '-L',
  '--list',
  '-S',
  '--list-rules',
]);

const bytes = (text: string): number => new TextEncoder().encode(text).length;

export interface RuleContext {
  readonly family: Family;
  /** The staged table the rule goes into: which chains exist. */
  readonly table: Table;
  readonly chain: string;
}

/** Problems with a rule's arguments, in plain words; empty when it may go to the kernel check. */
export function checkRule(args: readonly string[], ctx: RuleContext): string[] {
  const problems: string[] = [];
  const command = args.find((a) => COMMANDS.has(a));
  if (command)
    problems.push(
      `type only the rule's matches and target: ${command} is a command (the ` +
        `editor decides where the rule goes; the : key stages whole iptables commands)`,
    );
  const targets = args.filter((a) => /^(-j|--jump|-g|--goto)$/.test(a)).length;
  if (targets > 1) problems.push(`a rule has one target (-j or -g); this one has ${targets}`);
  const list = addressListProblem(args);
  if (list) problems.push(list);
  const view = parseRuleView(args);
  for (const [label, field] of [
    ['source', view.source],
    ['destination', view.destination],
  ] as const) {
    if (field) {
      const p = addressProblem(field.value, ctx.family);
      if (p) problems.push(`${label}: ${p}`);
    }
  }
  problems.push(...protocolProblems(view, ctx.family));
  problems.push(...targetProblems(view, ctx));
  for (const c of view.comments)
    if (bytes(c) > 255) problems.push(`the comment is ${bytes(c)} bytes; iptables keeps at most 255`);
  return problems;
}

function protocolProblems(view: RuleView, family: Family): string[] {
  const problems: string[] = [];
  const proto = view.protocol?.value.toLowerCase() ?? '';
  const ports = view.matches.flatMap((m) => m.options.filter((o) => PORT_OPTIONS.includes(o.name)));
  if (ports.length > 0 && (!PORT_PROTOCOLS.includes(proto) || view.protocol?.negated)) {
    problems.push(
      `ports need the protocol tcp, udp, sctp or dccp (this rule has ` +
        `${proto ? `-p ${view.protocol?.negated ? '! ' : ''}${proto}` : 'no protocol'})`,
    );
  }
  for (const o of ports) {
    for (const value of o.values.join(',').split(',')) {
      const [low, high, ...more] = value.split(':');
      const bad = (p: string | undefined): boolean =>
        p !== undefined && p !== '' && !(/^\d+$/.test(p) ? Number(p) <= 65535 : /^[a-z][a-z0-9-]*$/i.test(p));
      if (more.length > 0 || bad(low) || bad(high) || (low === '' && high === undefined))
        problems.push(`${value || '(empty)'} is not a port or a port range (like 22, 1024:65535)`);
      else if (high && low && /^\d+$/.test(low) && /^\d+$/.test(high) && Number(low) > Number(high))
        problems.push(`the range ${value} runs backwards`);
    }
  }
  if (family === 'ipv6' && proto === 'icmp') problems.push('-p icmp never matches IPv6 packets: use -p ipv6-icmp');
  if (family === 'ipv4' && (proto === 'ipv6-icmp' || proto === 'icmpv6'))
    problems.push(`-p ${proto} is IPv6's ICMP: use -p icmp in IPv4 rules`);
  if (family === 'ipv6' && view.matches.some((m) => m.options.some((o) => o.name === '--icmp-type')))
    problems.push('--icmp-type is for IPv4: IPv6 rules use -m icmp6 --icmpv6-type');
  if (family === 'ipv4' && view.matches.some((m) => m.options.some((o) => o.name === '--icmpv6-type')))
    problems.push('--icmpv6-type is for IPv6: IPv4 rules use -m icmp --icmp-type');
  return problems;
}

function targetProblems(view: RuleView, ctx: RuleContext): string[] {
  const target = view.target;
  if (!target) return [];
  const problems: string[] = [];
  const userChain = ctx.table.chains.find((c) => c.name === target.name);
  if (target.name === '') problems.push('-j needs a target: ACCEPT, DROP, REJECT, LOG, RETURN or a chain');
  else if (userChain && userChain.policy !== null)
    problems.push(`${target.name} is a built-in chain: rules cannot jump to it`);
  else if (userChain && target.name === ctx.chain)
    problems.push(`a rule in ${ctx.chain} cannot jump to ${ctx.chain} itself (a loop)`);
  else if (target.goto && !userChain)
    problems.push(`-g needs a user chain of ${ctx.table.name}; ${target.name} is not one`);
  else if (!userChain && !(KNOWN_TARGETS as readonly string[]).includes(target.name)) {
    problems.push(
      `${ctx.table.name} has no chain ${target.name}, and it is ` +
        `not a target iptables knows (create the chain first: N)`,
    );
  }
  const reject = optionOf(target, '--reject-with')?.values[0];
  if (target.name === 'REJECT' && reject !== undefined) {
    if (!REJECT_TYPES[ctx.family].includes(reject))
      problems.push(
        `--reject-with ${reject} is not an ${familyLabel(ctx.family)} reject type ` +
          `(${REJECT_TYPES[ctx.family].slice(0, ctx.family === 'ipv4' ? 8 : 7).join(', ')})`,
      );
    else if (/^tcp-(reset|rst)$/.test(reject) && view.protocol?.value !== 'tcp')
      problems.push('--reject-with tcp-reset needs -p tcp');
  }
  const prefix = optionOf(target, '--log-prefix')?.values[0];
  if (prefix !== undefined && bytes(prefix) > 29)
    problems.push(`the log prefix is ${bytes(prefix)} bytes; iptables allows at most 29`);
  const level = optionOf(target, '--log-level')?.values[0];
  if (level !== undefined && !LOG_LEVELS.includes(level.toLowerCase()))
    problems.push(`--log-level ${level} is not a level (0-7, or emerg … debug)`);
  return problems;
}
