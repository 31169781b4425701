/**
 * The rule editor's form: the fields admins use, to and from rule arguments.
 * Whatever the form has no field for stays in "more" (matches) or
 * "targetOptions", so switching form <-> raw never drops a word. Pure.
 */
import { joinArgs, splitArgs } from '../text/quoting.js';
import { parseRuleView, type Match, type RuleOption } from '../model/rule-view.js';
import type { Family } from '../model/ruleset.js';

export interface RuleForm {
  protocol: string;
  /** Addresses and interfaces: a leading "!" negates. */
  source: string;
  destination: string;
  inInterface: string;
  outInterface: string;
  /** A port, a range (1024:2048) or a comma list (multiport). */
  sourcePort: string;
  destinationPort: string;
  /** Conntrack states, comma separated: NEW,ESTABLISHED,RELATED,INVALID,UNTRACKED. */
  state: string;
  icmpType: string;
  comment: string;
  target: string;
  goto: boolean;
  rejectWith: string;
  logPrefix: string;
  logLevel: string;
  /** Other target options, as arguments (e.g. `--to-destination 10.0.0.2`). */
  targetOptions: string;
  /** Other matches, as arguments (e.g. `-m limit --limit 5/sec`). */
  more: string;
}

export type FieldId = keyof Omit<RuleForm, 'goto'>;

export const EMPTY_FORM: RuleForm = {
  protocol: '',
  source: '',
  destination: '',
  inInterface: '',
  outInterface: '',
  sourcePort: '',
  destinationPort: '',
  state: '',
  icmpType: '',
  comment: '',
  target: 'ACCEPT',
  goto: false,
  rejectWith: '',
  logPrefix: '',
  logLevel: '',
  targetOptions: '',
  more: '',
};

const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp', 'dccp'];

/** "!x" / "! x" -> ["!", "x"]; "x" -> ["x"]. */
function negatable(flag: string, value: string): string[] {
  const v = value.trim();
  if (v === '') return [];
  if (v.startsWith('!')) return ['!', flag, v.slice(1).trim()];
  return [flag, v];
}

function optionArgs(o: RuleOption): string[] {
  return [...(o.negated ? ['!'] : []), o.name, ...o.values];
}

function matchArgs(m: Match): string[] {
  return [...(m.name ? ['-m', m.name] : []), ...m.options.flatMap(optionArgs)];
}

const optionText = (o: RuleOption): string => `${o.negated ? '!' : ''}${o.values.join(' ')}`;

/** Arguments for a form, in the order iptables-save prints them. */
export function formToArgs(form: RuleForm, family: Family): string[] {
  const args: string[] = [
    ...negatable('-s', form.source),
    ...negatable('-d', form.destination),
    ...negatable('-i', form.inInterface),
    ...negatable('-o', form.outInterface),
    ...negatable('-p', form.protocol),
  ];
  const proto = form.protocol.trim().replace(/^!\s*/, '');
  const sport = form.sourcePort.trim();
  const dport = form.destinationPort.trim();
  if (sport.replace(/^!\s*/, '').includes(',') || dport.replace(/^!\s*/, '').includes(',')) {
    args.push('-m', 'multiport', ...negatable('--sports', sport), ...negatable('--dports', dport));
  } else if (sport || dport) {
    args.push(
      '-m',
      PORT_PROTOCOLS.includes(proto) ? proto : proto || 'tcp',
      ...negatable('--sport', sport),
      ...negatable('--dport', dport),
    );
  }
  if (form.state.trim())
    args.push('-m', 'conntrack', ...negatable('--ctstate', form.state.toUpperCase().replace(/\s+/g, '')));
  if (form.icmpType.trim()) {
    args.push(
      ...(family === 'ipv6'
        ? ['-m', 'icmp6', ...negatable('--icmpv6-type', form.icmpType)]
        : ['-m', 'icmp', ...negatable('--icmp-type', form.icmpType)]),
    );
  }
  if (form.comment !== '') args.push('-m', 'comment', '--comment', form.comment);
  if (form.more.trim()) args.push(...splitArgs(form.more));
  const target = form.target.trim();
  if (target) {
    args.push(form.goto ? '-g' : '-j', target);
    if (target === 'REJECT' && form.rejectWith.trim()) args.push('--reject-with', form.rejectWith.trim());
    if (target === 'LOG' && form.logPrefix !== '') args.push('--log-prefix', form.logPrefix);
    if (target === 'LOG' && form.logLevel.trim()) args.push('--log-level', form.logLevel.trim());
    if (form.targetOptions.trim()) args.push(...splitArgs(form.targetOptions));
  }
  return args;
}

