import { describe, expect, it } from 'vitest';
import { diffCounters, ruleKeys } from '../../../../src/domain/diff/counter-diff.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import type { Rule } from '../../../../src/domain/model/ruleset.js';
import { paneWidths } from '../../../../src/ui/format/pane-widths.js';
import { layoutColumns, rowLayout, rowText, ruleCells, scrolled } from '../../../../src/ui/format/rule-row.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const docker = loadFixtures().find((f) => f.name === 'docker-style.v4')!;
const dockerRules = (save: string): readonly Rule[] =>
  parseSave(save, { family: 'ipv4' })
    .tables.find((t) => t.name === 'filter')!
    .chains.find((c) => c.name === 'DOCKER')!.rules;
const rules = dockerRules(docker.save);
const counted = dockerRules(docker.save.replaceAll('[0:0] -A DOCKER ', '[123456789012:98765432109876] -A DOCKER '));
const ids = (cols: readonly { id: string }[]): string => cols.map((c) => c.id).join(' ');

describe('rate columns', () => {
  // Quiet: zero counters, no rates yet. Busy: big counters (exact, as after x) and rates on every rule.
  const quiet = (exact: boolean) => rules.map((r, i) => ruleCells(r, i + 1, 'ipv4', exact, undefined));
  const busy = (exact: boolean) => counted.map((r, i) => ruleCells(r, i + 1, 'ipv4', exact, 12345.6, 987654321));

  it('pkt/s never appears or disappears as traffic starts and stops', () => {
    for (const columns of [80, 100, 120, 160, 200]) {
      const width = paneWidths(columns, 24).rules - 1;
      for (const exact of [false, true]) {
        expect(ids(layoutColumns(width, busy(exact))), `${columns} columns, exact ${exact}`).toContain('rate');
        expect(ids(layoutColumns(width, quiet(exact))), `${columns} columns, exact ${exact}`).toContain('rate');
      }
      // K/M/G counters and rates have a fixed width: the whole layout stays put.
      const still = ids(layoutColumns(width, quiet(false)));
      expect(ids(layoutColumns(width, busy(false))), `${columns} columns`).toBe(still);
    }
  });

  it('come from two reads: packets and bytes per second', () => {
    const table = (packets: number, bytes: number) =>
      parseSave(`*filter\n:INPUT ACCEPT [0:0]\n[${packets}:${bytes}] -A INPUT -i lo -j ACCEPT\nCOMMIT\n`, {
        family: 'ipv4',
      }).tables[0]!;
    const after = table(30, 9000);
    const diff = diffCounters(table(10, 1000), after, 2);
    const key = ruleKeys(after.chains[0]!)[0]!;
    expect(diff.rates.get(key)).toBe(10);
    expect(diff.byteRates.get(key)).toBe(4000);
  });

  it('shows bytes/s where it fits, next to pkt/s', () => {
    const wide = layoutColumns(paneWidths(200, 24).rules - 1, busy(false));
    expect(ids(wide)).toMatch(/pkts bytes rate byteRate target/);
    expect(rowText(busy(false)[0]!, wide)).toMatch(/12346 +988M +ACCEPT/);
    expect(ids(layoutColumns(paneWidths(80, 24).rules - 1, busy(false)))).not.toContain('byteRate');
  });
});

describe('wide and compact rows', () => {
  const cells = rules.map((r, i) => ruleCells(r, i + 1, 'ipv4', false, undefined));

  it('are the -L columns where they fit, else one text column with -i/-o/-p/-s/-d first', () => {
    expect(rowLayout(200, cells).mode).toBe('wide');
    const wide = rowText(cells[0]!, rowLayout(200, cells).columns);
    expect(wide).toMatch(/ACCEPT +tcp +-- +!docker0 +docker0 +0\.0\.0\.0\/0 +172\.17\.0\.2 +tcp dpt:80/);
    const compact = rowLayout(90, cells);
    expect(compact.mode).toBe('compact');
    expect(rowText(cells[0]!, compact.columns)).toMatch(/ACCEPT +! -i docker0 -o docker0 tcp dpt:80 -d 172\.17\.0\.2/);
  });

  it('follow the choice: compact anywhere, wide as far as it can', () => {
    expect(rowLayout(200, cells, 'compact').mode).toBe('compact');
    expect(rowLayout(100, cells, 'auto').mode).toBe('compact');
    expect(rowLayout(100, cells, 'wide').mode).toBe('wide');
    for (const width of [40, 60, 100, 200])
      for (const choice of ['auto', 'wide', 'compact'] as const) {
        expect(rowText(cells[3]!, rowLayout(width, cells, choice).columns), `${width} ${choice}`).toHaveLength(width);
      }
  });

  it('scroll the matches text with a cut mark at each hidden end', () => {
    expect(scrolled('! -i docker0 -o docker0', 0)).toBe('! -i docker0 -o docker0');
    expect(scrolled('! -i docker0 -o docker0', 13)).toBe('…o docker0');
    const layout = rowLayout(50, cells, 'compact').columns;
    expect(rowText(cells[0]!, layout, 13)).toMatch(/ACCEPT +…o docker0 tcp dpt:80 -d 1…$/);
  });
});

describe('rows speak the family and backend of the rule', () => {
  const rule = (spec: string): Rule =>
    parseSave(`*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ${spec}\nCOMMIT\n`).tables[0]!.chains[0]!.rules[0]!;

  it('an IPv6 REJECT without --reject-with reads icmp6-port-unreachable, as ip6tables -L says', () => {
    expect(ruleCells(rule('-p tcp -j REJECT'), 1, 'ipv6', true, undefined).extra).toBe(
      'reject-with icmp6-port-unreachable',
    );
    expect(ruleCells(rule('-p tcp -j REJECT'), 1, 'ipv4', true, undefined).extra).toBe(
      'reject-with icmp-port-unreachable',
    );
  });

  it('legacy prints eui64 where nft prints nothing', () => {
    expect(ruleCells(rule('-m eui64 -j ACCEPT'), 1, 'ipv6', true, undefined, undefined, 'legacy').extra).toBe('eui64');
    expect(ruleCells(rule('-m eui64 -j ACCEPT'), 1, 'ipv6', true, undefined, undefined, 'nft').extra).toBe('');
  });
});

describe('wide characters in a rule', () => {
  // A comment in Japanese: each of its characters takes two columns (review: the row outgrew its pane, Ink cut it).
  const rule = parseSave(
    '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 443 -m comment ' +
      '--comment "本番サーバーへのウェブ接続を許可する設定です" -j ACCEPT\nCOMMIT\n',
    { family: 'ipv4' },
  ).tables[0]!.chains[0]!.rules[0]!;

  it('a row takes exactly its columns on screen, and a cut is marked', async () => {
    const stringWidth = (await import('string-width')).default;
    const cells = ruleCells(rule, 1, 'ipv4', false, undefined);
    for (const width of [60, 80, 100, 139, 140, 200]) {
      for (const choice of ['auto', 'wide', 'compact'] as const) {
        const layout = rowLayout(width, [cells], choice);
        const text = rowText(cells, layout.columns);
        const used = layout.columns.reduce((sum, c) => sum + c.width + 1, -1);
        expect(stringWidth(text), `${width} ${choice}`).toBe(used);
        const full = stringWidth(cells[layout.columns.at(-1)!.id]);
        if (full > layout.columns.at(-1)!.width) expect(text.trimEnd().endsWith('…'), `${width} ${choice}`).toBe(true);
      }
    }
  });
});
