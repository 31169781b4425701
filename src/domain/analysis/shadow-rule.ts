/**
 * A rule read once for the shadow analysis: addresses as number ranges, ports as ranges, states as sets,
 * options as comparable text. The pairwise comparison (shadow.ts) then only compares these, where it used
 * to parse addresses again for every pair (~1.9 s at 10k rules in the first frame, issue #20). Pure.
 */
import { parseNet } from '../model/ip-net.js';
import { portRange } from './packet-match.js';
import { protocolNumber } from '../model/protocols.js';
import type { Match, Negatable, RuleOption, RuleView } from '../model/rule-view.js';
import type { Family } from '../model/ruleset.js';

/** An address (`-s`/`-d`) as written, and as the range of addresses it stands for when it is one network. */
export interface ShadowAddress extends Negatable {
  /** Negated or a list (a,b): compared as text only. */
  readonly textOnly: boolean;
  /** null: not a network fwtui reads (a host name, a mask with holes). */
  readonly net: { readonly family: Family; readonly first: bigint; readonly last: bigint } | null;
}

/** What one option of an earlier rule demands of a later one. */
export type ShadowCondition =
  | { readonly kind: 'ports'; readonly side: 's' | 'd'; readonly ranges: readonly [number, number][] | null }
  | { readonly kind: 'states'; readonly states: ReadonlySet<string> }
  /** Anything else: the later rule must have this option text in the same module (by name or whole text). */
  | { readonly kind: 'same'; readonly name: string; readonly module: string; readonly option: string };

/** One match module of an earlier rule: all its conditions hold, or (`-m tcp` alone) the later rule names it. */
export type ShadowMatchTest = { readonly conditions: readonly ShadowCondition[] } | { readonly protocolNamed: string };

/** One rule, prepared for comparing with every other rule of its chain. */
export interface ShadowRule {
  readonly view: RuleView;
  /** ACCEPT, DROP, REJECT, RETURN or a goto: the chain ends here for what it matches. */
  readonly endsChain: boolean;
  readonly protocolNumber: string | null;
  readonly source: ShadowAddress | null;
  readonly destination: ShadowAddress | null;
  /** As the earlier rule: what each of its match modules demands of a later rule. */
  readonly matches: readonly ShadowMatchTest[];
  /** As the later rule: the port ranges it is restricted to, its states, and its options by module. */
  readonly ports: { readonly s: readonly [number, number][] | null; readonly d: readonly [number, number][] | null };
  readonly states: ReadonlySet<string> | null;
  readonly optionKeys: ReadonlySet<string>;
}

const ENDS_CHAIN = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN']);
const SINGLE = { s: ['--sport', '--source-port'], d: ['--dport', '--destination-port'] };
const MULTI = { s: ['--sports', '--source-ports'], d: ['--dports', '--destination-ports'] };

/** `! --dport 22` as one comparable text. */
export const optionText = (o: RuleOption): string => `${o.negated ? '! ' : ''}${o.name} ${o.values.join(' ')}`;
/** A match module with its options in a fixed order. */
export const moduleText = (m: Match): string => `${m.name} ${m.options.map(optionText).sort().join(' ')}`;
const key = (module: string, option: string): string => `${module}\u0000${option}`;

function address(a: Negatable | null): ShadowAddress | null {
  if (!a) return null;
  const textOnly = a.negated || a.value.includes(',');
  const n = textOnly ? null : parseNet(a.value);
  const hostBits = n ? BigInt((n.family === 'ipv4' ? 32 : 128) - n.prefix) : 0n;
  const net = n ? { family: n.family, first: n.base, last: n.base + (1n << hostBits) - 1n } : null;
  return { value: a.value, negated: a.negated, textOnly, net };
}

const ranges = (text: string): [number, number][] | null => {
  const all = text.split(',').map(portRange);
  return all.every((r) => r !== null) ? (all as [number, number][]) : null;
};

/** Port ranges a rule restricts `side` to, from tcp/udp/multiport; null when it does not. */
function portsOf(v: RuleView, side: 's' | 'd'): [number, number][] | null {
  for (const m of v.matches) {
    for (const o of m.options) {
      if (o.negated) continue;
      if (
        (SINGLE[side].includes(o.name) && m.name !== 'multiport') ||
        (MULTI[side].includes(o.name) && m.name === 'multiport')
      )
        return ranges(o.values[0] ?? '');
    }
  }
  return null;
}

function statesOf(v: RuleView): Set<string> | null {
  for (const m of v.matches) {
    const o = m.options.find(
      (x) => (m.name === 'state' && x.name === '--state') || (m.name === 'conntrack' && x.name === '--ctstate'),
    );
    if (o && !o.negated) return new Set((o.values[0] ?? '').split(','));
  }
  return null;
}

const PORT_OPTIONS = new Set([...SINGLE.s, ...SINGLE.d, ...MULTI.s, ...MULTI.d]);

function condition(m: Match, o: RuleOption): ShadowCondition {
  if (!o.negated && PORT_OPTIONS.has(o.name))
    return { kind: 'ports', side: o.name.startsWith('--s') ? 's' : 'd', ranges: ranges(o.values[0] ?? '') };
  if (!o.negated && (o.name === '--state' || o.name === '--ctstate'))
    return { kind: 'states', states: new Set((o.values[0] ?? '').split(',')) };
  return { kind: 'same', name: m.name, module: moduleText(m), option: optionText(o) };
}

/** A comment matches every packet: no conditions. A module without options: the later rule's protocol. */
function matchTest(m: Match): ShadowMatchTest {
  if (m.name === 'comment') return { conditions: [] };
  if (m.options.length === 0) return { protocolNamed: m.name };
  return { conditions: m.options.map((o) => condition(m, o)) };
}

/** Reads a rule once for the shadow analysis. */
export function prepareShadowRule(view: RuleView): ShadowRule {
  const optionKeys = new Set<string>();
  for (const n of view.matches) {
    const whole = moduleText(n);
    for (const x of n.options) optionKeys.add(key(n.name, optionText(x))).add(key(whole, optionText(x)));
  }
  return {
    view,
    endsChain: view.target !== null && (view.target.goto || ENDS_CHAIN.has(view.target.name)),
    protocolNumber: view.protocol ? protocolNumber(view.protocol.value) : null,
    source: address(view.source),
    destination: address(view.destination),
    matches: view.matches.map(matchTest),
    ports: { s: portsOf(view, 's'), d: portsOf(view, 'd') },
    states: statesOf(view),
    optionKeys,
  };
}

/** Whether a later rule says `option` in a module named `name` or written exactly as `module`. */
export const saysOption = (j: ShadowRule, c: { name: string; module: string; option: string }): boolean =>
  j.optionKeys.has(key(c.name, c.option)) || j.optionKeys.has(key(c.module, c.option));
