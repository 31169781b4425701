/**
 * What every slice of the store is made with (zustand's slice pattern): the
 * store's own set and get. Named `SetState`, not `Set`, so the global `Set`
 * stays usable in the slice files.
 */
import type { AppState } from './app-state.js';

/** zustand's `set` over the app state: a patch, or a function of the state to a patch. */
export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
/** zustand's `get`: the state as it is now. */
export type GetState = () => AppState;
