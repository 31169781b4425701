/**
 * Rates at a glance: the last minute of each rule's rates per table (fed by every counter poll), and the
 * hottest-rules panel (`H`): the table's rules with traffic, hottest first by packets/s or bytes/s, each with its
 * sparkline; Enter goes to the rule.
 */
import { EMPTY_HISTORY, hottestRules, recordRates, type RateHistory } from '../domain/diff/rate-history.js';
import { ruleKeys } from '../domain/diff/counter-diff.js';
import type { Family, TableName } from '../domain/model/ruleset.js';
import { tableKey, type TableKey } from './app-state.js';
import { liveTable } from './selectors.js';
import type { GetState, SetState } from './slice.js';

/** The hottest-rules panel: sorted by what, and where the cursor is. */
export interface HotPanel {
  readonly by: 'packets' | 'bytes';
  readonly cursor: number;
}

export interface RatesState {
  /** Per `family/table`: the last minute of rates of its rules. */
  readonly rateHistory: Readonly<Partial<Record<TableKey, RateHistory>>>;
  readonly hotPanel: HotPanel | null;
}

export interface RatesActions {
  /**
   * One poll's rates of a table (counter-diff's packets/s and bytes/s by rule key), at `at` ms, over `spanMs`;
   * `counts` (its packet counters by key): a rule gone or whose counter went back starts a new history.
   */
  recordRates(
    family: Family,
    table: TableName,
    rates: ReadonlyMap<string, number>,
    byteRates: ReadonlyMap<string, number> | undefined,
    at: number,
    spanMs?: number,
    counts?: ReadonlyMap<string, bigint>,
  ): void;
  /** `H`: the table's hottest rules. */
  openHottest(): void;
  closeHottest(): void;
  /** `b`: sort by bytes/s instead of packets/s, and back. */
  toggleHotBy(): void;
  moveInHottest(delta: number): void;
  /** Enter: goes to the rule under the cursor. */
  jumpToHot(): void;
}

declare module './app-state.js' {
  interface AppState extends RatesState {}
}
declare module './slice.js' {
  interface AppActions extends RatesActions {}
}

export const initialRates = (): RatesState => ({ rateHistory: {}, hotPanel: null });

/** The current table's history (empty before its first poll). */
export const currentHistory = (s: Pick<RatesState, 'rateHistory'> & { family: Family; table: TableName }) =>
  s.rateHistory[tableKey(s.family, s.table)] ?? EMPTY_HISTORY;

/** The rates slice's actions. */
export function createRatesActions(set: SetState, get: GetState): RatesActions {
  const count = (): number => {
    const s = get();
    return hottestRules(currentHistory(s), s.hotPanel?.by ?? 'packets').length;
  };
  const patch = (p: Partial<HotPanel>): void => set((s) => (s.hotPanel ? { hotPanel: { ...s.hotPanel, ...p } } : {}));
  return {
    recordRates(family, table, rates, byteRates, at, spanMs, counts) {
      const key = tableKey(family, table);
      set((s) => ({
        rateHistory: {
          ...s.rateHistory,
          [key]: recordRates(s.rateHistory[key] ?? EMPTY_HISTORY, at, rates, byteRates, spanMs, undefined, counts),
        },
      }));
    },
    openHottest: () => set({ hotPanel: { by: 'packets', cursor: 0 }, overlay: { kind: 'hottest' } }),
    closeHottest: () => set({ hotPanel: null, overlay: null }),
    toggleHotBy: () => patch({ by: get().hotPanel?.by === 'bytes' ? 'packets' : 'bytes', cursor: 0 }),
    moveInHottest(delta) {
      const p = get().hotPanel;
      if (p) patch({ cursor: Math.max(0, Math.min(p.cursor + delta, count() - 1)) });
    },
    jumpToHot() {
      const s = get();
      const p = s.hotPanel;
      const hot = p ? hottestRules(currentHistory(s), p.by)[p.cursor] : undefined;
      const table = liveTable(s);
      if (!hot || !table) return;
      // A policy's key is `CHAIN\0`: its chain is shown.
      if (hot.key.endsWith('\u0000')) {
        set({ hotPanel: null, overlay: null, chain: hot.key.slice(0, -1), focus: 'rules', jumps: [] });
        return;
      }
      for (const chain of table.chains) {
        const index = ruleKeys(chain).indexOf(hot.key);
        if (index < 0) continue;
        set({ hotPanel: null, overlay: null, chain: chain.name, focus: 'rules', jumps: [] });
        get().actions.selectRule(index);
        return;
      }
      set({ notice: 'that rule is no longer in the table' });
    },
  };
}
