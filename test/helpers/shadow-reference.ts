/**
 * The shadow analysis as it was before rules were parsed once (pairwise, parseNet per pair): the oracle the
 * pre-parsed analysis (src/domain/analysis/shadow.ts) is compared with, rule set by rule set. Test-only.
 */
import { netContains, parseNet } from '../../src/domain/model/ip-net.js';
import { interfaceMatches, portRange } from '../../src/domain/analysis/packet-match.js';
import { protocolNumber } from '../../src/domain/model/protocols.js';
import {
  parseRuleView,
  type Match,
  type Negatable,
  type RuleOption,
  type RuleView,
} from '../../src/domain/model/rule-view.js';
import type { Chain } from '../../src/domain/model/ruleset.js';
import { MAX_ANALYSED_RULES } from '../../src/domain/analysis/shadow.js';

const ENDS_CHAIN = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN']);

function endsChain(v: RuleView): boolean {
  return v.target !== null && (v.target.goto || ENDS_CHAIN.has(v.target.name));
}

const same = (a: Negatable | null, b: Negatable | null): boolean => a?.value === b?.value && a?.negated === b?.negated;

function protocolCovers(i: Negatable | null, j: Negatable | null): boolean {
  if (!i || (!i.negated && protocolNumber(i.value) === '0')) return true;
  if (!j) return false;
  if (i.negated || j.negated) return same(i, j);
  return protocolNumber(i.value) === protocolNumber(j.value);
}

function addressCovers(i: Negatable | null, j: Negatable | null): boolean {
  if (!i) return true;
  if (!j) return false;
  if (i.negated || j.negated || i.value.includes(',') || j.value.includes(',')) return same(i, j);
  const [a, b] = [parseNet(i.value), parseNet(j.value)];
  return a !== null && b !== null && netContains(a, b);
}

function interfaceCovers(i: Negatable | null, j: Negatable | null): boolean {
  if (!i) return true;
  if (!j) return false;
  if (i.negated || j.negated) return same(i, j);
  // eth+ covers eth0 and eth1+; eth0 covers only eth0.
  return j.value.endsWith('+')
    ? i.value.endsWith('+') && j.value.startsWith(i.value.slice(0, -1))
    : interfaceMatches(i.value, j.value);
}

const optionText = (o: RuleOption): string => `${o.negated ? '! ' : ''}${o.name} ${o.values.join(' ')}`;
const moduleText = (m: Match): string => `${m.name} ${m.options.map(optionText).sort().join(' ')}`;

/** Port ranges a rule restricts `kind` ('s' or 'd') to, from tcp/udp/multiport; null when it does not. */
function portsOf(v: RuleView, kind: 's' | 'd'): [number, number][] | null {
  for (const m of v.matches) {
    for (const o of m.options) {
      if (o.negated) continue;
      const single = kind === 's' ? ['--sport', '--source-port'] : ['--dport', '--destination-port'];
      const multi = kind === 's' ? ['--sports', '--source-ports'] : ['--dports', '--destination-ports'];
      if ((single.includes(o.name) && m.name !== 'multiport') || (multi.includes(o.name) && m.name === 'multiport')) {
        const ranges = (o.values[0] ?? '').split(',').map(portRange);
        return ranges.every((r) => r !== null) ? (ranges as [number, number][]) : null;
      }
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

/** Whether one option of an earlier rule's match holds for every packet the later rule matches. */
function optionCovers(m: Match, o: RuleOption, j: RuleView): boolean {
  if (m.name === 'comment') return true;
  if (
    !o.negated &&
    [
      '--dport',
      '--destination-port',
      '--sport',
      '--source-port',
      '--dports',
      '--destination-ports',
      '--sports',
      '--source-ports',
    ].includes(o.name)
  ) {
    const mine = (o.values[0] ?? '').split(',').map(portRange);
    const theirs = portsOf(j, o.name.startsWith('--s') ? 's' : 'd');
    if (!theirs || mine.some((r) => r === null)) return false;
    return theirs.every(([lo, hi]) => mine.some((r) => r![0] <= lo && hi <= r![1]));
  }
  if (!o.negated && (o.name === '--state' || o.name === '--ctstate')) {
    const theirs = statesOf(j);
    const mine = new Set((o.values[0] ?? '').split(','));
    return theirs !== null && [...theirs].every((s) => mine.has(s));
  }
  // Anything else: the later rule must say exactly the same.
  return j.matches.some(
    (n) =>
      n.options.some((x) => optionText(x) === optionText(o)) && (n.name === m.name || moduleText(n) === moduleText(m)),
  );
}

/** Whether every packet `j` matches is matched by `i` (conservative: false when unsure). */
export function referenceCovers(i: RuleView, j: RuleView): boolean {
  if (!protocolCovers(i.protocol, j.protocol)) return false;
  if (!addressCovers(i.source, j.source) || !addressCovers(i.destination, j.destination)) return false;
  if (!interfaceCovers(i.inInterface, j.inInterface) || !interfaceCovers(i.outInterface, j.outInterface)) return false;
  if (i.fragment && !same(i.fragment, j.fragment)) return false;
  // limit, recent, hashlimit... on the earlier rule: it does not always match.
  return i.matches.every(
    (m) =>
      m.name === 'comment' ||
      (m.options.length > 0 && m.options.every((o) => optionCovers(m, o, j))) ||
      (m.options.length === 0 && m.name === j.protocol?.value),
  );
}

/** Index of each shadowed rule -> index of the earlier rule that shadows it (0-based). */
export function referenceShadowedRules(chain: Chain): Map<number, number> {
  const out = new Map<number, number>();
  if (chain.rules.length > MAX_ANALYSED_RULES) return out;
  const views = chain.rules.map((r) => parseRuleView(r.args));
  const enders = views.map((v, i) => (endsChain(v) ? i : -1)).filter((i) => i >= 0);
  for (let j = 0; j < views.length; j++) {
    for (const i of enders) {
      if (i >= j) break;
      if (referenceCovers(views[i]!, views[j]!)) {
        out.set(j, i);
        break;
      }
    }
  }
  return out;
}
