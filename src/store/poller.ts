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

/** Starts polling; returns a function that stops it. */
export function startPolling(store: StoreApi<AppStore>, options: PollerOptions): () => void {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let stopped = false;
  let handle: unknown;
  const schedule = (): void => {
    if (stopped) return;
    const readMs = currentView(store.getState())?.readMs ?? 0;
    handle = setTimer(tick, nextDelayMs(options.intervalMs, readMs));
  };
  const tick = (): void => {
    void store.getState().actions.refresh().finally(schedule);
  };
  schedule();
  return () => {
    stopped = true;
    clearTimer(handle);
  };
}
