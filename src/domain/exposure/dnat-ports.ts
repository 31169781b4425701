/**
 * Which ports nat PREROUTING rewrites (DNAT, REDIRECT), following its user chains (Docker's DOCKER):
 * what the exposure report lists besides the listening sockets. Read from the rules alone. Pure.
 */
import type { RuleRef } from '../analysis/chain-walk.js';
import { portRange } from '../analysis/packet-match.js';
import { optionOf, parseRuleView, type RuleView } from '../model/rule-view.js';
import { findChain, findTable, type Chain, type Family, type Ruleset } from '../model/ruleset.js';

/** One port (or a range of them) nat PREROUTING rewrites. */
export interface DnatPort {
  readonly proto: 'tcp' | 'udp';
  /** The port the internet connects to (the first of the range when `lastPort` is set). */
  readonly port: number;
  /** Set when this entry stands for the ports `port`..`lastPort` (a range such as `--dport 9000:9010`). */
  readonly lastPort?: number;
  /** The rule's (or the jump's) `-d`, e.g. `127.0.0.1/32` for a loopback publish; null when any. */
  readonly bindAddress: string | null;
  /** Interfaces excluded with `! -i` (Docker: `! -i docker0`). */
  readonly inNot: readonly string[];
  /** The one incoming interface with `-i`, null when any. */
  readonly inOnly: string | null;
  /** DNAT: `--to-destination` as written (`172.17.0.2:80`); REDIRECT: `:PORT`, or null when the port is kept. */
  readonly to: string | null;
  readonly kind: 'DNAT' | 'REDIRECT';
  readonly rule: RuleRef;
  /** Why this is a range entry, or what else the rule says that this entry does not (a negated `-d`). */
  readonly reason?: string;
}

/** How many ports one rule may name before its entries say so (`N ports: listed as ranges`). */
export const MAX_LISTED_PORTS = 64;
const MAX_DEPTH = 64;

interface Conditions {
  readonly proto: RuleView['protocol'];
  readonly dest: RuleView['destination'];
  readonly inNot: readonly string[];
  readonly inOnly: string | null;
}

/** Every port nat PREROUTING DNATs or REDIRECTs for `family`, in rule order; none when there is no nat table. */
export function dnatPorts(ruleset: Ruleset, family: Family): DnatPort[] {
  if (ruleset.family !== family) return [];
  const nat = findTable(ruleset, 'nat');
  const start = nat && findChain(nat, 'PREROUTING');
  if (!nat || !start) return [];
  const out: DnatPort[] = [];
  const visit = (chain: Chain, cond: Conditions, depth: number, seen: ReadonlySet<string>): void => {
    chain.rules.forEach((rule, i) => {
      const view = parseRuleView(rule.args);
      const target = view.target?.name ?? '';
      const here = narrowed(cond, view);
      if (here === null) return;
      const ref: RuleRef = { table: 'nat', chain: chain.name, number: i + 1, spec: rule.spec };
      const next = findChain(nat, target);
      if (next && next.policy === null && depth < MAX_DEPTH && !seen.has(target))
        visit(next, here, depth + 1, new Set([...seen, target]));
      else if (target === 'DNAT' || target === 'REDIRECT') out.push(...entries(view, here, ref, target));
    });
  };
  visit(start, { proto: null, dest: null, inNot: [], inOnly: null }, 1, new Set(['PREROUTING']));
  return out;
}

/** The conditions after a rule's own `-p`, `-d`, `-i`; null when they contradict the jump's. */
function narrowed(cond: Conditions, view: RuleView): Conditions | null {
  const i = view.inInterface;
  const inNot = i?.negated ? [...cond.inNot, i.value] : cond.inNot;
  const inOnly = i && !i.negated ? i.value : cond.inOnly;
  if (cond.inOnly !== null && inOnly !== cond.inOnly) return null;
  return { proto: view.protocol ?? cond.proto, dest: view.destination ?? cond.dest, inNot, inOnly };
}

function entries(view: RuleView, cond: Conditions, rule: RuleRef, kind: 'DNAT' | 'REDIRECT'): DnatPort[] {
  const p = cond.proto;
  const protos = (['tcp', 'udp'] as const).filter((x) => !p || (p.negated ? p.value !== x : p.value === x));
  const to =
    kind === 'DNAT'
      ? (optionOf(view.target!, '--to-destination')?.values[0] ?? null)
      : ((v) => (v === undefined ? null : `:${v}`))(optionOf(view.target!, '--to-ports')?.values[0]);
  const base = {
    bindAddress: cond.dest && !cond.dest.negated ? cond.dest.value : null,
    inNot: cond.inNot,
    inOnly: cond.inOnly,
    to,
    kind,
    rule,
    ...(cond.dest?.negated ? { reason: `only to addresses other than ${cond.dest.value}` } : {}),
  };
  return protos.flatMap((proto) => portsOf(view, proto).map((r) => ({ proto, ...base, ...r })));
}

type PortPart = { port: number; lastPort?: number; reason?: string };

/** The destination ports a rule's `--dport`/`--dports` give for `proto`: listed, or one range entry. */
function portsOf(view: RuleView, proto: 'tcp' | 'udp'): PortPart[] {
  const every = (reason: string): PortPart[] => [{ port: 1, lastPort: 65535, reason }];
  let text: string | null = null;
  for (const m of view.matches) {
    const o = ['--dport', '--destination-port', '--dports', '--destination-ports']
      .map((n) => optionOf(m, n))
      .find((x) => x !== undefined);
    if (!o || (m.name !== proto && m.name !== 'multiport')) continue;
    if (o.negated) return every(`every ${proto} port but ${o.values[0] ?? ''}`);
    text = o.values[0] ?? '';
  }
  if (text === null) return every(`every ${proto} port (the rule names none)`);
  const read = text.split(',').map(portRange);
  if (read.some((r) => r === null)) return every(`ports fwtui cannot read: ${text}`);
  const ranges = read as [number, number][];
  const count = ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
  const why = count > MAX_LISTED_PORTS ? { reason: `${count} ports: listed as ranges` } : {};
  // A range (`9000:9010`) is one entry, as a list item (`80,443`) is one each.
  return ranges.map(([lo, hi]) => ({ port: lo, ...(hi > lo ? { lastPort: hi } : {}), ...why }));
}
