/** Derived views of the state, for components and actions. */
import type { Chain, Rule, Table } from '../domain/ruleset.js';
import { cursorKey, type AppState, type FamilyView } from './app-state.js';

export const currentView = (s: AppState): FamilyView | undefined => s.views[s.family];

export function currentTable(s: AppState): Table | undefined {
  return currentView(s)?.tables.find((t) => t.name === s.table);
}

export function currentChain(s: AppState): Chain | undefined {
  return currentTable(s)?.chains.find((c) => c.name === s.chain);
}

/** Index of the selected rule in the current chain (clamped). */
export function selectedIndex(s: AppState): number {
  const rules = currentChain(s)?.rules.length ?? 0;
  const i = s.cursor[cursorKey(s)] ?? 0;
  return Math.max(0, Math.min(i, rules - 1));
}

export function selectedRule(s: AppState): Rule | undefined {
  return currentChain(s)?.rules[selectedIndex(s)];
}

/** Names of the tables this family has loaded, in display order. */
export function tableNames(s: AppState): string[] {
  return currentView(s)?.tables.map((t) => t.name) ?? [];
}
