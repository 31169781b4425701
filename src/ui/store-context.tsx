import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AppActions, AppStore } from '../store/create-app-store.js';

const StoreContext = createContext<StoreApi<AppStore> | null>(null);

/** Provides one app's store (never a module singleton). */
export function StoreProvider({ store, children }: { store: StoreApi<AppStore>; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for handlers that must read the state as it is now. */
export function useStoreApi(): StoreApi<AppStore> {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreProvider is missing');
  return store;
}

/** Reads part of the state; re-renders when that part changes. */
export function useAppState<T>(selector: (s: AppStore) => T): T {
  return useStore(useStoreApi(), selector);
}

export function useActions(): AppActions {
  return useStore(useStoreApi(), (s) => s.actions);
}
