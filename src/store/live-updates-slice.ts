/**
 * The live updates slice: whether other programs' changes reach the view as ruleset events (nf_tables, the
 * source's monitor) or only by polling, and the kernel commits seen since their tables were last read (who wrote).
 */
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { changedChains, type OutsideChange, outsideChangeWords } from '../domain/diff/outside-change.js';
import type { Family } from '../domain/model/ruleset.js';
import { describeWriters, mayConcern, type RulesetGeneration } from '../domain/text/monitor-events.js';
import type { GetState, SetState } from './slice.js';

/**
 * How the view learns of other programs' changes: `live` only while a monitor runs and the table on screen was read
 * after it started. `retryAt` (store clock): when a monitor that died is started again; `restarting`: it was, and
 * the read that catches up with what it missed is under way.
 */
export type Updates =
  | { readonly mode: 'live' }
  | {
      readonly mode: 'polling';
      readonly why: string;
      readonly retryAt?: number;
      readonly restarting?: true;
      /** A monitor ran but cannot serve this view (retrying would not mend it): the header says why. */
      readonly unavailable?: true;
    };

/** How the events are watched. */
export interface WatchEventsOptions {
  /**
   * Commits this close together are read once, this long after the first. @default 10 (of the 250 ms a change may
   * take to reach the screen, the read and Ink's frame take the most; a longer burst is bounded by the poller's CPU
   * share, which reads again only after 4x the read)
   */
  readonly debounceMs?: number;
  /** The waits before each restart of a monitor that died, the last repeated. @default RETRY_MS */
  readonly retryMs?: readonly number[];
}

/** The wait before reading again when the catch-up read failed (not at once: a read that fails fast would spin). */
const FAILED_READ_WAIT_MS = 1000;

/** Restarts of a dead monitor: after 1 s, 2 s, 5 s, then every 30 s (one process start per 30 s at worst). */
export const RETRY_MS: readonly number[] = [1000, 2000, 5000, 30_000];

/** A monitor that ran this long before it died was healthy: the next restart waits the first wait again. */
export const HEALTHY_MS = 60_000;

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
   * changed the table on screen, and resolves once a read that started after the call is in (false: that read
   * failed). Events count as live only once the monitor listens and a read after that got in. A monitor that dies
   * is started again after `retryMs` (not when retrying cannot mend it). The feed is of the family on screen (a new
   * watchEvents follows a family switch: live-updates.ts). Resolves with how to stop the events.
   */
  watchEvents(
    wake: () => Promise<boolean | null>,
    options?: WatchEventsOptions,
    current?: () => boolean,
  ): Promise<() => void>;
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

/**
 * "another program changed filter INPUT at 10:46:41: rule INPUT #1 added: -s 203.0.113.9/32 -j DROP (written by
 * iptables-nft pid 7108)"; several rules give counts; chains are listed with commas, created and deleted ones named.
 */
export function outsideChangeNotice(
  table: string,
  change: OutsideChange,
  writers: readonly RulesetGeneration[],
  at: number,
): string {
  const time = new Date(at).toTimeString().slice(0, 8);
  const by = describeWriters(writers);
  const where = [table, changedChains(change).join(', ')].filter(Boolean).join(' ');
  return `another program changed ${where} at ${time}: ${outsideChangeWords(change)}${by ? ` (written by ${by})` : ''}`;
}

/** Nothing seen yet. */
export const initialLiveUpdates = (): LiveUpdatesState => ({ changedBy: [] });

/**
 * Once live again after a stop: the notice that said it stopped (if still shown) says it is back instead, with how
 * long it was gone; any other notice stays.
 */
function backNotice(notice: string | null, downSince: number | undefined, at: number): { notice?: string } {
  if (downSince === undefined || !notice?.startsWith('live events stopped')) return {};
  return { notice: `live events back (restarted after ${Math.max(1, Math.round((at - downSince) / 1000))} s)` };
}

