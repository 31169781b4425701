/** Keeps the live view's counters fresh: refresh, wait, repeat, never overlapping. */
import type { StoreApi } from 'zustand/vanilla';
import type { AppStore } from './create-app-store.js';
import { currentView } from './selectors.js';
import { nextDelayMs } from './poll-interval.js';

export interface PollerOptions {
  /** The admin's --interval, in milliseconds. */
  intervalMs: number;
  /** Timer functions and clock, injectable for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

/** A running poller. */
export interface Poller {
  stop(): void;
  /**
   * Refreshes early (a ruleset event): at once when idle, else right after the refresh under way. Never sooner
   * than the CPU share allows (poll-interval.ts): at 100k rules a read takes a second and waits four after it.
   * Resolves once a read that started after the call is in: true, or false when it failed; null when the poller
   * stopped (at once when it already had).
   */
  wake(): Promise<boolean | null>;
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
  const now = options.now ?? (() => performance.now());
  let stopped = false;
  let handle: unknown;
  let busy = false;
  let again = false;
  let lastEnd = Number.NEGATIVE_INFINITY;
  // Who woke the poller and waits for a read that starts after that: served by the next read's end.
  let waiting: ((read: boolean | null) => void)[] = [];
  const readMs = (): number => currentView(store.getState())?.readMs ?? 0;
  const schedule = (ms: number): void => {
    if (!stopped) handle = setTimer(tick, ms);
  };
  const tick = (): void => {
    busy = true;
    const served = waiting;
    waiting = [];
    void store
      .getState()
      .actions.refresh()
      .catch(() => false)
      .then((read) => {
        busy = false;
        lastEnd = now();
        for (const done of served) done(read);
        // A change arrived during that read (it may not be in it): read again as soon as the share allows.
        const early = again;
        again = false;
        schedule(early ? nextDelayMs(0, readMs()) : nextDelayMs(options.intervalMs, readMs()));
      });
  };
  schedule(nextDelayMs(options.intervalMs, readMs()));
  return {
    stop() {
      stopped = true;
      clearTimer(handle);
      for (const done of waiting) done(null);
      waiting = [];
    },
    wake() {
      if (stopped) return Promise.resolve(null);
      const read = new Promise<boolean | null>((resolve) => waiting.push(resolve));
      if (busy) {
        again = true;
        return read;
      }
      clearTimer(handle);
      const wait = Math.ceil(lastEnd + nextDelayMs(0, readMs()) - now());
      if (wait > 0) schedule(wait);
      else tick();
      return read;
    },
  };
}
