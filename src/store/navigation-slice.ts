/**
 * The navigation slice: which family, table, chain and rule the view shows,
 * the jumps followed, and how rule rows are laid out.
 */
import { familyWithCommand } from '../domain/model/family-label.js';
import { jumpTarget } from '../domain/model/jump-target.js';
import type { Family, TableName } from '../domain/model/ruleset.js';
import { cursorKey, type JumpOrigin } from './app-state.js';
import { currentChain, currentTable, selectedIndex, selectedRule, tableNames } from './selectors.js';
import type { GetState, SetState } from './slice.js';

export type Focus = 'chains' | 'rules';

/** Where the admin is and how the rules are shown. */
export interface NavigationState {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** Selected rule per `family/table/chain`. */
  readonly cursor: Readonly<Record<string, number>>;
  readonly focus: Focus;
  readonly jumps: readonly JumpOrigin[];
  /** Exact counters (-x) rather than K/M/G. */
  readonly exact: boolean;
  /** Rule rows: the -L columns (wide), one folded text column (compact), or wide where it fits (auto). */
  readonly rowMode: 'auto' | 'wide' | 'compact';
  /** The layout the rule view shows now (what `v` switches away from), and whether wide fits its width. */
  readonly rowModeShown: { readonly mode: 'wide' | 'compact'; readonly wideFits: boolean };
  /** Characters the matches text is scrolled left by (`<`/`>`). */
  readonly matchScroll: number;
}

export interface NavigationActions {
  selectFamily(family: Family): Promise<void>;
  nextTable(): void;
  moveRule(delta: number): void;
  moveRuleTo(where: 'first' | 'last'): void;
  moveChain(delta: number): void;
  /** Selects rule `index` (0-based) of the current chain. */
  selectRule(index: number): void;
  /** After a family change: keep the chosen table if this family has it, else the first; then the chain. */
  settleTable(): void;
  /** After a table change: keep the chosen chain if it exists, else the first. */
  settleChain(): void;
  setFocus(focus: Focus): void;
  toggleFocus(): void;
  /** Enter on a rule whose target is a user chain: show that chain. */
  followJump(): void;
  /** Backspace/Esc: back to the rule the last jump came from. */
  goBack(): void;
  toggleExact(): void;
  /** `v`: switches the rule rows between wide and compact (away from what is shown). */
  toggleRowMode(): void;
  /** The rule view reports the layout it chose (auto mode depends on the width) and whether wide fits. */
  rowModeShown(shown: NavigationState['rowModeShown']): void;
  /** `<`/`>`: scrolls the matches text; never left of its start. */
  scrollMatches(delta: number): void;
}

declare module './app-state.js' {
  interface AppState extends NavigationState {}
}
declare module './slice.js' {
  interface AppActions extends NavigationActions {}
}

/** filter INPUT of IPv4, rules focused, wide rows where they fit. */
export const initialNavigation = (): NavigationState => ({
  family: 'ipv4',
  table: 'filter',
  chain: 'INPUT',
  cursor: {},
  focus: 'rules',
  jumps: [],
  exact: false,
  rowMode: 'auto',
  rowModeShown: { mode: 'wide', wideFits: true },
  matchScroll: 0,
});

/** The navigation slice's actions. */
export function createNavigationActions(set: SetState, get: GetState): NavigationActions {
  const actions: NavigationActions = {
    async selectFamily(family) {
      const s = get();
      if (!s.families.includes(family)) {
        set({ notice: `${familyWithCommand(family)} is not available here` });
        return;
      }
      set({ family, jumps: [] });
      if (!s.views[family]) {
        try {
          await s.actions.readFamily(family);
        } catch (e) {
          set({ error: e instanceof Error ? e.message : String(e) });
          return;
        }
      }
      actions.settleTable();
    },

    nextTable() {
      const names = tableNames(get());
      if (names.length === 0) return;
      const next = names[(names.indexOf(get().table) + 1) % names.length]!;
      set({ table: next as TableName, jumps: [] });
      actions.settleChain();
    },

    moveRule(delta) {
      const chain = currentChain(get());
      const count = chain?.rules.length ?? 0;
      if (count > 0) actions.selectRule(Math.max(0, Math.min(count - 1, selectedIndex(get()) + delta)));
      // Say why the cursor does not move, and what does work.
      else if (chain) set({ notice: `${chain.name} has no rules: a adds one, Tab goes to the chain list` });
    },

    moveRuleTo(where) {
      const count = currentChain(get())?.rules.length ?? 0;
      actions.selectRule(where === 'first' ? 0 : Math.max(0, count - 1));
    },

    moveChain(delta) {
      const chains = currentTable(get())?.chains ?? [];
      if (chains.length === 0) return;
      const i = chains.findIndex((c) => c.name === get().chain);
      const next = Math.max(0, Math.min(chains.length - 1, i + delta));
      set({ chain: chains[next]!.name });
    },

    selectRule: (index) => set((s) => ({ cursor: { ...s.cursor, [cursorKey(s)]: index } })),

    settleTable() {
      const names = tableNames(get());
      if (!names.includes(get().table)) set({ table: (names[0] ?? 'filter') as TableName });
      actions.settleChain();
    },

    settleChain() {
      const table = currentTable(get());
      if (table && !table.chains.some((c) => c.name === get().chain)) set({ chain: table.chains[0]?.name ?? '' });
    },

    setFocus: (focus) => set({ focus }),
    toggleFocus: () => set((s) => ({ focus: s.focus === 'chains' ? 'rules' : 'chains' })),

    followJump() {
      const s = get();
      const target = jumpTarget(currentTable(s), selectedRule(s));
      if (!target) return;
      set({ jumps: [...s.jumps, { chain: s.chain, rule: selectedIndex(s) }], chain: target, focus: 'rules' });
      actions.selectRule(0);
    },

    goBack() {
      const s = get();
      const origin = s.jumps[s.jumps.length - 1];
      if (!origin) return;
      set({ jumps: s.jumps.slice(0, -1), chain: origin.chain });
      actions.selectRule(origin.rule);
    },

    toggleExact: () => set((s) => ({ exact: !s.exact })),
    toggleRowMode: () =>
      set((s) => {
        if (s.rowModeShown.mode === 'compact' && !s.rowModeShown.wideFits) {
          const notice = 'rows: the iptables -L columns do not fit this terminal; compact rows stay';
          return { rowMode: 'compact', notice };
        }
        const rowMode = s.rowModeShown.mode === 'wide' ? 'compact' : 'wide';
        const notice =
          rowMode === 'wide'
            ? 'rows: wide, the iptables -L columns (v: compact)'
            : 'rows: compact, interfaces, protocol and addresses as -i -o -p -s -d before the matches (v: wide)';
        return { rowMode, notice };
      }),
    rowModeShown: (shown) =>
      set((s) => {
        const same = s.rowModeShown.mode === shown.mode && s.rowModeShown.wideFits === shown.wideFits;
        return same ? s : { rowModeShown: shown };
      }),
    scrollMatches: (delta) => set((s) => ({ matchScroll: Math.min(4096, Math.max(0, s.matchScroll + delta)) })),
  };
  return actions;
}
