/**
 * Putting a commit back: for each table it touched (last first), read the
 * table as it is now, compute the plan that returns the touched chains to
 * the saved copy, write it, read back. Failed tables are retried; the result
 * says in words what came back and what did not. Used by the guard at the
 * deadline, by R in the view and by `fwtui revert`.
 */
import { readTable } from '../../backend/apply.js';
import type { Iptables } from '../../backend/iptables.js';
import { verifyApplied, type TablePlan } from '../../domain/commit/commit-plan.js';
import { parseSave } from '../../domain/text/parse-save.js';
import { restoreScript } from '../../domain/commit/restore-script.js';
import { revertPlan, type SavedTable } from '../../domain/commit/revert-plan.js';
import type { Family } from '../../domain/model/ruleset.js';
import type { SealedCommit } from '../state/seal-check.js';
import { copyPath } from '../state/state-dir.js';
import { withWritten } from '../state/written-copy.js';
import type { SetsNow } from '../../backend/apply-sets.js';
import { loadSavedSets, revertAroundSets } from './revert-sets.js';
import { familyLabel } from '../../domain/model/family-label.js';

export interface RevertReport {
  readonly ok: boolean;
  readonly messages: readonly string[];
}

const label = (s: { family: Family; table: string }): string => `${familyLabel(s.family)} ${s.table}`;
const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The saved tables of a commit, from its copies as checked against its seal (see seal-check.ts).
 * @throws Error when a copy lacks a chain the record names
 */
export function loadSaved(commit: SealedCommit): SavedTable[] {
  const { dir, record } = commit;
  const copies = new Map<Family, Awaited<ReturnType<typeof parseSave>>>();
  for (const family of new Set(record.tables.map((t) => t.family))) {
    copies.set(family, parseSave(commit.copies.get(family) ?? '', { family }));
  }
  const tables = record.tables.map((t) => {
    const table = copies.get(t.family)!.tables.find((x) => x.name === t.table);
    const chains = t.chains.map((name) => {
      const chain = table?.chains.find((c) => c.name === name);
      if (!chain) throw new Error(`the saved copy ${copyPath(dir, t.family)} lacks chain ${name} of ${t.table}`);
      return chain;
    });
    return { family: t.family, table: t.table, chains, created: t.created, renamed: t.renamed };
  });
  return withWritten(dir, tables);
}

/** Writes within one attempt while another program keeps writing to the table. */
const ROUNDS = 8;

/**
 * Reverts one table; returns what to say about it. Each round reads the
 * table and writes the plan computed from that read (on legacy both under the
 * xtables lock, so nobody writes in between); the next round's read is the
 * check: when another program's write moved things, it recomputes from
 * there and writes again, until nothing is left to do.
 * @throws when iptables refuses or the table never settles
 */
async function revertTable(iptables: Iptables, saved: SavedTable): Promise<string> {
  let first: TablePlan | null = null;
  for (let round = 0; ; round++) {
    if (round > 1) await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    const left = await iptables.exclusive(saved.family, async () => {
      const plan = revertPlan(saved, await readTable(iptables, saved.family, saved.table));
      const script = restoreScript(plan.diff);
      if (script === null) return null;
      // Still something to do after the last write: say what differs.
      if (round === ROUNDS) return verifyApplied(plan, plan.basis).join('; ') || 'the table does not settle';
      first ??= plan;
      await iptables.restore(saved.family, script);
      return '';
    });
    if (left === null) break;
    if (left !== '') throw new Error(left);
  }
  if (first === null) return `${label(saved)}: already as before`;
  const plan: TablePlan = first;
  const names = [...new Set([...saved.chains.map((c) => c.name), ...saved.created])].join(', ');
  const restored = plan.diff.chains.reduce((n, c) => n + c.added.length + c.moved.length + c.changed.length, 0);
  const lost = saved.family === 'ipv6' && restored > 0 && (await iptables.variant('ipv6')) === 'nft';
  // ip6tables-nft-restore 1.8.9 drops rule counters: say so rather than pretend.
  const note = lost ? ` (ip6tables-nft drops rule counters: the ${restored} restored rules count from 0)` : '';
  return `${label(saved)}: ${names} as before${note}`;
}

