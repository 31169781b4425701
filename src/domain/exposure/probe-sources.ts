/**
 * Where packets are asked to come from: "the internet" (an address outside every network the rules, the
 * sets and the interfaces' addresses name) and, for the worst-case search, one address inside each source
 * network (`-s`, `--src-range`, a set used as `src`) of a rule that can let the packet on. Not random
 * sampling: every boundary those rules draw on the source address gets one address on its inside. Pure.
 */
import { portRange } from '../analysis/packet-match.js';
import { addressValue, parseNet, parseRange, type Net } from '../model/ip-net.js';
import { protocolNumber } from '../model/protocols.js';
import type { RuleView } from '../model/rule-view.js';
import { ruleView } from './rule-views.js';
import type { Family, Ruleset } from '../model/ruleset.js';
import { addressText } from '../text/address-text.js';
import type { InterfaceAddress } from '../analysis/local-addresses.js';
import type { Proto } from './listeners.js';

/** An address to send from, and what it stands for (`10.0.0.0/8`, `set:admins`). */
export interface ProbeSource {
  readonly address: string;
  readonly label: string;
  /** A DROP/REJECT source range smaller than the boundary overlaps it: some of it may be blocked, some not. */
  readonly partlyStopped?: string;
}

/** A rule's source boundary with what the rule asks of the packet besides: the search tries it for those ports. */
export interface SourceBoundary extends ProbeSource {
  /** The rule's `-p` as a number (null: any protocol). */
  readonly proto: string | null;
  /** The rule's destination ports (null: any port, or ports fwtui does not read here). */
  readonly ports: readonly (readonly [number, number])[] | null;
  /** More addresses of the boundary to try: its last, and one outside every stop range inside it. */
  readonly more: readonly string[];
}

const WIDTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };
/** Documentation and well-known public addresses tried first (readable in a report), then the gaps. */
const FIRST_TRY: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['203.0.113.7', '198.51.100.7', '192.0.2.7', '8.8.8.8', '1.1.1.1', '100.100.100.100', '45.33.32.156'],
  ipv6: ['2001:db8::7', '2001:db8:ffff::7', '2606:4700::1111', '2a00:1450::1'],
};
/** Chains a packet arriving from outside never passes. */
const OUTGOING = new Set(['OUTPUT', 'POSTROUTING']);

/** `everything` of a family as the report writes it. */
export const anywhere = (family: Family): string => (family === 'ipv4' ? '0.0.0.0/0' : '::/0');

interface Range {
  readonly from: bigint;
  readonly to: bigint;
}

const netRange = (n: Net): Range => ({ from: n.base, to: n.base + (1n << BigInt(WIDTH[n.family] - n.prefix)) - 1n });

/** The second address of a range (its first is often the network's own), the only one of a host. */
const inside = (r: Range, family: Family): string => addressText(r.to > r.from ? r.from + 1n : r.from, family);

/**
 * A range's addresses worth trying besides `inside` when a smaller source range of another rule cuts into it:
 * its last but one, and one that no smaller range covers (it stands for the rest of the network).
 */
function moreInside(r: Range, all: readonly Range[], family: Family): string[] {
  const stops = all.filter((s) => s.from <= r.to && s.to >= r.from && s.to - s.from < r.to - r.from);
  if (stops.length === 0) return [];
  const free = (v: bigint): boolean => v >= r.from && v <= r.to && stops.every((s) => v < s.from || v > s.to);
  const near = r.to - r.from > 2n ? r.to - 1n : r.to;
  const out = [near];
  const beyond = [r.from + 1n, near, ...stops.flatMap((s) => [s.to + 1n, s.from - 1n])].find(free);
  if (beyond !== undefined) out.push(beyond);
  const first = r.to > r.from ? r.from + 1n : r.from;
  return [...new Set(out.filter((v) => v !== first))].map((v) => addressText(v, family));
}

/** The first stop range smaller than `r` that overlaps it (some of `r` is blocked, perhaps not all). */
const smallerStop = (r: Range, stops: readonly [Range, string][]): string | undefined =>
  stops.find(([s]) => s.from <= r.to && s.to >= r.from && s.to - s.from < r.to - r.from)?.[1];

