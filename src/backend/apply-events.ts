/**
 * The drift check and the read-back at kernel speed (nf_tables): while the ruleset events show that no kernel
 * commit touched a plan's chains since its basis was read, the basis is what the kernel holds (no re-read before
 * writing); after writing, the write's own events say what it changed (no re-read after). Whenever the events
 * cannot say (no monitor, a read they did not cover, a generation missing, a timeout), the table is read in full.
 */
import { tableFromOwnWrite, touchingGenerations, writtenMeanwhile } from '../domain/commit/event-check.js';
import { verifyApplied, type FreshTable, type TablePlan } from '../domain/commit/commit-plan.js';
import { emptyTable, type Family, type Table, type TableName } from '../domain/model/ruleset.js';
import type { Iptables } from './iptables.js';
import type { RulesetGeneration } from '../domain/text/monitor-events.js';

/** What a commit asks of the ruleset events (implemented by app/sources/event-ledger.ts). */
export interface WriteEvents {
  /** The position in the event stream now; null when the events cannot be trusted (no monitor, not in sync). */
  mark(): number | null;
  /** The generations seen since `table` was read; null when the events do not cover that read. */
  since(table: Table): readonly RulesetGeneration[] | null;
  /**
   * Notes that `table` of `family` is what the kernel held at `mark` (a read begun then, or a write's own events).
   * Without a family, only a monitor of both families vouches for it.
   */
  remember(table: Table, mark: number, family?: Family): void;
  /**
   * Waits for the first generation after `mark` that fwtui itself wrote to `family` `table`; resolves with it,
   * every generation before it since `mark`, and its own mark. Null when it does not come within `timeoutMs`
   * or the events end.
   */
  ownAfter(
    mark: number,
    family: Family,
    table: TableName,
    timeoutMs: number,
  ): Promise<{ own: RulesetGeneration; between: readonly RulesetGeneration[]; mark: number } | null>;
  /**
   * A read of `family` `table` already under way, begun while the events were trusted: it resolves with the table
   * (noted, see `remember`) or null (failed, or not in it). Null when there is none.
   */
  underWay?(family: Family, table: TableName): Promise<Table | null> | null;
}

/** How long a write's own generation may take to arrive before the table is read back instead. */
export const OWN_EVENT_TIMEOUT_MS = 2000;

/** The plan's basis when the events show nobody touched its chains since it was read, else null (read it). */
export function unchangedBasis(events: WriteEvents | undefined, plan: TablePlan): Table | null {
  const seen = events?.since(plan.basis);
  if (!seen) return null;
  return touchingGenerations(plan, seen).length === 0 ? plan.basis : null;
}

/**
 * The table from a read already under way (e.g. the one made when the monitor began to listen), when the events
 * saw nothing touch the plan's chains since it began: a second whole-table read before the write would only say
 * the same, later. Null: read it.
 */
export async function sharedRead(
  events: WriteEvents | undefined,
  plan: TablePlan,
): Promise<(FreshTable & { mark: number }) | null> {
  const table = await events?.underWay?.(plan.family, plan.table);
  const seen = table ? events!.since(table) : null;
  if (!table || !seen || touchingGenerations(plan, seen).length > 0) return null;
  const mark = events!.mark();
  return mark === null ? null : { family: plan.family, table, mark };
}

/** What the events say about a write: the table it left (null: read it back) and who else wrote meanwhile. */
export interface EventReadBack {
  readonly fresh: FreshTable | null;
  /** Another program's write to the plan's chains between the check and this write, in words; null: none seen. */
  readonly meanwhile: string | null;
}

/**
 * The table after the write begun at `mark`, from the write's own events: only when nothing else touched the
 * plan's chains from `mark` to that write (the basis was checked up to `mark` before writing) and the events show
 * exactly the script's changes. The kernel reports generations in commit order, so every write before this one
 * is among them.
 */
export async function writtenByEvents(
  events: WriteEvents | undefined,
  plan: TablePlan,
  mark: number | null,
): Promise<EventReadBack> {
  if (!events || mark === null) return { fresh: null, meanwhile: null };
  const got = await events.ownAfter(mark, plan.family, plan.table, OWN_EVENT_TIMEOUT_MS);
  if (!got) return { fresh: null, meanwhile: null };
  const meanwhile = writtenMeanwhile(plan, got.between);
  const table = meanwhile === null ? tableFromOwnWrite(plan, got.own) : null;
  if (!table) return { fresh: null, meanwhile };
  events.remember(table, got.mark, plan.family);
  return { fresh: { family: plan.family, table }, meanwhile };
}

/** One table as the kernel holds it now (an empty one when it is not loaded). */
export async function readTable(iptables: Iptables, family: Family, table: TableName): Promise<Table> {
  const read = await iptables.saveTable(family, table);
  return read.ruleset.tables.find((t) => t.name === table) ?? emptyTable(table);
}

/** Reads one table in full, and notes for the events that the read began at this point of their stream. */
export async function readNoted(
  iptables: Iptables,
  plan: TablePlan,
  events: WriteEvents | undefined,
): Promise<FreshTable & { mark: number | null }> {
  const mark = events?.mark() ?? null;
  const table = await readTable(iptables, plan.family, plan.table);
  if (mark !== null) events!.remember(table, mark, plan.family);
  return { family: plan.family, table, mark };
}

/**
 * The table after the write and what differs from the staging: by the write's own events when they show all of
 * it, else read in full; a full read after another program's write names it where the kernel differs.
 */
export async function readBackTable(
  iptables: Iptables,
  events: WriteEvents | undefined,
  plan: TablePlan,
  mark: number | null,
): Promise<{ fresh: FreshTable; problems: string[] }> {
  const told = await writtenByEvents(events, plan, mark);
  if (told.fresh) return { fresh: told.fresh, problems: verifyApplied(plan, told.fresh.table) };
  const { family, table } = await readNoted(iptables, plan, events);
  const differs = verifyApplied(plan, table);
  const who = told.meanwhile !== null && differs.length > 0 ? [told.meanwhile] : [];
  return { fresh: { family, table }, problems: [...who, ...differs] };
}
