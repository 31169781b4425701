/**
 * The log hits slice (l): the packets LOG and NFLOG rules report, read through the source's log port while the
 * panel is open, kept per rule signature (prefix and level, or group and prefix: see domain/analysis/log-rules.ts)
 * so the selected LOG or NFLOG rule shows its last lines and its rate whatever moves in the chain.
 */
import { hasLogRules, hitKey, nflogGroups } from '../domain/analysis/log-rules.js';
import type { LogFeed } from '../domain/ports/log-port.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import type { Family } from '../domain/model/ruleset.js';
import type { LogHit } from '../domain/text/log-hit.js';
import type { GetState, SetState } from './slice.js';

/** The log panel as the view shows it. */
export interface LogView {
  /** The readers run (false before the port answered, and after `l` stopped them or all ended). */
  readonly running: boolean;
  readonly kernelLog: boolean;
  /** Why this namespace's LOG rules write nothing to the kernel log, else null. */
  readonly kernelLogSilent: string | null;
  readonly nflogGroups: readonly number[];
  /** What the admin must know about the lines (a kernel log shared with other namespaces). */
  readonly notes: readonly string[];
  /** Readers that ended by themselves: `kernel log: dmesg ended (exit 1): …`. */
  readonly ended: readonly string[];
  /** The last hits per signature key (domain/analysis/log-rules.ts `hitKey`), newest last. */
  readonly hits: Readonly<Record<string, readonly LogHit[]>>;
  /** Per key, the times of its hits in the last minute (for the rate). */
  readonly recent: Readonly<Record<string, readonly number[]>>;
  /** Hits no rule signature can claim (no prefix, no address). */
  readonly unclaimed: number;
}

export interface LogHitsState {
  readonly logView: LogView | null;
}

export interface LogHitsActions {
  /** l: opens the panel and starts reading; with it open, stops reading and closes it. */
  toggleLogs(): Promise<void>;
  /** Stops the readers (quit does this). */
  stopLogs(): void;
}

declare module './app-state.js' {
  interface AppState extends LogHitsState {}
}
declare module './slice.js' {
  interface AppActions extends LogHitsActions {}
}

/** Lines kept per rule signature. */
export const KEEP_LOG_LINES = 20;
/** The rate's window. */
export const RATE_WINDOW_MS = 60_000;
/** Most hit times kept per key for the rate (a flood is counted up to this many per minute, then said as "≥"). */
export const MAX_RECENT = 10_000;

export const initialLogHits = (): LogHitsState => ({ logView: null });

/** `view` with `hits` added (at `now`): copied once per rule signature and batch, not once per line. */
export function addHits(view: LogView, hits: readonly LogHit[], now: number): LogView {
  const byKey = new Map<string, LogHit[]>();
  let unclaimed = view.unclaimed;
  for (const hit of hits) {
    const key = hitKey(hit);
    if (key === null) unclaimed++;
    else byKey.set(key, [...(byKey.get(key) ?? []), hit]);
  }
  const lines: Record<string, readonly LogHit[]> = { ...view.hits };
  const recent: Record<string, readonly number[]> = { ...view.recent };
  const since = now - RATE_WINDOW_MS;
  for (const [key, added] of byKey) {
    lines[key] = [...(lines[key] ?? []), ...added].slice(-KEEP_LOG_LINES);
    const times = added.map((h) => h.time).filter((t) => t >= since);
    if (times.length > 0) recent[key] = [...(recent[key] ?? []).filter((t) => t >= since), ...times].slice(-MAX_RECENT);
  }
  return { ...view, hits: lines, recent, unclaimed };
}

/** The log slice's actions over `source` (no log port: l says why). */
export function createLogHitsActions(set: SetState, get: GetState, source: FirewallSource, now: () => number) {
  let feed: LogFeed | null = null;
  let generation = 0;
  const patch = (f: (v: LogView) => Partial<LogView>): void =>
    set((s) => (s.logView ? { logView: { ...s.logView, ...f(s.logView) } } : {}));
  const actions: LogHitsActions = {
    async toggleLogs() {
      if (get().logView) {
        actions.stopLogs();
        return set({ logView: null, notice: 'log lines closed' });
      }
      if (!source.logs) return set({ notice: 'log lines are read from the live firewall: not available here' });
      const s = get();
      const families = (['ipv4', 'ipv6'] as Family[]).filter((f) => s.views[f] !== undefined);
      const kernelLog = families.some((f) => hasLogRules(f, s.views[f]!.tables));
      const groups = [...new Set(families.flatMap((f) => nflogGroups(f, s.views[f]!.tables)))].sort((a, b) => a - b);
      if (!kernelLog && groups.length === 0) return set({ notice: 'no LOG or NFLOG rule here: nothing to read' });
      const mine = ++generation;
      set({
        logView: {
          running: false,
          kernelLog: false,
          kernelLogSilent: null,
          nflogGroups: [],
          notes: [],
          ended: [],
          hits: {},
          recent: {},
          unclaimed: 0,
        },
      });
      const started = await source.logs.start(
        { kernelLog, nflogGroups: groups },
        {
          hits: (hits) => {
            if (mine === generation) patch((v) => addHits(v, hits, now()));
          },
          ended: (what, why) => {
            if (mine === generation) patch((v) => ({ ended: [...v.ended, `${what}: ${why}`] }));
          },
        },
      );
      if (mine !== generation) return started.stop();
      feed = started;
      patch(() => ({
        running: true,
        kernelLog: started.kernelLog,
        kernelLogSilent: started.kernelLogSilent,
        nflogGroups: started.nflogGroups,
        notes: started.notes,
      }));
    },
    stopLogs() {
      generation++;
      feed?.stop();
      feed = null;
      patch(() => ({ running: false }));
    },
  };
  return actions;
}
