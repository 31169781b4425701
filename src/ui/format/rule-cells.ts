/**
 * One rule as the cells of the rule view: the iptables -L columns, two rates, and the
 * compact text that folds interfaces, addresses, protocol and fragments in front of the
 * matches (so a narrow row never reads broader than its rule). Pure: no React.
 */
import { printable } from '../../domain/text/printable.js';
import { listAddress } from '../../domain/listing/list-format.js';
import { printMatch, printTarget } from '../../domain/listing/match-print.js';
import type { PrintContext } from '../../domain/listing/print-util.js';
import { parseRuleView, type Negatable, type RuleView } from '../../domain/model/rule-view.js';
import type { Family, Rule } from '../../domain/model/ruleset.js';
import { humanRate } from '../../domain/listing/human-count.js';
import { counterText } from './counters.js';

export type ColumnId =
  | 'num'
  | 'pkts'
  | 'bytes'
  | 'rate'
  | 'byteRate'
  | 'spark'
  | 'target'
  | 'prot'
  | 'opt'
  | 'in'
  | 'out'
  | 'source'
  | 'destination'
  | 'extra'
  | 'rule';

export type RowCells = Readonly<Record<ColumnId, string>>;

const not = (n: Negatable): string => (n.negated ? '!' : '');

/** Match texts as -L prints them, comments last: a cut takes the comment before anything that narrows. */
function matchTexts(view: RuleView, ctx: PrintContext): { narrowing: string[]; comments: string[] } {
  const narrowing: string[] = [];
  const comments: string[] = [];
  for (const m of view.matches) (m.name === 'comment' ? comments : narrowing).push(printMatch(m, ctx).trim());
  const targetText = view.target ? printTarget(view.target, ctx).trim() : '';
  if (targetText) narrowing.push(targetText);
  return { narrowing: narrowing.filter(Boolean), comments: comments.filter(Boolean) };
}

/**
 * The compact text: `[goto]`, then `-i/-o/-s/-d/-f` as iptables -S writes them and the protocol,
 * then the matches. The protocol's own match (` tcp dpt:22`) stands in for the protocol.
 */
export function compactText(
  view: RuleView,
  family: Family,
  texts = matchTexts(view, { family, variant: 'nft' }),
): string {
  const narrowing = [...texts.narrowing];
  const { comments } = texts;
  const parts: string[] = [];
  if (view.target?.goto) parts.push('[goto]');
  const option = (flag: string, n: Negatable | null, text?: string): void => {
    if (n) parts.push(`${n.negated ? '! ' : ''}${flag} ${text ?? n.value}`);
  };
  option('-i', view.inInterface);
  option('-o', view.outInterface);
  const p = view.protocol;
  // The protocol's own match (` tcp dpt:22`) names the protocol: it stands in for `-p tcp`, right here.
  const own = p && !p.negated ? narrowing.findIndex((t) => t.split(' ')[0] === p.value) : -1;
  if (own >= 0) parts.push(...narrowing.splice(own, 1));
  // A plain protocol as -L's prot column writes it (`tcp multiport dports 22`); a negated one keeps `! -p`.
  else if (p && !p.negated) parts.push(p.value);
  else option('-p', p);
  if (view.fragment) parts.push(view.fragment.negated ? '! -f' : '-f');
  option('-s', view.source, view.source ? listAddress(view.source, family) : undefined);
  option('-d', view.destination, view.destination ? listAddress(view.destination, family) : undefined);
  return [...parts, ...narrowing, ...comments].join(' ');
}

/**
 * The cells of one rule; `rate` and `byteRate` per second (undefined: not measured yet).
 * The matches are printed in the family's and the backend's words, as `iptables -L` prints them.
 */
const NO_LF = { newlines: false } as const;

export function ruleCells(
  rule: Rule,
  num: number,
  family: Family,
  exact: boolean,
  rate: number | undefined,
  byteRate?: number,
  variant: PrintContext['variant'] = 'nft',
): RowCells {
  const view = parseRuleView(rule.args);
  const counters = rule.counters ?? { packets: 0n, bytes: 0n };
  const texts = matchTexts(view, { family, variant });
  const { narrowing, comments } = texts;
  const address = (n: Negatable | null): string => `${n?.negated ? '!' : ''}${listAddress(n, family)}`;
  return {
    num: String(num),
    pkts: counterText(counters.packets, exact),
    bytes: counterText(counters.bytes, exact),
    rate: humanRate(rate),
    byteRate: humanRate(byteRate),
    // Filled by the view from the rates history (rowSpark): a cell only where the terminal has room.
    spark: '',
    target: view.target?.name ?? '',
    prot: view.protocol ? `${not(view.protocol)}${view.protocol.value}` : 'all',
    opt: view.fragment ? (view.fragment.negated ? '!f' : '-f') : '--',
    in: view.inInterface ? `${not(view.inInterface)}${view.inInterface.value}` : '*',
    out: view.outInterface ? `${not(view.outInterface)}${view.outInterface.value}` : '*',
    source: address(view.source),
    destination: address(view.destination),
    // A control character in a comment (iptables takes ESC) would move the cursor: shown as \xNN instead.
    extra: printable([...(view.target?.goto ? ['[goto]'] : []), ...narrowing, ...comments].join(' '), NO_LF),
    rule: printable(compactText(view, family, texts), NO_LF),
  };
}
