/**
 * The raw table on nf_tables: a watch's `-I` creates it (and its chain) when nothing used raw before, and deleting
 * the TRACE rule leaves it behind, empty. fwtui notes whether the table was there and, if the watch created it,
 * takes it out again once empty: its chains with `nft delete chain` (nft refuses a chain that holds rules), then the
 * table only when no chain is left in it. Without nft nothing is removed (the end message says so).
 */
import type { Family } from '../domain/model/ruleset.js';
import type { WatchTarget } from './watch-rules.js';

const nftFamily = (f: Family): string => (f === 'ipv4' ? 'ip' : 'ip6');

async function nft(t: WatchTarget, args: string[]): Promise<{ ok: boolean; out: string } | null> {
  const argv = ['nft', ...args];
  const [file, ...rest] = t.netns === undefined ? argv : ['ip', 'netns', 'exec', t.netns, ...argv];
  try {
    const r = await t.runner.run({ file: file!, args: rest });
    return { ok: r.exitCode === 0, out: r.stdout };
  } catch {
    return null;
  }
}

/** Whether the family's raw table exists in nf_tables (null: nft could not tell, e.g. not installed). */
export async function rawTableExists(t: WatchTarget): Promise<boolean | null> {
  const r = await nft(t, ['list', 'tables', nftFamily(t.family)]);
  if (r === null || !r.ok) return null;
  return r.out.split('\n').some((l) => l.trim() === `table ${nftFamily(t.family)} raw`);
}

/**
 * Deletes the raw table a watch created, if nothing else put a rule in it meanwhile.
 * @returns whether the table is gone
 */
export async function removeEmptyRawTable(t: WatchTarget, chains: readonly string[]): Promise<boolean> {
  const fam = nftFamily(t.family);
  // nft refuses to delete a chain that holds rules: another program's rules are never touched.
  for (const c of chains) await nft(t, ['delete', 'chain', fam, 'raw', c]);
  const left = await nft(t, ['list', 'table', fam, 'raw']);
  if (left === null || !left.ok) return false;
  if (/^\s*chain /m.test(left.out)) return false;
  const r = await nft(t, ['delete', 'table', fam, 'raw']);
  return r?.ok ?? false;
}
