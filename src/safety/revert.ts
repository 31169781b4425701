/**
 * Putting a commit back: for each table it touched (last first), read the
 * table as it is now, compute the plan that returns the touched chains to
 * the saved copy, write it, read back. Failed tables are retried; the result
 * says in words what came back and what did not. Used by the guard at the
 * deadline, by R in the view and by `fwtui revert`.
 */
import { readTable } from '../backend/apply.js';
import type { Iptables } from '../backend/iptables.js';
import { verifyApplied } from '../domain/commit-plan.js';
import { parseSave } from '../domain/parse-save.js';
import type { CommitRecord } from '../domain/pending-commit.js';
import { restoreScript } from '../domain/restore-script.js';
import { revertPlan, type SavedTable } from '../domain/revert-plan.js';
import type { Family } from '../domain/ruleset.js';
import { copyPath, readCopy } from './state-dir.js';

export interface RevertReport {
  readonly ok: boolean;
  readonly messages: readonly string[];
}

const label = (s: { family: Family; table: string }): string => `${s.family === 'ipv6' ? 'IPv6' : 'IPv4'} ${s.table}`;
const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The saved tables of a commit, read from its copy files. @throws Error when a copy is missing or damaged. */
export async function loadSaved(dir: string, record: CommitRecord): Promise<SavedTable[]> {
  const copies = new Map<Family, Awaited<ReturnType<typeof parseSave>>>();
  for (const family of new Set(record.tables.map((t) => t.family))) {
    copies.set(family, parseSave(readCopy(copyPath(dir, family)), { family }));
  }
  return record.tables.map((t) => {
    const table = copies.get(t.family)!.tables.find((x) => x.name === t.table);
    const chains = t.chains.map((name) => {
      const chain = table?.chains.find((c) => c.name === name);
      if (!chain) throw new Error(`the saved copy ${copyPath(dir, t.family)} lacks chain ${name} of ${t.table}`);
      return chain;
    });
    return { family: t.family, table: t.table, chains, created: t.created, renamed: t.renamed };
  });
}

/** Reverts one table; returns what to say about it. @throws when iptables refuses or the read-back differs. */
async function revertTable(iptables: Iptables, saved: SavedTable): Promise<string> {
  const now = await readTable(iptables, saved.family, saved.table);
  const plan = revertPlan(saved, now);
  const script = restoreScript(plan.diff);
  if (script === null) return `${label(saved)}: already as before`;
  await iptables.restore(saved.family, script);
  const problems = verifyApplied(plan, await readTable(iptables, saved.family, saved.table));
  if (problems.length > 0) throw new Error(problems.join('; '));
  const names = [...new Set([...saved.chains.map((c) => c.name), ...saved.created])].join(', ');
  const restored = plan.diff.chains.reduce((n, c) => n + c.added.length + c.moved.length + c.changed.length, 0);
  const lost = saved.family === 'ipv6' && restored > 0 && (await iptables.variant('ipv6')) === 'nft';
  // ip6tables-nft-restore 1.8.9 drops rule counters: say so rather than pretend.
  const note = lost ? ` (ip6tables-nft drops rule counters: the ${restored} restored rules count from 0)` : '';
  return `${label(saved)}: ${names} as before${note}`;
}

/**
 * Reverts every table of the commit, retrying the ones that fail.
 * @param pauseMs wait between attempts @default 1000
 */
export async function revertCommit(iptables: Iptables, dir: string, record: CommitRecord, attempts = 3, pauseMs = 1000): Promise<RevertReport> {
  let saved: SavedTable[];
  try {
    saved = await loadSaved(dir, record);
  } catch (e) {
    return { ok: false, messages: [`cannot read the saved rules: ${reason(e)}`] };
  }
  const done: string[] = [];
  let left = [...saved].reverse();
  let failures: string[] = [];
  for (let attempt = 1; attempt <= attempts && left.length > 0; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, pauseMs));
    const still: SavedTable[] = [];
    failures = [];
    for (const s of left) {
      try {
        done.push(await revertTable(iptables, s));
      } catch (e) {
        still.push(s);
        failures.push(`${label(s)}: ${reason(e)}`);
      }
    }
    left = still;
  }
  if (left.length === 0) return { ok: true, messages: done };
  return { ok: false, messages: [...done, ...failures.map((f) => `NOT restored after ${attempts} attempts: ${f}`)] };
}
