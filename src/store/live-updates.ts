/** The live view's refreshes: polling for counters, woken at once by ruleset events where the source has them. */
import type { StoreApi } from 'zustand/vanilla';
import { mayConcern } from '../domain/text/monitor-events.js';
import type { AppStore } from './create-app-store.js';
import type { WatchEventsOptions } from './live-updates-slice.js';
import { startPoller, type PollerOptions } from './poller.js';

/**
 * Starts polling and the source's ruleset events (nf_tables: another program's change is read ~10 ms after the
 * kernel's commit); when the events end, polling goes on alone. Returns how to stop both (the monitor with them).
 */
export function startLiveUpdates(store: StoreApi<AppStore>, options: PollerOptions & WatchEventsOptions): () => void {
  const poller = startPoller(store, options);
  let stopEvents: (() => void) | null = null;
  let stopped = false;
  let round = 0;
  // The events are of the family on screen (an IPv6 event can stop the monitor: backend/ruleset-monitor.ts), so a
  // family switch starts them again for the new one; the new start reads what the switch may have missed.
  const watch = (): void => {
    const mine = ++round;
    void store
      .getState()
      .actions.watchEvents(
        () => poller.wake(),
        options,
        () => !stopped && mine === round,
      )
      .then((stop) => {
        if (stopped || mine !== round) stop();
        else stopEvents = stop;
      });
  };
  watch();
  // Another table comes on screen that a commit seen meanwhile changed: read it now, not at the next poll.
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.family !== prev.family) {
      stopEvents?.();
      stopEvents = null;
      // Not live for the new family until its monitor listens and its table was read since.
      if (s.updates?.mode === 'live')
        store.setState({ updates: { mode: 'polling', why: 'the family on screen changed', restarting: true } });
      watch();
    }
    if (s.table === prev.table && s.family === prev.family) return;
    if (s.changedBy.some((g) => g.changes.some((c) => mayConcern(c, s.family, s.table)))) poller.wake();
  });
  return (): void => {
    stopped = true;
    unsubscribe();
    stopEvents?.();
    poller.stop();
  };
}
