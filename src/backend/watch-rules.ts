/**
 * The `-j TRACE` rules of a watch in the raw table: inserted and deleted one rule at a time (`iptables -w`), never
 * by a restore of the table, since other programs may write meanwhile. Each carries the watch's comment, so a left
 * over rule is found by that comment and deleted by its full text: no other rule is ever touched.
 */
import { traceRuleArgs, watchIdOf, type WatchChain, type WatchFilter } from '../domain/analysis/watch-filter.js';
import type { Family } from '../domain/model/ruleset.js';
import type { Command } from './command.js';
import { CommandError } from './errors.js';
import { createIptables, programFor, type Variant } from './iptables.js';
import type { CommandRunner } from './runner.js';

/** Where a watch's rules live: the namespace, the iptables variant and the family. */
export interface WatchTarget {
  readonly runner: CommandRunner;
  readonly netns: string | undefined;
  readonly variant: Variant | undefined;
  readonly family: Family;
}

/** Seconds a write waits for the xtables lock (legacy; nft ignores it). */
const WAIT = ['-w', '5'];

/** `iptables -w 5 -t raw -I CHAIN 1 ARGS` (or `-D CHAIN ARGS`), inside the namespace when there is one. */
export function traceRuleCommand(t: WatchTarget, op: '-I' | '-D', chain: string, args: readonly string[]): Command {
  const at = op === '-I' ? [chain, '1'] : [chain];
  const argv = [programFor(t.family, t.variant, ''), ...WAIT, '-t', 'raw', op, ...at, ...args];
  return t.netns === undefined
    ? { file: argv[0]!, args: argv.slice(1) }
    : { file: 'ip', args: ['netns', 'exec', t.netns, ...argv] };
}

/** Some of a watch's TRACE rules went in, then the watch failed and not all of them could be taken out again. */
export class TraceRulesLeftError extends Error {
  constructor(
    readonly failure: unknown,
    readonly leftover: readonly string[],
  ) {
    const why = failure instanceof Error ? failure.message : String(failure);
    const left = leftover.join('; ');
    super(`${why}; and its TRACE rules could not all be removed (${left}): the next fwtui start removes them`);
  }
}

/**
 * Inserts the watch's TRACE rule at the top of each of its raw chains. When one fails, those already in are taken
 * out again before the error is thrown: never half a watch.
 * @throws CommandError (nothing left in); TraceRulesLeftError when some rule could not be taken out again
 */
export async function insertTraceRules(t: WatchTarget, filter: WatchFilter, id: string): Promise<void> {
  const args = traceRuleArgs(filter, id);
  const done: WatchChain[] = [];
  for (const chain of filter.chains) {
    const cmd = traceRuleCommand(t, '-I', chain, args);
    let error: unknown = null;
    try {
      const r = await t.runner.run(cmd);
      if (r.exitCode !== 0) error = new CommandError(cmd, r.exitCode, r.stderr);
    } catch (e) {
      error = e;
    }
    if (error !== null) {
      const leftover = await deleteRules(t, done, args);
      throw leftover.length === 0 ? error : new TraceRulesLeftError(error, leftover);
    }
    done.push(chain);
  }
}

/** Deletes the watch's rules by their full text; returns what could not be deleted, in words (empty: all gone). */
export async function removeTraceRules(t: WatchTarget, filter: WatchFilter, id: string): Promise<string[]> {
  return deleteRules(t, filter.chains, traceRuleArgs(filter, id));
}

/** `-D` in each chain; a failed run (even a missing program) is reported and the other chains are still tried. */
async function deleteRules(t: WatchTarget, chains: readonly string[], args: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const chain of chains) {
    try {
      const r = await t.runner.run(traceRuleCommand(t, '-D', chain, args));
      if (r.exitCode !== 0 && !gone(r.stderr)) failed.push(`raw ${chain}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
    } catch (e) {
      failed.push(`raw ${chain}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return failed;
}

/**
 * The same, synchronously, for a process 'exit' handler (nothing asynchronous runs there any more).
 * @returns whether every rule is gone (false: the record stays for the next fwtui's sweep)
 */
export function removeTraceRulesSync(t: WatchTarget, filter: WatchFilter, id: string): boolean {
  if (!t.runner.runSync) return false;
  let all = true;
  for (const chain of filter.chains) {
    const r = t.runner.runSync(traceRuleCommand(t, '-D', chain, traceRuleArgs(filter, id)));
    if (r.exitCode !== 0 && !gone(r.stderr)) all = false;
  }
  return all;
}

/** iptables' words for a -D of a rule that is not there (already deleted): nothing left to do. */
const gone = (stderr: string): boolean => /does a matching rule exist|Bad rule/i.test(stderr);

/**
 * Finds every TRACE rule of the raw table whose watch `isStale` says is over (its fwtui died) and deletes it by
 * its full text. Returns how many were deleted and what failed.
 */
export async function removeStaleTraceRules(
  t: WatchTarget,
  isStale: (id: string) => boolean,
): Promise<{ removed: number; failed: string[] }> {
  const iptables = createIptables({ runner: t.runner, netns: t.netns, variant: t.variant });
  const { ruleset } = await iptables.saveTable(t.family, 'raw');
  let removed = 0;
  const failed: string[] = [];
  for (const chain of ruleset.tables.find((x) => x.name === 'raw')?.chains ?? []) {
    for (const rule of chain.rules) {
      const id = watchIdOf(rule.args);
      if (id === null || !isStale(id)) continue;
      const r = await t.runner.run(traceRuleCommand(t, '-D', chain.name, rule.args));
      if (r.exitCode === 0 || gone(r.stderr)) removed++;
      else failed.push(`raw ${chain.name}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
    }
  }
  return { removed, failed };
}
