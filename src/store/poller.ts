/** Keeps the live view's counters fresh: refresh, wait, repeat, never overlapping. */
import type { StoreApi } from 'zustand/vanilla';
import type { AppStore } from './create-app-store.js';
import { currentView } from './selectors.js';
import { nextDelayMs } from './poll-interval.js';

export interface PollerOptions {
  /** The admin's --interval, in milliseconds. */
  intervalMs: number;
  /** Timer functions, injectable for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** A running poller. */
export interface Poller {
  stop(): void;
  /** Refreshes now (a ruleset event): at once when idle, else right after the refresh under way. */
  wake(): void;
}

/** Starts polling; returns a function that stops it. */
export function startPolling(store: StoreApi<AppStore>, options: PollerOptions): () => void {
  const poller = startPoller(store, options);
  return () => poller.stop();
}

/** Starts polling, which a ruleset event can wake early. */
export function startPoller(store: StoreApi<AppStore>, options: PollerOptions): Poller {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let stopped = false;
  let handle: unknown;
  let busy = false;
  let again = false;
  const schedule = (): void => {
    if (stopped) return;
    const readMs = currentView(store.getState())?.readMs ?? 0;
    handle = setTimer(tick, nextDelayMs(options.intervalMs, readMs));
  };
  const tick = (): void => {
    busy = true;
    void store
      .getState()
      .actions.refresh()
      .finally(() => {
        busy = false;
        if (!again) return schedule();
        // A change arrived during that read: it may not be in it.
        again = false;
        if (!stopped) tick();
      });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimer(handle);
    },
    wake() {
      if (stopped) return;
      if (busy) {
        again = true;
        return;
      }
      clearTimer(handle);
      tick();
    },
  };
}