/** How long a revert keeps trying. */
export interface RetryPolicy {
  /** Attempts before giving up, unless `until` is given. @default 3 */
  readonly attempts?: number;
  /** Keep trying until this moment (ms since epoch) instead: the guard's long retry. */
  readonly until?: number;
  /** Pause after the first failed attempt; it doubles after each one. @default 1000 */
  readonly pauseMs?: number;
  /** The longest pause between attempts. @default 30000 */
  readonly maxPauseMs?: number;
  /** Told after each failed attempt (nextAt null: no more attempts). */
  onFailure?(attempt: number, failures: readonly string[], nextAt: number | null): Promise<void> | void;
}

/** Whether the table already holds what was saved (a restore can write and still exit non-zero). */
async function alreadyBack(iptables: Iptables, saved: SavedTable): Promise<boolean> {
  try {
    return restoreScript(revertPlan(saved, await readTable(iptables, saved.family, saved.table)).diff) === null;
  } catch {
    return false;
  }
}

/**
 * Reverts every table of the commit, retrying the ones that fail with a
 * pause that doubles each time (a held xtables lock, an iptables that
 * refuses for a while). After a failure each table is read back: one that
 * holds the saved rules all the same counts as reverted.
 */
export async function revertCommit(
  iptables: Iptables,
  commit: SealedCommit,
  retry: RetryPolicy = {},
): Promise<RevertReport> {
  let saved: SavedTable[];
  try {
    saved = loadSaved(commit);
  } catch (e) {
    return { ok: false, messages: [`cannot read the saved rules: ${reason(e)}`] };
  }
  let savedSets: SetsNow | null;
  try {
    savedSets = loadSavedSets(commit);
  } catch (e) {
    return { ok: false, messages: [`cannot read the saved sets: ${reason(e)}`] };
  }
  const done: string[] = [];
  let left = [...saved].reverse();
  let setsLeft = savedSets;
  let failures: string[] = [];
  let pause = retry.pauseMs ?? 1000;
  let attempt = 0;
  const more = (): boolean =>
    retry.until !== undefined ? Date.now() + pause <= retry.until : attempt < (retry.attempts ?? 3);
  for (;;) {
    attempt++;
    const still: SavedTable[] = [];
    failures = [];
    // Sets the old rules use come back before them; sets the commit made go once its rules are gone.
    const setFailures = await revertAroundSets(iptables, setsLeft, async () => {
      for (const s of left) {
        try {
          done.push(await revertTable(iptables, s));
        } catch (e) {
          if (await alreadyBack(iptables, s)) {
            done.push(`${label(s)}: as before (read back, although iptables said: ${reason(e)})`);
          } else {
            still.push(s);
            failures.push(`${label(s)}: ${reason(e)}`);
          }
        }
      }
    }).catch((e: unknown) => [`sets: ${reason(e)}`]);
    if (setsLeft !== null && setFailures.length === 0) {
      const names = [...setsLeft.keys()];
      const one = names.length === 1;
      done.push(`${one ? 'set' : 'sets'} ${names.join(', ')}: put back as ${one ? 'it was' : 'they were'}`);
      setsLeft = null;
    }
    failures.push(...setFailures);
    left = still;
    if (left.length === 0 && setsLeft === null) return { ok: true, messages: done };
    const again = more();
    await retry.onFailure?.(attempt, failures, again ? Date.now() + pause : null);
    if (!again) break;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, retry.maxPauseMs ?? 30_000);
  }
  return { ok: false, messages: [...done, ...failures.map((f) => `NOT restored after ${attempt} attempts: ${f}`)] };
}
