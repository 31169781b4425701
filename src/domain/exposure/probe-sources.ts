/**
 * Where packets are asked to come from: "the internet" (an address outside every network the rules, the
 * sets and the interfaces' addresses name) and, for the worst-case search, one address inside each source
 * network (`-s`, `--src-range`, a set used as `src`) the rules name. Not random sampling: every boundary the
 * rules draw on the source address gets one address on its inside. Pure.
 */
import { addressValue, parseNet, parseRange, type Net } from '../model/ip-net.js';
import { parseRuleView } from '../model/rule-view.js';
import type { Family, Ruleset } from '../model/ruleset.js';
import { addressText } from '../text/address-text.js';
import type { InterfaceAddress } from '../analysis/local-addresses.js';

/** An address to send from, and what it stands for (`10.0.0.0/8`, `set:admins`, the whole internet). */
export interface ProbeSource {
  readonly address: string;
  readonly label: string;
}

const WIDTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };
/** Documentation and well-known public addresses tried first (readable in a report), then the gaps. */
const FIRST_TRY: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['203.0.113.7', '198.51.100.7', '192.0.2.7', '8.8.8.8', '1.1.1.1', '100.100.100.100', '45.33.32.156'],
  ipv6: ['2001:db8::7', '2001:db8:ffff::7', '2606:4700::1111', '2a00:1450::1'],
};

/** `everything` of a family as the report writes it. */
export const anywhere = (family: Family): string => (family === 'ipv4' ? '0.0.0.0/0' : '::/0');

interface Bound {
  readonly from: bigint;
  readonly to: bigint;
  readonly label: string;
  readonly source: boolean;
}

const netBound = (n: Net, label: string, source: boolean): Bound => {
  const size = 1n << BigInt(WIDTH[n.family] - n.prefix);
  return { from: n.base, to: n.base + size - 1n, label, source };
};

/** Every address range the rules, the sets they use and the interfaces name, for one family. */
function boundaries(ruleset: Ruleset, locals: readonly InterfaceAddress[]): Bound[] {
  const family = ruleset.family;
  const out: Bound[] = [];
  const srcSets = new Set<string>();
  const addNets = (value: string, source: boolean): void => {
    for (const part of value.split(',')) {
      const n = parseNet(part);
      if (n && n.family === family && n.prefix > 0) out.push(netBound(n, part, source));
    }
  };
  for (const table of ruleset.tables)
    for (const chain of table.chains)
      for (const rule of chain.rules) {
        const v = parseRuleView(rule.args);
        if (v.source) addNets(v.source.value, true);
        if (v.destination) addNets(v.destination.value, false);
        for (const m of v.matches)
          for (const o of m.options) {
            if (o.name === '--src-range' || o.name === '--dst-range') {
              const r = parseRange(o.values[0] ?? '');
              if (r && r.family === family)
                out.push({ from: r.from, to: r.to, label: o.values[0]!, source: o.name === '--src-range' });
            }
            const [name, dirs] = o.values;
            if ((o.name === '--match-set' || o.name === '--set') && name && dirs?.split(',')[0] === 'src')
              srcSets.add(name);
          }
      }
  for (const [name, set] of ruleset.sets?.byName ?? new Map()) {
    let first = true;
    for (const member of set.members) {
      const n = parseNet(member.elem.split(',')[0] ?? '');
      if (!n || n.family !== family) continue;
      // One address stands for the set in the search: every member matches the set alike.
      out.push(netBound(n, `set:${name}`, first && srcSets.has(name)));
      first = false;
    }
  }
  for (const l of locals) {
    const n = parseNet(`${l.address}/${l.prefix}`);
    if (n && n.family === family) out.push(netBound(n, `${l.iface} network`, false));
  }
  return out;
}

const isPublic = (family: Family, v: bigint): boolean => {
  const text = addressText(v, family);
  if (family === 'ipv4') return !/^(0|10|127|169\.254|172\.(1[6-9]|2\d|3[01])|192\.168|2(2[4-9]|[3-5]\d))\./.test(text);
  return v >> 125n === 1n; // 2000::/3, global unicast
};

/**
 * An address that no rule, set or interface network names: what "a packet from the internet" is sent
 * from. Null when the rules cover every public address (then there is no such place to stand).
 */
export function internetAddress(ruleset: Ruleset, locals: readonly InterfaceAddress[]): string | null {
  const family = ruleset.family;
  const bounds = boundaries(ruleset, locals);
  const outside = (v: bigint): boolean => isPublic(family, v) && bounds.every((b) => v < b.from || v > b.to);
  for (const t of FIRST_TRY[family]) {
    const v = addressValue(t)?.value;
    if (v !== undefined && outside(v)) return t;
  }
  const max = (1n << BigInt(WIDTH[family])) - 1n;
  for (const b of bounds)
    for (const v of [b.to + 2n, b.from - 2n]) if (v > 0n && v < max && outside(v)) return addressText(v, family);
  return null;
}

/** One address inside each source boundary the rules draw (deduplicated by label), for the worst-case search. */
export function boundarySources(ruleset: Ruleset): ProbeSource[] {
  const family = ruleset.family;
  const out = new Map<string, ProbeSource>();
  for (const b of boundaries(ruleset, [])) {
    if (!b.source || out.has(b.label)) continue;
    // The second address of a network (its first is often the network's own), the only one of a host.
    const v = b.to > b.from ? b.from + 1n : b.from;
    out.set(b.label, { address: addressText(v, family), label: b.label });
  }
  return [...out.values()];
}