/** The live updates slice's actions; `now` is the store's clock. */
export function createLiveUpdatesActions(
  set: SetState,
  get: GetState,
  source: FirewallSource,
  now: () => number,
): LiveUpdatesActions {
  return {
    async watchEvents(wake, { debounceMs = 10, retryMs = RETRY_MS } = {}, current = () => true) {
      // Nothing read (the firewall could not be read): nothing to keep fresh, and no monitor to start.
      if (!source.live || !source.events || get().status !== 'loaded') return () => {};
      const events = source.events;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      let feed: { stop(): void } | null = null;
      let failures = 0;
      // When live events stopped (the first death of this outage), to say how long they were gone once back.
      let downSince: number | undefined;
      const changed = (g: RulesetGeneration): void => {
        // fwtui's own writes never get here (the source drops its own pids); another program's commit during
        // fwtui's apply is kept: the read it wakes waits for the apply, whose read-back then shows it.
        const s = get();
        const kept = [...s.changedBy, { ...g, at: now() }];
        set({ changedBy: kept.slice(Math.max(0, kept.length - KEEP_SEEN)) });
        if (!g.changes.some((c) => mayConcern(c, s.family, s.table)) || timer !== undefined) return;
        // Commits in quick succession (one script's iptables calls) are read once, ~10 ms after the first.
        timer = setTimeout(() => {
          timer = undefined;
          if (!stopped) void wake();
        }, debounceMs);
      };
      const died = (why: string, lasting: boolean, startedAt: number): void => {
        feed = null;
        downSince ??= now();
        if (lasting) {
          set({
            updates: { mode: 'polling', why, unavailable: true },
            notice: `live events unavailable: ${why}; polling for changes`,
          });
          return;
        }
        if (now() - startedAt >= HEALTHY_MS) failures = 0;
        const wait = retryMs[Math.min(failures, retryMs.length - 1)] ?? 30_000;
        failures++;
        set({
          updates: { mode: 'polling', why, retryAt: now() + wait },
          notice: `live events stopped: ${why}; polling for changes, retrying in ${Math.ceil(wait / 1000)} s`,
        });
        retry = setTimeout(() => {
          retry = undefined;
          if (stopped) return;
          set({ updates: { mode: 'polling', why, restarting: true } });
          void start();
        }, wait);
      };
      /**
       * Every table read before this monitor listened may have changed unseen (no event tells of it): each is marked,
       * so it is read when it comes on screen. The one on screen is read at once (below).
       */
      const markUnwatched = (): void => {
        const s = get();
        const gaps: SeenGeneration[] = [];
        for (const family of ['ipv4', 'ipv6'] as const)
          for (const t of s.views[family]?.tables ?? [])
            if (family !== s.family || t.name !== s.table)
              gaps.push({
                id: null,
                pid: null,
                program: null,
                changes: [{ family, table: t.name, chain: null, text: 'while no monitor listened' }],
                at: now(),
              });
        if (gaps.length > 0) set({ changedBy: [...get().changedBy, ...gaps].slice(-KEEP_SEEN) });
      };
      /** Starts a feed; live only once the table was read again after it listens (changes before were missed). */
      const start = async (): Promise<void> => {
        const startedAt = now();
        let ended = false;
        const f = await events(
          {
            // A dead feed's last words are not news of the new one.
            changed: (g) => {
              if (!ended && !stopped) changed(g);
            },
            ended: (why, lasting = false) => {
              if (ended || stopped) return;
              ended = true;
              died(why, lasting, startedAt);
            },
          },
          get().family,
        );
        if (stopped) {
          if (f.live) f.stop();
          return;
        }
        if (!f.live) {
          set({ updates: { mode: 'polling', why: f.why } });
          return;
        }
        // The feed may have ended already (a monitor not installed): then it said so, and it stays polling.
        if (ended) return;
        feed = f;
        // Live only once commits reach it: one before that is caught by no event (the read below, or a poll).
        const listens = (await f.listening?.()) ?? true;
        if (ended || stopped) return;
        if (!listens) {
          // Its events may still come (they wake a read), but nothing shows that every commit reaches it.
          set({
            updates: { mode: 'polling', why: 'the monitor did not show within 2 s that it listens', unavailable: true },
          });
          return;
        }
        markUnwatched();
        // What changed while no monitor listened (since the first read, or since the last one died): the read starts
        // after this one listens, so nothing falls between. A failed read is no catch-up: read again a second later
        // until one gets in. The poller stopped, or these events no longer the view's (a family switch): no more.
        const gone = (): boolean => ended || stopped || !current();
        for (;;) {
          const read = await wake();
          if (read === null || gone()) return;
          if (read) break;
          // In steps, so that quitting or a family switch is not held up by the wait.
          for (let waited = 0; waited < FAILED_READ_WAIT_MS && !gone(); waited += 100)
            await new Promise<void>((resolve) => setTimeout(resolve, 100).unref?.());
          if (gone()) return;
        }
        set({ updates: { mode: 'live' }, ...backNotice(get().notice, downSince, now()) });
        downSince = undefined;
      };
      await start();
      return () => {
        stopped = true;
        clearTimeout(timer);
        clearTimeout(retry);
        feed?.stop();
      };
    },
  };
}
