/** The search slice: `/` types a query, Enter, n and b go to the rules that match it. */
import { findRule, searchHits } from '../domain/edit/search.js';
import { currentChain, currentTable, selectedIndex } from './selectors.js';
import type { GetState, SetState } from './slice.js';

/** The query and whether the search line is open. */
export interface SearchState {
  readonly query: string;
  readonly searchOpen: boolean;
}

export interface SearchActions {
  openSearch(): void;
  setQuery(query: string): void;
  closeSearch(submit: boolean): void;
  nextHit(direction: 1 | -1): void;
}

declare module './app-state.js' {
  interface AppState extends SearchState {}
}
declare module './slice.js' {
  interface AppActions extends SearchActions {}
}

/** No query, search line closed. */
export const initialSearch = (): SearchState => ({ query: '', searchOpen: false });

/** The search slice's actions. */
export function createSearchActions(set: SetState, get: GetState): SearchActions {
  const actions: SearchActions = {
    openSearch: () => set({ searchOpen: true, query: '' }),
    setQuery: (query) => set({ query }),
    closeSearch(submit) {
      set({ searchOpen: false });
      if (submit) actions.nextHit(1);
      else set({ query: '' });
    },

    nextHit(direction) {
      const s = get();
      const chain = currentChain(s);
      if (!s.query || !chain || chain.rules.length === 0) return;
      // "match N of M": where the hit is among every hit of the table, in order.
      const counted = (name: string, index: number): string => {
        const all = searchHits(currentTable(s)?.chains ?? [], s.family, s.query);
        const n = all.findIndex((h) => h.chain === name && h.index === index) + 1;
        return `match ${n} of ${all.length} in ${s.table}`;
      };
      const hit = findRule(chain.rules, s.family, s.query, selectedIndex(s), direction);
      if (hit >= 0) {
        s.actions.selectRule(hit);
        set({ focus: 'rules', notice: counted(chain.name, hit) });
        return;
      }
      // Not in this chain: look through the other chains of the table, in order.
      const chains = currentTable(s)?.chains ?? [];
      const from = chains.findIndex((c) => c.name === s.chain);
      for (let step = 1; step < chains.length; step++) {
        const other = chains[(((from + direction * step) % chains.length) + chains.length) % chains.length]!;
        const i = findRule(other.rules, s.family, s.query, direction === 1 ? -1 : other.rules.length, direction);
        if (i >= 0) {
          set({ chain: other.name, focus: 'rules', notice: counted(other.name, i) });
          s.actions.selectRule(i);
          return;
        }
      }
      set({ notice: `no rule in ${s.table} matches "${s.query}"` });
    },
  };
  return actions;
}
