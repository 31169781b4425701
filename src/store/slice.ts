/**
 * What every slice of the store is made with (zustand's slice pattern): the
 * store's own set and get. A slice calls another slice's actions through
 * `get().actions`, never through callbacks handed in. Named `SetState`, not
 * `Set`, so the global `Set` stays usable in the slice files. A slice adds
 * its parts to AppState and AppActions with:
 *
 *   declare module './app-state.js' { interface AppState extends NavigationState {} }
 *   declare module './slice.js' { interface AppActions extends NavigationActions {} }
 */
import type { AppState } from './app-state.js';

/**
 * Every action of the store: each slice adds its actions here (declaration
 * merging in its file), so this file imports no slice.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the slices (declaration merging)
export interface AppActions {}

/** The store: the state, and every action under `actions`. */
export interface AppStore extends AppState {
  readonly actions: AppActions;
}

/** zustand's `set` over the app state: a patch, or a function of the state to a patch. */
export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
/** zustand's `get`: the state as it is now, with every slice's actions. */
export type GetState = () => AppStore;
