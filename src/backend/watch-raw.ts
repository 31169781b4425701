/**
 * The raw table on nf_tables: a watch's `-I` creates it (and its chain) when nothing used raw before, and deleting
 * the TRACE rule leaves it behind, empty. fwtui notes whether the table was there and, if the watch created it,
 * takes it out again while it holds nothing else (removeEmptyRawTable). Without nft nothing is removed (the end
 * message says so).
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
 * Whether an `nft list table` listing of raw shows nothing but some of `chains` as empty base chains with policy
 * accept: no rule, no other chain, set, map or object, no policy another program changed. Pure.
 */
export function holdsNothing(listing: string, chains: readonly string[]): boolean {
  let inChain = false;
  for (const line of listing.split('\n').map((l) => l.trim())) {
    if (line === '' || /^table ip6? raw \{$/.test(line)) continue;
    const chain = /^chain (\S+) \{$/.exec(line);
    if (chain && !inChain && chains.includes(chain[1]!)) {
      inChain = true;
      continue;
    }
    if (inChain && /^type filter hook (prerouting|output) priority (raw|-300); policy accept;$/.test(line)) continue;
    if (line === '}') {
      inChain = false;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Deletes the raw table a watch created, only while it holds nothing but the watch's own empty base chains.
 * (Measured on Linux 6.18: `nft delete chain` deletes a chain with its rules, and `delete table` everything in it:
 * the check reads the table first. Another program adding to it in the milliseconds between is not excluded.)
 * @returns whether the table is gone
 */
export async function removeEmptyRawTable(t: WatchTarget, chains: readonly string[]): Promise<boolean> {
  const fam = nftFamily(t.family);
  const left = await nft(t, ['list', 'table', fam, 'raw']);
  if (left === null || !left.ok || !holdsNothing(left.out, chains)) return false;
  const r = await nft(t, ['delete', 'table', fam, 'raw']);
  return r?.ok ?? false;
}
