/** Loads the real iptables dumps in test/fixtures (copied from ../shared/fixtures). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Family } from '../../src/domain/model/ruleset.js';

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures');

export interface Fixture {
  name: string;
  family: Family;
  save: string;
  /** `iptables -L` output per table, from the matching .list file. */
  lists: Map<string, string>;
}

/** Drops the `#` lines iptables-save and iptables -L add (timestamps, warnings). */
export const withoutComments = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

/** Real dumps: the shared ones, and with `generated` those our integration tests made with real tools. */
export function loadFixtures(options: { generated?: boolean } = {}): Fixture[] {
  const dirs = options.generated ? [FIXTURE_DIR, join(FIXTURE_DIR, 'generated')] : [FIXTURE_DIR];
  return dirs.flatMap((dir) => loadDir(dir));
}

function loadDir(dir: string): Fixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.save'))
    .map((f) => {
      const base = f.slice(0, -'.save'.length);
      const family: Family = base.endsWith('.v6') ? 'ipv6' : 'ipv4';
      const listText = readFileSync(join(dir, `${base}.list`), 'utf8');
      const lists = new Map<string, string>();
      for (const section of listText.split(/^### /m).slice(1)) {
        const nl = section.indexOf('\n');
        const table = / -t (\S+)/.exec(section.slice(0, nl))?.[1] ?? 'filter';
        lists.set(table, section.slice(nl + 1).replace(/\n+$/, '\n'));
      }
      return { name: base, family, save: readFileSync(join(dir, f), 'utf8'), lists };
    });
}