type Ranges = { readonly src: readonly [Range, string][]; readonly dst: readonly [Range, string][] };
const rangesSeen = new WeakMap<object, { readonly family: Family; readonly ranges: Ranges }>();

/** ruleRanges of a rule, worked out once per rule and family. */
function rangesOf(rule: { readonly args: readonly string[] }, family: Family): Ranges {
  const had = rangesSeen.get(rule);
  if (had?.family === family) return had.ranges;
  const ranges = ruleRanges(ruleView(rule), family);
  rangesSeen.set(rule, { family, ranges });
  return ranges;
}

/** The ranges a rule's addresses (`-s`, `-d`, iprange) name, split into source and destination. */
function ruleRanges(v: RuleView, family: Family): { src: [Range, string][]; dst: [Range, string][] } {
  const out = { src: [] as [Range, string][], dst: [] as [Range, string][] };
  const nets = (value: string, into: [Range, string][]): void => {
    for (const part of value.split(',')) {
      const n = parseNet(part);
      if (n && n.family === family && n.prefix > 0) into.push([netRange(n), part]);
    }
  };
  if (v.source) nets(v.source.value, out.src);
  if (v.destination) nets(v.destination.value, out.dst);
  for (const m of v.matches)
    for (const o of m.options) {
      if (o.name !== '--src-range' && o.name !== '--dst-range') continue;
      const r = parseRange(o.values[0] ?? '');
      if (r && r.family === family) (o.name === '--src-range' ? out.src : out.dst).push([r, o.values[0]!]);
    }
  return out;
}

/** The sets a rule matches on the source address. */
const srcSets = (v: RuleView): string[] =>
  v.matches.flatMap((m) =>
    m.options
      .filter((o) => (o.name === '--match-set' || o.name === '--set') && o.values[1]?.split(',')[0] === 'src')
      .map((o) => o.values[0]!),
  );

/** The rule's destination ports, or null when it names none fwtui reads here (any port, as far as this goes). */
function portsOf(v: RuleView): [number, number][] | null {
  for (const m of v.matches)
    for (const o of m.options) {
      if (o.negated) return null;
      if (o.name === '--dport' || o.name === '--destination-port' || o.name === '--dports') {
        const ranges = (o.values[0] ?? '').split(',').map(portRange);
        return ranges.every((r) => r !== null) ? (ranges as [number, number][]) : null;
      }
    }
  return null;
}

/** Whether a rule that matches on the source only ever stops the packet: a source inside it is never let in by it. */
const onlyStops = (v: RuleView, negatedSource: boolean): boolean =>
  !negatedSource && (v.target?.name === 'DROP' || v.target?.name === 'REJECT');

/** The members of a set as ranges of the family. */
function setRanges(ruleset: Ruleset, name: string): Range[] {
  const set = ruleset.sets?.byName?.get(name);
  const out: Range[] = [];
  for (const m of set?.members ?? []) {
    const n = parseNet(m.elem.split(',')[0] ?? '');
    if (n && n.family === ruleset.family) out.push(netRange(n));
  }
  return out;
}

/**
 * An address that no rule, set or interface network names: what "a packet from the internet" is sent
 * from. Null when the rules cover every public address (then there is no such place to stand).
 */
export function internetAddress(ruleset: Ruleset, locals: readonly InterfaceAddress[]): string | null {
  return unnamedAddresses(ruleset, locals, 1)[0] ?? null;
}

/** Up to `count` distinct public addresses no rule, set or interface network names. */
export function unnamedAddresses(ruleset: Ruleset, locals: readonly InterfaceAddress[], count: number): string[] {
  const family = ruleset.family;
  const taken: Range[] = [];
  for (const t of ruleset.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        const { src, dst } = rangesOf(r, family);
        for (const [range] of [...src, ...dst]) taken.push(range);
      }
  for (const name of ruleset.sets?.byName?.keys() ?? []) taken.push(...setRanges(ruleset, name));
  for (const l of locals) {
    const n = parseNet(`${l.address}/${l.prefix}`);
    if (n && n.family === family) taken.push(netRange(n));
  }
  const outside = (v: bigint): boolean => isPublic(family, v) && taken.every((b) => v < b.from || v > b.to);
  const found = new Set<string>();
  for (const t of FIRST_TRY[family]) {
    const v = addressValue(t)?.value;
    if (v !== undefined && outside(v)) found.add(t);
    if (found.size >= count) return [...found];
  }
  const max = (1n << BigInt(WIDTH[family])) - 1n;
  for (const b of taken)
    for (const v of [b.to + 2n, b.from - 2n]) {
      if (v > 0n && v < max && outside(v)) found.add(addressText(v, family));
      if (found.size >= count) return [...found];
    }
  return [...found];
}

