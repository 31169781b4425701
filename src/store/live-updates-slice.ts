/**
 * The live updates slice: whether other programs' changes reach the view as ruleset events (nf_tables, the
 * source's monitor) or only by polling, and the kernel commits seen since their tables were last read (who wrote).
 */
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import type { CounterDiff } from '../domain/diff/counter-diff.js';
import type { Family } from '../domain/model/ruleset.js';
import { describeWriters, mayConcern, type RulesetGeneration } from '../domain/text/monitor-events.js';
import type { GetState, SetState } from './slice.js';

/** How the view learns of other programs' changes. */
export type Updates = { readonly mode: 'live' } | { readonly mode: 'polling'; readonly why: string };

/** A kernel commit as the store keeps it: with when it arrived. */
export interface SeenGeneration extends RulesetGeneration {
  readonly at: number;
}

export interface LiveUpdatesState {
  /** Live events or polling only (and why); absent until the source's events were asked for. */
  readonly updates?: Updates;
  /** Kernel commits seen and not yet matched to a read of their table, oldest first (at most KEEP_SEEN). */
  readonly changedBy: readonly SeenGeneration[];
}

export interface LiveUpdatesActions {
  /**
   * Starts the source's ruleset events; `wake` is called (at most once per `debounceMs`) when a commit may have
   * changed the table on screen. Resolves with how to stop the events (the monitor with them).
   */
  watchEvents(wake: () => void, debounceMs?: number): Promise<() => void>;
}

declare module './app-state.js' {
  interface AppState extends LiveUpdatesState {}
}
declare module './slice.js' {
  interface AppActions extends LiveUpdatesActions {}
}

/** How many unmatched commits are kept (a busy writer elsewhere must not grow the store). */
export const KEEP_SEEN = 50;

/** The commits seen that may have changed one table: what a read of it now shows, they wrote. */
export const commitsTo = (seen: readonly SeenGeneration[], family: Family, table: string): SeenGeneration[] =>
  seen.filter((g) => g.changes.some((c) => mayConcern(c, family, table)));

/** "another program changed filter INPUT at 10:46:41: 1 rule(s) added, 0 removed (written by iptables-nft pid 7108)" */
export function outsideChangeNotice(
  table: string,
  diff: Pick<CounterDiff, 'added' | 'removed' | 'chains'>,
  writers: readonly RulesetGeneration[],
  at: number,
): string {
  const time = new Date(at).toTimeString().slice(0, 8);
  const counts = `${diff.added} rule(s) added, ${diff.removed} removed`;
  const by = describeWriters(writers);
  const where = [table, ...diff.chains].join(' ');
  return `another program changed ${where} at ${time}: ${counts}${by ? ` (written by ${by})` : ''}`;
}

/** Nothing seen yet. */
export const initialLiveUpdates = (): LiveUpdatesState => ({ changedBy: [] });

/** The live updates slice's actions; `now` is the store's clock. */
export function createLiveUpdatesActions(
  set: SetState,
  get: GetState,
  source: FirewallSource,
  now: () => number,
): LiveUpdatesActions {
  return {
    async watchEvents(wake, debounceMs = 50) {
      // Nothing read (the firewall could not be read): nothing to keep fresh, and no monitor to start.
      if (!source.live || !source.events || get().status !== 'loaded') return () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const changed = (g: RulesetGeneration): void => {
        // fwtui's own writes never get here (the source drops its own pids); another program's commit during
        // fwtui's apply is kept: the read it wakes waits for the apply, whose read-back then shows it.
        const s = get();
        const kept = [...s.changedBy, { ...g, at: now() }];
        set({ changedBy: kept.slice(Math.max(0, kept.length - KEEP_SEEN)) });
        if (!g.changes.some((c) => mayConcern(c, s.family, s.table)) || timer !== undefined) return;
        // A burst (a script of iptables calls) is read once, ~50 ms after its first commit.
        timer = setTimeout(() => {
          timer = undefined;
          if (!stopped) wake();
        }, debounceMs);
      };
      const feed = await source.events({
        changed,
        ended: (why) => {
          if (stopped) return;
          set({ updates: { mode: 'polling', why }, notice: `live events stopped: ${why}; polling for changes` });
        },
      });
      if (!feed.live) {
        set({ updates: { mode: 'polling', why: feed.why } });
        return () => {};
      }
      // The feed may have ended already (a monitor not installed): then it said so, and it stays polling.
      if (get().updates === undefined) set({ updates: { mode: 'live' } });
      return () => {
        stopped = true;
        clearTimeout(timer);
        feed.stop();
      };
    },
  };
}