/** A form for existing arguments; what has no field goes to `more` / `targetOptions` verbatim. */
export function argsToForm(args: readonly string[]): RuleForm {
  const view = parseRuleView(args);
  const form: RuleForm = { ...EMPTY_FORM, target: '' };
  const neg = (n: { value: string; negated: boolean } | null): string => (n ? `${n.negated ? '!' : ''}${n.value}` : '');
  form.source = neg(view.source);
  form.destination = neg(view.destination);
  form.inInterface = neg(view.inInterface);
  form.outInterface = neg(view.outInterface);
  form.protocol = neg(view.protocol);
  const more: string[] = view.fragment ? [...(view.fragment.negated ? ['!'] : []), '-f'] : [];
  const proto = view.protocol?.value ?? '';
  const only = (m: Match, names: string[]): boolean =>
    m.options.length > 0 && m.options.every((o) => names.includes(o.name));
  for (const m of view.matches) {
    const name = m.name || proto;
    const has = (n: string): RuleOption | undefined => m.options.find((o) => o.name === n);
    if (
      PORT_PROTOCOLS.includes(name) &&
      name === proto &&
      only(m, ['--sport', '--dport']) &&
      !form.sourcePort &&
      !form.destinationPort
    ) {
      form.sourcePort = has('--sport') ? optionText(has('--sport')!) : '';
      form.destinationPort = has('--dport') ? optionText(has('--dport')!) : '';
    } else if (
      name === 'multiport' &&
      only(m, ['--sports', '--dports']) &&
      m.options.some((o) => o.values.join(' ').includes(',')) &&
      !form.sourcePort &&
      !form.destinationPort
    ) {
      // Only a comma list comes back as multiport from the fields; a single multiport port stays as typed.
      form.sourcePort = has('--sports') ? optionText(has('--sports')!) : '';
      form.destinationPort = has('--dports') ? optionText(has('--dports')!) : '';
    } else if (name === 'conntrack' && only(m, ['--ctstate']) && !form.state)
      form.state = optionText(has('--ctstate')!);
    else if ((name === 'icmp' && only(m, ['--icmp-type'])) || (name === 'icmp6' && only(m, ['--icmpv6-type'])))
      form.icmpType = optionText(m.options[0]!);
    else if (
      name === 'comment' &&
      only(m, ['--comment']) &&
      m.options.length === 1 &&
      form.comment === '' &&
      (m.options[0]!.values[0] ?? '') !== ''
    )
      form.comment = m.options[0]!.values[0] ?? '';
    else more.push(...(m.name ? matchArgs(m) : [...(proto ? ['-m', proto] : []), ...m.options.flatMap(optionArgs)]));
  }
  form.more = joinArgs(more);
  const t = view.target;
  if (t) {
    form.target = t.name;
    form.goto = t.goto;
    const rest: RuleOption[] = [];
    for (const o of t.options) {
      if (t.name === 'REJECT' && o.name === '--reject-with' && !o.negated) form.rejectWith = o.values[0] ?? '';
      else if (t.name === 'LOG' && o.name === '--log-prefix' && !o.negated) form.logPrefix = o.values[0] ?? '';
      else if (t.name === 'LOG' && o.name === '--log-level' && !o.negated) form.logLevel = o.values[0] ?? '';
      else rest.push(o);
    }
    form.targetOptions = joinArgs(rest.flatMap(optionArgs));
  }
  return form;
}

/** The form fields that apply to a target, in the order the editor shows them. */
export function visibleFields(form: RuleForm): FieldId[] {
  const fields: FieldId[] = [
    'protocol',
    'source',
    'destination',
    'inInterface',
    'outInterface',
    'sourcePort',
    'destinationPort',
    'state',
    'icmpType',
    'comment',
    'more',
    'target',
  ];
  if (form.target === 'REJECT') fields.push('rejectWith');
  if (form.target === 'LOG') fields.push('logPrefix', 'logLevel');
  fields.push('targetOptions');
  return fields;
}

export const FIELD_LABELS: Readonly<Record<FieldId, string>> = {
  protocol: 'protocol',
  source: 'source',
  destination: 'destination',
  inInterface: 'in interface',
  outInterface: 'out interface',
  sourcePort: 'source port',
  destinationPort: 'dest port',
  state: 'conntrack state',
  icmpType: 'ICMP type',
  comment: 'comment',
  target: 'target',
  rejectWith: 'reject with',
  logPrefix: 'log prefix',
  logLevel: 'log level',
  targetOptions: 'target options',
  more: 'other matches',
};
