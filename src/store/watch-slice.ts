/**
 * The watch slice (W): real packets traced through the rules while the view is open. The source's watch port runs
 * the watch; the slice keeps the last packets for the panel and the rules they hit for the rule list's marks.
 */
import { PacketSpecError } from '../domain/analysis/packet-spec.js';
import { parseWatchFilter } from '../domain/analysis/watch-filter.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import type { WatchSession } from '../domain/ports/watch-port.js';
import type { Family } from '../domain/model/ruleset.js';
import { QuotingError, splitArgs } from '../domain/text/quoting.js';
import type { WatchReport } from '../domain/text/watch-lines.js';
import type { GetState, SetState } from './slice.js';

/** A watch as the view shows it. */
export interface WatchView {
  readonly family: Family;
  /** The filter as typed. */
  readonly filter: string;
  readonly running: boolean;
  /** The last packets, newest last (at most KEEP_PACKETS). */
  readonly packets: readonly WatchReport[];
  /** Rules hit by a watched packet: `table chain index` (0-based), for the rule list's marks. */
  readonly hits: readonly string[];
}

export interface WatchState {
  /** The watch on screen (running or ended), null when none was started or it was closed. */
  readonly watch: WatchView | null;
  /** The last filter typed, offered again. */
  readonly lastWatch: string;
}

export interface WatchActions {
  /** W: asks for a filter; with a watch running, stops it; with an ended one shown, closes it. */
  askWatch(): void;
  /** The filter from the prompt: starts the watch; resolves to the problem to show, or null. */
  runWatch(words: string): Promise<string | null>;
  /** Stops a running watch (quit does this); resolves once its TRACE rule is out. */
  stopWatch(): Promise<void>;
}

declare module './app-state.js' {
  interface AppState extends WatchState {}
}
declare module './slice.js' {
  interface AppActions extends WatchActions {}
}

/** How many packets the panel keeps. */
export const KEEP_PACKETS = 20;

/** The key of a rule for `hits`. */
export const hitKey = (table: string, chain: string, index: number): string => `${table} ${chain} ${index}`;

export const initialWatch = (): WatchState => ({ watch: null, lastWatch: '' });

/** The watch slice's actions over `source` (no watch port: W says why). */
export function createWatchActions(set: SetState, get: GetState, source: FirewallSource): WatchActions {
  let session: WatchSession | null = null;
  // A start not answered yet, and whether a stop (quit) came meanwhile: the watch is then stopped once it runs.
  let starting: Promise<WatchSession> | null = null;
  let cancelled = false;
  const actions: WatchActions = {
    askWatch() {
      const w = get().watch;
      if (w?.running) return void actions.stopWatch();
      if (w) return set({ watch: null, notice: 'watch closed' });
      if (!source.watch) return set({ notice: 'watch needs the live firewall (nf_tables): not available here' });
      const label = 'Watch real packets (-p tcp --dport 22 [-s ADDR] [-i IF | -o IF])';
      get().actions.askFor('watch', label, (words) => actions.runWatch(words.trim()), get().lastWatch);
    },
    async runWatch(words) {
      const family = get().family;
      let argv: string[];
      try {
        argv = splitArgs(words);
        parseWatchFilter(argv, family);
      } catch (e) {
        if (e instanceof PacketSpecError || e instanceof QuotingError) return e.message;
        throw e;
      }
      if (!source.watch) return 'watch needs the live firewall (nf_tables)';
      // Shown before the port answers: a packet may arrive before start resolves.
      set({ watch: { family, filter: words, running: true, packets: [], hits: [] } });
      cancelled = false;
      let started: WatchSession;
      try {
        starting = source.watch.start(argv, family, {
          packet: (r) =>
            set((s) => {
              if (!s.watch) return {};
              const hits = new Set(s.watch.hits);
              for (const st of r.packet.steps)
                if (st.kind === 'rule' && st.numbers.length === 1)
                  hits.add(hitKey(st.table, st.chain, st.numbers[0]! - 1));
              const packets = [...s.watch.packets, r].slice(-KEEP_PACKETS);
              return { watch: { ...s.watch, packets, hits: [...hits] } };
            }),
          ended: (summary) => {
            session = null;
            set((s) => ({ watch: s.watch ? { ...s.watch, running: false } : null, notice: summary }));
          },
        });
        started = await starting;
      } catch (e) {
        set({ watch: null });
        return e instanceof Error ? e.message : String(e);
      } finally {
        starting = null;
      }
      // Quit while it started: stopWatch stops it; it is not shown as running.
      if (cancelled) {
        set((s) => ({ watch: s.watch ? { ...s.watch, running: false } : null }));
        return null;
      }
      session = started;
      set({ overlay: null, lastWatch: words, notice: `watching ${words} · W stops` });
      return null;
    },
    async stopWatch() {
      if (starting) {
        cancelled = true;
        const pending = starting;
        const started = await pending.catch(() => null);
        await started?.stop();
        return;
      }
      const running = session;
      session = null;
      await running?.stop();
    },
  };
  return actions;
}
