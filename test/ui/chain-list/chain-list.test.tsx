/**
 * What decides or narrows stays visible at any width >= 80: every chain row of the chain list shows its policy
 * (`-` for a user chain) or the program that owns it, cut only with a mark, and a chain name that is cut is
 * shown whole in the chain line below when the chain is selected (with the program that owns it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerOf, ownerText } from '../../../src/domain/model/chain-owners.js';
import type { Chain } from '../../../src/domain/model/ruleset.js';
import { currentTable, tableNames } from '../../../src/store/selectors.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

/** `text` as shown: whole, or its start and its end around the cut mark (a label: a prefix ending in it). */
function shownAs(shown: string, text: string): boolean {
  if (shown === text) return true;
  const [start = '', end = ''] = shown.split('…');
  return shown.includes('…') && shown.length > 1 && text.startsWith(start) && text.endsWith(end);
}

/** The cells of the chain list's rows, in order: [name, policy or owner, rule count]. */
function chainRows(frame: string, count: number): string[][] {
  return frame
    .split('\n')
    .slice(2, 2 + count)
    .map((l) => l.slice(0, l.indexOf('│')).replace(/^[ ~]/, '').trim().split(/ +/));
}

/** What the policy column must say for a chain. */
const decides = (chain: Chain): string => chain.policy ?? ownerOf(chain.name)?.label ?? '-';

describe.each(['docker-style', 'fail2ban-style'])('the chain list of %s', (fixture) => {
  it.each([
    { columns: 80, rows: 24 },
    { columns: 120, rows: 40 },
  ])('at $columns x $rows: every chain shows its policy or owner, a cut name is whole when selected', async (size) => {
    const text = readFileSync(join(FIXTURE_DIR, `${fixture}.v4.save`), 'utf8');
    const app = await renderApp(new FakeSource(false, { ipv4: text }), size);
    await app.waitFor((f) => f.includes('Chain INPUT'), 'the view');
    await app.press('\t', (f) => /^ *chain/m.test(f) && app.store.getState().focus === 'chains', 'the chain list');
    const tables = tableNames(app.store.getState());
    for (let seen = 0; seen < tables.length; seen++) {
      const table = currentTable(app.store.getState())!;
      const first = table.chains[0]!.name;
      const frame = await app.press('g', (f) => f.includes(`Chain ${first}:`), `table ${table.name}`);
      const rows = chainRows(frame, table.chains.length);
      table.chains.forEach((chain, i) => {
        const [name, policy, ...count] = rows[i]!;
        const where = `${table.name} ${chain.name} at ${size.columns}: row "${rows[i]!.join(' ')}"\n${frame}`;
        expect(shownAs(name!, chain.name), where).toBe(true);
        expect(shownAs(policy!, decides(chain)), where).toBe(true);
        // The rule count gives its room below 120 columns (the chain line says `rule 3/12`).
        expect(count, where).toEqual(size.columns < 120 ? [] : [String(chain.rules.length)]);
      });
      // Every chain, selected, is named whole in the chain line (a cut name included), with its owner and
      // its rule count: the line wraps rather than lose its end.
      for (let i = 1; i < table.chains.length; i++) {
        const { name, rules } = table.chains[i]!;
        const f = await app.press('j', (x) => x.includes(`Chain ${name}:`), `chain ${name} named whole`);
        const line = f
          .slice(f.indexOf(`Chain ${name}:`))
          .split('\n')
          .slice(0, 2)
          .join(' ');
        if (ownerOf(name)) expect(line).toContain(ownerText(ownerOf(name)!));
        // An empty chain says so once, in the list under the chain line (what happens to packets there).
        expect(rules.length ? line : f).toContain(rules.length ? `rule 1/${rules.length}` : '(no rules: ');
      }
      await app.press('t', () => app.store.getState().table !== table.name || tables.length === 1, 'the next table');
    }
  });
});

describe('owner labels at 80 columns', () => {
  it('name the program, cut only with a mark (never a silent abbreviation like "sshgrd")', async () => {
    const owned: [string, string][] = [
      ['DOCKER', 'Docker'],
      ['f2b-sshd', 'f2b'],
      ['KUBE-SVC', 'kube'],
      ['ufw-user', 'ufw'],
      ['CNI-FWD', 'CNI'],
      ['cali-INPUT', 'calico'],
      ['FLANNEL-FWD', 'flann…'],
      ['WEAVE-NPC', 'weave'],
      ['CILIUM_IN', 'cilium'],
      ['LIBVIRT_INP', 'libvi…'],
      ['NETAVARK_FWD', 'podman'],
      ['ts-input', 'Tails…'],
      ['CROWDSEC_IN', 'Crowd…'],
      ['sshguard', 'sshgu…'],
      ['MINE', '-'],
    ];
    const save = ['*filter', ':INPUT ACCEPT [0:0]', ...owned.map(([c]) => `:${c} - [0:0]`), 'COMMIT', ''].join('\n');
    const app = await renderApp(new FakeSource(false, { ipv4: save }), { columns: 80, rows: 24 });
    const frame = await app.waitFor((f) => f.includes('Chain INPUT'), 'the view');
    const rows = chainRows(frame, owned.length + 1).slice(1);
    expect(rows.map((r) => r[1])).toEqual(owned.map(([, label]) => label));
  });
});
