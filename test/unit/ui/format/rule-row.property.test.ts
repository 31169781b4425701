/**
 * Rows never read broader than their rule: at every width an admin uses (80 and up), each thing
 * that narrows a rule (interfaces, protocol, fragments, addresses, negation, every match module,
 * goto) is in the rendered row, or the row carries a cut mark and the detail lines hold the full text.
 */
import { describe, expect, it } from 'vitest';
import { listAddress } from '../../../../src/domain/listing/list-format.js';
import { printMatch } from '../../../../src/domain/listing/match-print.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { ruleLine } from '../../../../src/domain/text/render-save.js';
import { parseRuleView, type Negatable } from '../../../../src/domain/model/rule-view.js';
import type { Chain, Family } from '../../../../src/domain/model/ruleset.js';
import { detailLines } from '../../../../src/ui/format/detail-lines.js';
import { paneWidths } from '../../../../src/ui/format/pane-widths.js';
import { layoutColumns, rowText, ruleCells } from '../../../../src/ui/format/rule-row.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const WIDTHS = [80, 100, 120, 160, 200];
const CUT = '…';
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Element {
  what: string;
  /** How the row must show it. */
  shown: RegExp;
  /** Interfaces, protocol, fragments and goto sit first: never behind a cut from 100 columns on. */
  alwaysVisible: boolean;
}

/** `! ` before a negated value (with or without its option word), a separator before a plain one. */
function negatable(flag: string, n: Negatable, text: string): RegExp {
  const value = `${esc(text)}(?=\\s|$)`;
  return n.negated ? new RegExp(`!\\s*(${flag}\\s+)?${value}`) : new RegExp(`(^|[\\s])(${flag}\\s+)?${value}`);
}

function narrowingElements(args: readonly string[], family: Family): Element[] {
  const view = parseRuleView(args);
  const out: Element[] = [];
  const add = (what: string, shown: RegExp, alwaysVisible: boolean): void => {
    out.push({ what, shown, alwaysVisible });
  };
  const { inInterface: i, outInterface: o, protocol: p, source: s, destination: d } = view;
  if (i) add(`in ${i.value}`, negatable('-i', i, i.value), true);
  if (o) add(`out ${o.value}`, negatable('-o', o, o.value), true);
  if (p) add(`protocol ${p.value}`, negatable('-p', p, p.value), true);
  if (view.fragment) add('fragment', view.fragment.negated ? /!\s*-?f\b/ : /-f\b/, true);
  if (view.target?.goto) add('goto', /\[goto\]/, true);
  if (s) add('source', negatable('-s', s, listAddress(s, family)), false);
  if (d) add('destination', negatable('-d', d, listAddress(d, family)), false);
  for (const m of view.matches) {
    if (m.name !== 'comment') add(`match ${m.name}`, new RegExp(esc(printMatch(m).trim())), false);
  }
  if (view.target) add(`target ${view.target.name}`, new RegExp(`(^|\\s)${esc(view.target.name)}(\\s|$)`), false);
  return out;
}

interface Case {
  fixture: string;
  family: Family;
  table: string;
  chain: Chain;
}

// What the fixtures lack: negated protocol and fragments, wildcard interfaces, long IPv6 addresses, goto.
const ZOO = {
  name: 'zoo',
  family: 'ipv4' as Family,
  save: `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:LOGDROP - [0:0]
-A INPUT ! -p tcp -j DROP
-A INPUT ! -f -i eth+ -j ACCEPT
-A INPUT ! -i lo -s 127.0.0.0/8 -j DROP
-A INPUT -i wg0 -p udp -m udp ! --dport 51820 -m comment --comment "only wireguard here, the rest is dropped" -j DROP
-A FORWARD -i veth+ ! -o br-0123456789ab -m conntrack ! --ctstate RELATED,ESTABLISHED -g LOGDROP
-A LOGDROP -j LOG --log-prefix "dropped: "
COMMIT
`,
};
const ZOO6 = {
  name: 'zoo6',
  family: 'ipv6' as Family,
  save: `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 2001:db8:abcd:1234:5678:9abc:def0:1234/128 ! -d 2001:db8:ffff:eeee:dddd:cccc:bbbb:0/112 -p ipv6-icmp \
-m icmp6 --icmpv6-type 128 -j ACCEPT
-A INPUT ! -i lo -s ::1/128 -j DROP
COMMIT
`,
};

const cases: Case[] = [...loadFixtures({ generated: true }), ZOO, ZOO6].flatMap((f) => {
  const ruleset = parseSave(f.save, { family: f.family });
  const withRules = (t: (typeof ruleset.tables)[number]) => t.chains.filter((c) => c.rules.length > 0);
  const { name: fixture, family } = f;
  return ruleset.tables.flatMap((t) => withRules(t).map((chain) => ({ fixture, family, table: t.name, chain })));
});

describe('every rule of every fixture, at every width', () => {
  it('has fixtures to look at (shared and generated)', () => {
    expect(new Set(cases.map((c) => c.fixture)).size).toBeGreaterThanOrEqual(20);
  });

  for (const columns of WIDTHS) {
    it(`shows what narrows each rule at ${columns} columns`, () => {
      const failures: string[] = [];
      for (const c of cases) {
        const longest = Math.max(...[c.chain.name.length, 5]);
        const { rules: paneWidth } = paneWidths(columns, longest);
        // The pane's first column holds the row marks.
        const cells = c.chain.rules.map((r, i) => ruleCells(r, i + 1, c.family, false, undefined));
        // Rows on screen together share one layout: 20 at a time, as on a 24-line terminal.
        for (let from = 0; from < cells.length; from += 20) {
          const visible = cells.slice(from, from + 20);
          const layout = layoutColumns(paneWidth - 1, visible);
          visible.forEach((cell, k) => {
            const rule = c.chain.rules[from + k]!;
            const row = rowText(cell, layout);
            const full = ruleLine(c.chain.name, rule, false);
            const detail = detailLines(full, columns).join('');
            for (const e of narrowingElements(rule.args, c.family)) {
              if (e.shown.test(row)) continue;
              // At 80 columns two 15-character interface names may not fit beside the target: cut, marked.
              if ((!e.alwaysVisible || columns < 100) && row.includes(CUT) && detail === full) continue;
              const where = `${c.fixture} ${c.table}/${c.chain.name} rule ${from + k + 1} (${full})`;
              failures.push(`${where}: ${e.what} missing from |${row}|`);
            }
          });
        }
      }
      expect(failures.slice(0, 8).join('\n')).toBe('');
    });
  }
});
