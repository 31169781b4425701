/**
 * createAppStore({source}): a fresh vanilla zustand store per app, made of
 * slices with one job each (zustand's slice pattern), every action under
 * `actions`. The UI reads state through selectors and calls actions; only the
 * source (given in) talks to the firewall.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { createAnalysisActions, initialAnalysis } from './analysis-slice.js';
import { createBootActions, initialBoot } from './boot-slice.js';
import { createChainEditActions } from './chain-edits-slice.js';
import { createCommandActions } from './command-slice.js';
import { createCommitActions } from './commit-slice.js';
import { createExposureActions, initialExposure } from './exposure-slice.js';
import { createFirewallActions, initialFirewall } from './firewall-slice.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { createMessagesActions, initialMessages, recordMessages } from './messages-slice.js';
import { createLockoutActions } from './lockout-slice.js';
import { createLiveUpdatesActions, initialLiveUpdates } from './live-updates-slice.js';
import { createNavigationActions, initialNavigation } from './navigation-slice.js';
import { createOverlayActions, initialOverlay } from './overlay-slice.js';
import { createPendingActions, initialPending } from './pending-slice.js';
import { createRoutingActions } from './routing-slice.js';
import { createEditorActions } from './rule-editor-slice.js';
import { createSearchActions, initialSearch } from './search-slice.js';
import { createSetStagingActions, initialSetStaging } from './set-staging-slice.js';
import { createSetsPanelActions, initialSetsPanel } from './sets-panel-slice.js';
import { createConnectionsActions, initialConnections } from './connections-slice.js';
import { createRatesActions, initialRates } from './rates-slice.js';
import { createShadowActions, initialShadows, type IdleScheduler } from './shadow-slice.js';
import type { AppActions, AppStore } from './slice.js';
import { createStagingActions, initialStaging } from './staging-slice.js';
import { createWatchActions, initialWatch } from './watch-slice.js';
import { createLogHitsActions, initialLogHits } from './log-hits-slice.js';

export type { AppActions, AppStore } from './slice.js';

export interface AppStoreDeps {
  source: FirewallSource;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
  /** Where work after the first frame runs (shadowed rules, running vs saved), between keys. @default setImmediate */
  idle?: IdleScheduler;
}

/** The state before the first read: every slice's initial part. */
export const initialState = (live: boolean, label: string): AppState => ({
  ...initialFirewall(live, label),
  ...initialNavigation(),
  ...initialSearch(),
  ...initialStaging(),
  ...initialSetStaging(),
  ...initialSetsPanel(),
  ...initialConnections(),
  ...initialRates(),
  ...initialExposure(),
  ...initialPending(),
  ...initialBoot(),
  ...initialAnalysis(),
  ...initialShadows(),
  ...initialOverlay(),
  ...initialMessages(),
  ...initialLiveUpdates(),
  ...initialWatch(),
  ...initialLogHits(),
});

/** A fresh store for one app over `source`. */
export function createAppStore(deps: AppStoreDeps): StoreApi<AppStore> {
  const { source } = deps;
  const now = deps.now ?? Date.now;
  const store = createStore<AppStore>()((set, get) => {
    const actions: AppActions = {
      ...createFirewallActions(set, get, source, now),
      ...createNavigationActions(set, get),
      ...createSearchActions(set, get),
      ...createStagingActions(set, get),
      ...createSetStagingActions(set, get),
      ...createSetsPanelActions(set, get, source),
      ...createConnectionsActions(set, get, source),
      ...createRatesActions(set, get),
      ...createExposureActions(set, get, source),
      ...createChainEditActions(set, get),
      ...createEditorActions(set, get, source),
      ...createCommandActions(set, get, source),
      ...createCommitActions(set, get, source, now),
      ...createLockoutActions(set, get, source),
      ...createPendingActions(set, get, source, now),
      ...createBootActions(set, get, source, deps.idle),
      ...createAnalysisActions(set, get),
      ...createRoutingActions(get, source),
      ...createShadowActions(set, get, now, deps.idle),
      ...createOverlayActions(set, get),
      ...createMessagesActions(set),
      ...createLiveUpdatesActions(set, get, source, now),
      ...createWatchActions(set, get, source),
      ...createLogHitsActions(set, get, source, now),
    };
    return { ...initialState(source.live, source.label), actions };
  });
  recordMessages(store, now);
  return store;
}
