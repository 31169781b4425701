/** The live view's refreshes: polling for counters, woken at once by ruleset events where the source has them. */
import type { StoreApi } from 'zustand/vanilla';
import type { AppStore } from './create-app-store.js';
import { startPoller, type PollerOptions } from './poller.js';

/**
 * Starts polling and the source's ruleset events (nf_tables: another program's change is read within ~50 ms of the
 * kernel's commit); when the events end, polling goes on alone. Returns how to stop both (the monitor with them).
 */
export function startLiveUpdates(store: StoreApi<AppStore>, options: PollerOptions & { debounceMs?: number }) {
  const poller = startPoller(store, options);
  let stopEvents: (() => void) | null = null;
  let stopped = false;
  void store
    .getState()
    .actions.watchEvents(() => poller.wake(), options.debounceMs)
    .then((stop) => {
      if (stopped) stop();
      else stopEvents = stop;
    });
  return (): void => {
    stopped = true;
    stopEvents?.();
    poller.stop();
  };
}
