/**
 * Real Docker layouts as unit-test fixtures: `iptables-save -c` and `iptables -L -n -v -x --line-numbers`
 * per table, in the format test/helpers/fixtures.ts loads (test/fixtures/NAME.v4.save + NAME.v4.list).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURE_DIR } from './fixtures.js';
import type { TestNetns } from './netns.js';

/**
 * A dump without `#` lines and packet counters, tables in name order (iptables-legacy-save prints them in
 * another order than iptables-nft-save): what stays the same from one run of dockerd to the next.
 */
export function withoutCounters(save: string): string {
  const lines = save
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/^\[\d+:\d+\] /, '').replace(/ \[\d+:\d+\]$/, ' [0:0]'));
  const tables = lines.join('\n').split(/^(?=\*)/m);
  return tables
    .map((t) => t.trim())
    .sort()
    .join('\n');
}

const TABLES = (save: string): string[] => [...save.matchAll(/^\*(\S+)$/gm)].map((m) => m[1]!);

/** The `.list` companion of a dump, as the namespace's iptables-nft prints it. */
export async function listOf(ns: TestNetns, tool: 'iptables' | 'ip6tables', save: string): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES(save)) {
    const args = ['-t', table, '-L', '-n', '-v', '-x', '--line-numbers'];
    parts.push(`### ${tool} ${args.join(' ')}\n${await ns.exec([`${tool}-nft`, ...args])}`);
  }
  return parts.join('');
}

/** The namespace's dump and list of one family, read at one moment (again if a packet moved a counter between). */
async function snapshot(ns: TestNetns, tool: 'iptables' | 'ip6tables'): Promise<{ save: string; list: string }> {
  for (let attempt = 0; ; attempt++) {
    const save = await ns.exec([`${tool}-nft-save`, '-c']);
    const list = await listOf(ns, tool, save);
    if (withCounters(save) === withCounters(await ns.exec([`${tool}-nft-save`, '-c'])) || attempt === 5) {
      return { save, list };
    }
  }
}

const withCounters = (save: string) =>
  save
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

/** Writes NAME.v4/.v6 .save and .list from a namespace's rules as iptables-nft (Debian's default) shows them. */
export async function writeFixture(ns: TestNetns, name: string, note: string): Promise<void> {
  for (const [family, tool] of [
    ['v4', 'iptables'],
    ['v6', 'ip6tables'],
  ] as const) {
    const { save, list } = await snapshot(ns, tool);
    await writeFile(join(FIXTURE_DIR, `${name}.${family}.save`), `${note}${save}`);
    await writeFile(join(FIXTURE_DIR, `${name}.${family}.list`), list);
  }
}

/** The real Docker 20.10 lab's rules (see test/integration/docker-real.test.ts). */
export const writeDockerFixtures = (ns: TestNetns) =>
  writeFixture(
    ns,
    'docker-20.10',
    "# Debian 12 docker.io 20.10: dockerd's own rules (test/integration/docker-real.test.ts)\n",
  );
