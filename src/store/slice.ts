/**
 * What every slice of the store is made with (zustand's slice pattern): the
 * store's own set and get. A slice calls another slice's actions through
 * `get().actions`, never through callbacks handed in. Named `SetState`, not
 * `Set`, so the global `Set` stays usable in the slice files.
 */
import type { AppState } from './app-state.js';
import type { AnalysisActions } from './analysis-slice.js';
import type { BootActions } from './boot-slice.js';
import type { CommandActions } from './command-slice.js';
import type { CommitActions } from './commit-slice.js';
import type { FirewallActions } from './firewall-slice.js';
import type { MessagesActions } from './history-slice.js';
import type { LockoutActions } from './lockout-slice.js';
import type { NavigationActions } from './navigation-slice.js';
import type { OverlayActions } from './overlay-slice.js';
import type { PendingActions } from './pending-slice.js';
import type { EditorActions } from './rule-editor-slice.js';
import type { SearchActions } from './search-slice.js';
import type { StagingActions } from './staging-slice.js';

/** Every action of the store: each slice's. */
export type AppActions = FirewallActions & NavigationActions & SearchActions & StagingActions & EditorActions
  & CommandActions & CommitActions & LockoutActions & PendingActions & BootActions & AnalysisActions
  & OverlayActions & MessagesActions;

/** The store: the state, and every action under `actions`. */
export interface AppStore extends AppState {
  readonly actions: AppActions;
}

/** zustand's `set` over the app state: a patch, or a function of the state to a patch. */
export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
/** zustand's `get`: the state as it is now, with every slice's actions. */
export type GetState = () => AppStore;
