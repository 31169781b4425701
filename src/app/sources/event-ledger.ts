/**
 * The ruleset events as a commit's witness (nf_tables): every generation the monitor delivered, numbered in
 * order of arrival, and for each table fwtui read, where the stream stood when the read began. A commit asks
 * "did anything touch my chains since my basis was read?" and "what did my own write do?" (backend/apply-events.ts).
 * Trusted only while the monitor runs, once its socket is seen joined to the nf_tables group (or it delivered a
 * generation), and while the kernel dropped none of its events; the kernel's generations arrive in commit order,
 * so a write's own generation comes after every commit made before it.
 */
import type { WriteEvents } from '../../backend/apply-events.js';
import type { MonitorSocket } from '../../backend/monitor-socket.js';
import type { Family, Table } from '../../domain/model/ruleset.js';
import { mayConcern, type RulesetGeneration } from '../../domain/text/monitor-events.js';

/** How many generations are kept: a read older than the oldest kept is no longer covered. */
const KEEP = 2000;

type OwnWrite = Awaited<ReturnType<WriteEvents['ownAfter']>>;

export interface EventLedger extends WriteEvents {
  /**
   * The monitor started: `listens` resolves true once it joined the kernel's event group (every commit from then on
   * reaches it); `socket` says whether the kernel dropped any of its events; `covers`: the one family it reports
   * (`-e -4`/`-6`: the other family's commits come as bare generations, so only this family's reads are vouched for).
   */
  started(listens: () => Promise<boolean>, socket: () => Promise<MonitorSocket | null>, covers?: Family): void;
  /** One generation, whoever wrote it. */
  generation(g: RulesetGeneration): void;
  /**
   * The monitor ended: nothing is trusted until one runs and listens again, and no read from before counts any
   * more (commits in between reached no monitor).
   */
  ended(): void;
  /** Notes a ruleset read of `family` begun at `mark` (its tables). */
  rememberAll(tables: readonly Table[], mark: number | null, family?: Family): void;
  /**
   * A read of `family` begun at `mark` is under way: a commit may share it (`underWay`) instead of reading again.
   * `tables` resolves once the read is noted (`rememberAll`); with `only`, it reads that table alone.
   */
  reading(family: Family, mark: number | null, tables: Promise<readonly Table[]>, only?: string): void;
}

interface Reading {
  readonly family: Family;
  readonly only: string | undefined;
  readonly tables: Promise<readonly Table[]>;
}

/** A ledger that knows fwtui's own writes by their pid (`own`, the runner's startedPid). */
export function createEventLedger(own: (pid: number) => boolean): EventLedger {
  let seq = 0;
  /** Marks below this were taken before a monitor ended: commits after them may have reached no monitor. */
  let validFrom = 0;
  /** Which monitor is the current one: a late answer about an earlier one changes nothing. */
  let run = 0;
  let alive = false;
  let listening = false;
  const kept: { seq: number; g: RulesetGeneration }[] = [];
  const marks = new WeakMap<Table, { mark: number; family: Family | undefined }>();
  /** Reads under way that began while the events were trusted, latest last. */
  const readings: Reading[] = [];
  /** The family the current monitor reports; undefined: both. */
  let covered: Family | undefined;
  const covers = (family: Family | undefined): boolean => covered === undefined || family === covered;
  let socket: () => Promise<MonitorSocket | null> = async () => null;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  /** The generations after `mark`, or null when some of them are no longer kept. */
  const after = (mark: number): RulesetGeneration[] | null => {
    if (mark < validFrom) return null;
    if (seq > mark && (kept[0]?.seq ?? seq + 1) > mark + 1) return null;
    return kept.filter((e) => e.seq > mark).map((e) => e.g);
  };
  const ledger: EventLedger = {
    started(listens, probe, family) {
      const mine = ++run;
      covered = family;
      alive = true;
      listening = false;
      socket = probe;
      void listens().then((ok) => {
        if (ok && alive && run === mine) listening = true;
      });
    },
    generation(g) {
      seq++;
      kept.push({ seq, g });
      if (kept.length > KEEP) kept.shift();
      listening = true;
      wake();
    },
    ended() {
      if (alive) {
        // A gap in the stream: every mark taken so far falls below the next valid one.
        seq++;
        validFrom = seq;
      }
      alive = false;
      listening = false;
      wake();
    },
    mark: () => (alive && listening ? seq : null),
    remember(table, mark, family) {
      marks.set(table, { mark, family });
    },
    rememberAll(tables, mark, family) {
      if (mark !== null) for (const t of tables) marks.set(t, { mark, family });
    },
    reading(family, mark, tables, only) {
      if (mark === null) return;
      const entry: Reading = { family, only, tables };
      readings.push(entry);
      const done = (): void => void readings.splice(readings.indexOf(entry), 1);
      tables.then(done, done);
    },
    underWay(family, table) {
      const r = readings.filter((x) => x.family === family && (x.only === undefined || x.only === table)).pop();
      return r
        ? r.tables.then(
            (ts) => ts.find((t) => t.name === table) ?? null,
            () => null,
          )
        : null;
    },
    since(table) {
      const m = marks.get(table);
      // A table of a family the monitor does not report (or not known): its commits were not seen.
      if (m === undefined || !alive || !listening || !covers(m.family)) return null;
      return after(m.mark);
    },
    ownAfter(mark, family, table, timeoutMs) {
      // The monitor does not report this family: its own write will never show (read back instead, at once).
      if (!covers(family)) return Promise.resolve(null);
      const mine = (g: RulesetGeneration): boolean =>
        g.pid !== null && own(g.pid) && g.changes.some((c) => mayConcern(c, family, table));
      // The answer, or undefined while it may still come.
      const look = (): OwnWrite | undefined => {
        const gens = after(mark);
        if (gens === null) return null;
        const at = gens.findIndex(mine);
        if (at >= 0) return { own: gens[at]!, between: gens.slice(0, at), mark: mark + at + 1 };
        return alive ? undefined : null;
      };
      return new Promise((resolve) => {
        const done = (r: OwnWrite): void => {
          waiters.delete(check);
          clearTimeout(timer);
          if (r === null) return resolve(null);
          // Events the kernel dropped (a full socket) may have been commits before this one: trust nothing more.
          void socket().then((now) => {
            if (now && now.drops === 0) return resolve(r);
            ledger.ended();
            resolve(null);
          });
        };
        const check = (): void => {
          const r = look();
          if (r !== undefined) done(r);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
  return ledger;
}