function isPublic(family: Family, v: bigint): boolean {
  const text = addressText(v, family);
  if (family === 'ipv4') return !/^(0|10|127|169\.254|172\.(1[6-9]|2\d|3[01])|192\.168|2(2[4-9]|[3-5]\d))\./.test(text);
  return v >> 125n === 1n; // 2000::/3, global unicast
}

/**
 * The source boundaries of the rules a packet from outside passes (not OUTPUT, POSTROUTING) that can let
 * it on: a source inside a rule that only drops or rejects is never let in by that rule, so it is not tried.
 * One per label (network text or `set:NAME`, one member standing for its set) and port filter.
 */
export function boundarySources(ruleset: Ruleset): SourceBoundary[] {
  const family = ruleset.family;
  const out = new Map<string, SourceBoundary>();
  const cuts = cutRanges(ruleset);
  const stops = cuts.filter((c) => c.stop).map((c): [Range, string] => [c.range, c.label]);
  const cutRange = cuts.map((c) => c.range);
  for (const t of ruleset.tables)
    for (const c of t.chains) {
      if (OUTGOING.has(c.name)) continue;
      for (const r of c.rules) {
        const v = ruleView(r);
        const sources: [Range, string][] = [...rangesOf(r, family).src];
        for (const name of srcSets(v)) {
          const first = setRanges(ruleset, name)[0];
          if (first) sources.push([first, `set:${name}`]);
        }
        if (sources.length === 0 || onlyStops(v, v.source?.negated === true)) continue;
        const named = v.protocol && !v.protocol.negated ? protocolNumber(v.protocol.value) : '0';
        const proto = named === '0' ? null : named;
        const ports = portsOf(v);
        for (const [range, label] of sources) {
          const key = `${label} ${proto} ${JSON.stringify(ports)}`;
          if (out.has(key)) continue;
          const more = moreInside(range, cutRange, family);
          const partlyStopped = smallerStop(range, stops);
          const address = inside(range, family);
          out.set(key, { address, label, proto, ports, more, ...(partlyStopped ? { partlyStopped } : {}) });
        }
      }
    }
  return [...out.values()];
}

/** The source ranges (and set members) of the rules a packet from outside passes; `stop`: the rule only drops. */
function cutRanges(ruleset: Ruleset): { range: Range; label: string; stop: boolean }[] {
  const out: { range: Range; label: string; stop: boolean }[] = [];
  for (const t of ruleset.tables)
    for (const c of t.chains) {
      if (OUTGOING.has(c.name)) continue;
      for (const r of c.rules) {
        const v = ruleView(r);
        const stop = onlyStops(v, v.source?.negated === true);
        for (const [range, label] of rangesOf(r, ruleset.family).src) out.push({ range, label, stop });
        for (const name of srcSets(v))
          for (const range of setRanges(ruleset, name)) out.push({ range, label: `set:${name}`, stop });
      }
    }
  return out;
}

/** The boundaries worth trying for a port: their rule's protocol and ports do not rule the packet out. */
export function sourcesFor(all: readonly SourceBoundary[], proto: Proto, port: number): ProbeSource[] {
  const seen = new Set<string>();
  const out: ProbeSource[] = [];
  for (const s of all) {
    if (s.proto !== null && protocolNumber(s.proto) !== protocolNumber(proto) && protocolNumber(s.proto) !== '0')
      continue;
    if (s.ports !== null && !s.ports.some(([lo, hi]) => port >= lo && port <= hi)) continue;
    if (seen.has(s.label)) continue;
    seen.add(s.label);
    const partly = s.partlyStopped ? { partlyStopped: s.partlyStopped } : {};
    for (const address of [s.address, ...s.more]) out.push({ address, label: s.label, ...partly });
  }
  return out;
}
