/**
 * The valid rules of iptables 1.8.9's own extension tests (extensions/lib*.t),
 * kept in test/fixtures/iptables-extensions/rules.txt by scripts/gen-extension-rules.mjs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Family } from '../../src/domain/model/ruleset.js';
import { FIXTURE_DIR } from './fixtures.js';

/** One rule of one test file, placed in one chain of one table. */
export interface ExtensionRule {
  /** The test file it comes from, e.g. `libxt_hashlimit`. */
  readonly module: string;
  readonly table: string;
  readonly chain: string;
  /** The rule's text after `-A CHAIN`, as the test file writes it (restore syntax). */
  readonly text: string;
}

/** Which families a test file is for: libipt_ IPv4, libip6t_ IPv6 (`older-*4`/`*6` alike), the others both. */
export function moduleFamilies(module: string): Family[] {
  if (module.startsWith('libipt_') || /^older-.*4$/.test(module)) return ['ipv4'];
  if (module.startsWith('libip6t_') || /^older-.*6$/.test(module)) return ['ipv6'];
  return ['ipv4', 'ipv6'];
}

/**
 * Every rule of a fixture file (rules.txt: iptables' own tests; older-spellings.txt: what older
 * files say), each chain of a `:A,B` line giving its own copy, in file order.
 */
export function loadExtensionRules(file = 'rules.txt'): ExtensionRule[] {
  const text = readFileSync(join(FIXTURE_DIR, 'iptables-extensions', file), 'utf8');
  const rules: ExtensionRule[] = [];
  let module = '';
  let table = 'filter';
  let chains: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      module = header[1]!;
      table = 'filter';
      chains = [];
    } else if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith(':')) chains = line.slice(1).split(',');
    else if (line.startsWith('%')) {
      const space = line.indexOf(' ');
      rules.push({ module, table, chain: line.slice(1, space), text: line.slice(space + 1) });
    } else for (const chain of chains) rules.push({ module, table, chain, text: line });
  }
  return rules;
}

/** iptables-restore input holding `rules` (one block per table, in the order given). */
export function restoreInput(rules: readonly ExtensionRule[]): string {
  const tables = [...new Set(rules.map((r) => r.table))];
  return tables
    .map((t) => {
      const lines = rules.filter((r) => r.table === t).map((r) => `-A ${r.chain} ${r.text}`);
      return [`*${t}`, ...lines, 'COMMIT'].join('\n');
    })
    .join('\n')
    .concat('\n');
}
