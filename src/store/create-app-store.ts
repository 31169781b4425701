/**
 * createAppStore({source}): a fresh vanilla zustand store per app, with every
 * action under `actions`. The UI reads state through selectors and calls
 * actions; only the source (given in) talks to the firewall.
 */
import { usesSets } from '../domain/sets/ip-set.js';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { diffCounters, ruleKeys } from '../domain/counter-diff.js';
import { findRule } from '../domain/search.js';
import { jumpTarget } from '../domain/jump-target.js';
import type { Family, Table } from '../domain/ruleset.js';
import { cursorKey, initialState, type AppState, type FamilyView, type Focus } from './app-state.js';
import { createEditActions, type EditActions } from './staging-slice.js';
import { createEditorActions, type EditorActions } from './rule-editor-slice.js';
import { createCommandActions, type CommandActions } from './command-slice.js';
import { createPendingActions, type PendingActions } from './pending-slice.js';
import { createBootActions, type BootActions } from './boot-slice.js';
import { createAnalysisActions, type AnalysisActions } from './analysis-slice.js';
import { createLockoutActions, type LockoutActions } from './lockout-slice.js';
import { createHistoryActions, recordMessages, type HistoryActions } from './history-slice.js';
import type { FirewallSource, SourceRead } from './firewall-source.js';
import { currentChain, currentTable, currentView, liveTable, selectedIndex, selectedRule, tableNames } from './selectors.js';
import { familyWithCommand } from '../domain/family-label.js';

export interface AppActions
  extends EditActions, EditorActions, CommandActions, PendingActions, BootActions, LockoutActions, AnalysisActions, HistoryActions {
  /** First read: available families and every table of the first one. */
  load(): Promise<void>;
  /** Re-reads the current table of the current family (what polling calls). */
  refresh(): Promise<void>;
  selectFamily(family: Family): Promise<void>;
  nextTable(): void;
  moveRule(delta: number): void;
  moveRuleTo(where: 'first' | 'last'): void;
  moveChain(delta: number): void;
  setFocus(focus: Focus): void;
  toggleFocus(): void;
  /** Enter on a rule whose target is a user chain: show that chain. */
  followJump(): void;
  /** Backspace/Esc: back to the rule the last jump came from. */
  goBack(): void;
  openSearch(): void;
  setQuery(query: string): void;
  closeSearch(submit: boolean): void;
  nextHit(direction: 1 | -1): void;
  toggleExact(): void;
  /** `v`: switches the rule rows between wide and compact (away from what is shown). */
  toggleRowMode(): void;
  /** The rule view reports the layout it chose (auto mode depends on the width) and whether wide fits. */
  rowModeShown(shown: AppState['rowModeShown']): void;
  /** `<`/`>`: scrolls the matches text; never left of its start. */
  scrollMatches(delta: number): void;
  toggleHelp(): void;
  /** Next or previous page of help. */
  helpPage(delta: 1 | -1): void;
  /** Esc on an overlay: closes it without doing anything. */
  closeOverlay(): void;
  dismissNotice(): void;
}

export interface AppStore extends AppState {
  readonly actions: AppActions;
}

export interface AppStoreDeps {
  source: FirewallSource;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createAppStore(deps: AppStoreDeps): StoreApi<AppStore> {
  const { source } = deps;
  const now = deps.now ?? Date.now;

  const store = createStore<AppStore>()((set, get) => {
    const setCursor = (index: number): void => {
      const s = get();
      set({ cursor: { ...s.cursor, [cursorKey(s)]: index } });
    };

    async function readFamily(family: Family, pending?: Promise<SourceRead>): Promise<void> {
      const read = await (pending ?? source.read(family));
      const view: FamilyView = {
        variant: read.variant, tables: read.ruleset.tables, readAt: now(), readMs: read.durationMs,
        moved: new Set(), rates: new Map(), warnings: read.ruleset.warnings,
      };
      set((s) => ({ views: { ...s.views, [family]: view } }));
      // -m set rules are decided (T, the lockout check) from the namespace's sets: read them with the rules.
      if (source.sets && usesSets(view.tables)) void source.sets().then((sets) => set({ sets }), () => {});
    }

    /** After a family change, keep the chosen table if this family has it, else the first; then the chain. */
    function settleTable(): void {
      const names = tableNames(get());
      if (!names.includes(get().table)) set({ table: (names[0] ?? 'filter') as AppState['table'] });
      settleChain();
    }

    /** After a table change, keep the chosen chain if it exists, else the first. */
    function settleChain(): void {
      const table = currentTable(get());
      if (table && !table.chains.some((c) => c.name === get().chain)) set({ chain: table.chains[0]?.name ?? '' });
    }

    async function zero(): Promise<void> {
      const s = get();
      try {
        await source.zeroChain(s.family, s.table, s.chain);
        set({ notice: `counters of ${s.table} ${s.chain} zeroed` });
        await actions.refresh();
      } catch (e) {
        set({ error: message(e) });
      }
    }

    const boot = createBootActions(set, get, source);
    // Its fix for a DROP policy stages through the edit actions (made below, called only later).
    const lockout = createLockoutActions(set, get, source, (e) => edit.stage(e));
    const analysis = createAnalysisActions(set, get);
    const edit = createEditActions(set, get, source, {
      refresh: () => actions.refresh(), zero, saveToBoot: () => boot.saveToBoot(), now,
      checkLockout: () => lockout.checkLockout(), advisePolicy: () => lockout.advisePolicy(),
      runTrace: (w) => analysis.runTrace(w), runCommands: (t) => actions.runCommands(t),
    });
    // After a revert every family the view shows is read again: the commit may have touched both.
    const reload = async (): Promise<void> => {
      for (const family of Object.keys(get().views) as Family[]) await readFamily(family);
    };
    // After a revert or a confirm the running rules changed: compare them with the boot files again.
    const pending = createPendingActions(set, get, source, { reload: async () => { await reload(); void boot.checkSaved(); }, settled: () => void boot.checkSaved(), now });
    const editor = createEditorActions(set, get, source, (e, spec) => edit.stageFromEditor(e, spec));
    const commands = createCommandActions(set, get, source, (family) => readFamily(family));

    const actions: AppActions = {
      ...edit,
      ...editor,
      ...commands,
      ...pending,
      ...boot,
      ...lockout,
      ...analysis,
      ...createHistoryActions(set),
      async load() {
        set({ status: 'loading', error: null });
        try {
          // Read the family asked for while finding out which families work: a first screen sooner.
          const wanted = get().family;
          const early = source.read(wanted);
          early.catch(() => {}); // reported below, or not needed
          const families = await source.families();
          if (families.length === 0) throw new Error('neither iptables nor ip6tables works here');
          const family = families.includes(wanted) ? wanted : families[0]!;
          set({ families, family });
          await readFamily(family, family === wanted ? early : undefined);
          settleTable();
          set({ status: 'loaded' });
          void boot.checkSaved();
        } catch (e) {
          set({ status: 'failed', error: message(e) });
        }
      },

      async refresh() {
        const s = get();
        const view = currentView(s);
        const before = liveTable(s);
        // While a commit applies, it reads the tables itself (and its read-back becomes the view).
        if (!view || !before || !source.live || s.commit?.state === 'applying') return;
        const { family, table } = s;
        let read: SourceRead;
        try {
          read = await source.readTable(family, table);
        } catch (e) {
          set({ error: message(e) });
          return;
        }
        const latest = get();
        // The admin moved on meanwhile, or a commit put a newer read in place: this one is stale.
        if (latest.family !== family || latest.table !== table || liveTable(latest) !== before) return;
        const after: Table = read.ruleset.tables.find((t) => t.name === table) ?? { name: table, chains: [] };
        const at = now();
        const diff = diffCounters(before, after, (at - view.readAt) / 1000);
        const selectedKey = keyOfSelection(latest);
        const tables = view.tables.map((t) => (t.name === table ? after : t));
        set({
          views: {
            ...latest.views,
            [family]: {
              ...view, tables, readAt: at, readMs: read.durationMs,
              moved: diff.moved, rates: diff.rates, byteRates: diff.byteRates,
            },
          },
          error: null,
        });
        edit.onRead(family, after);
        if (diff.added > 0 || diff.removed > 0) {
          const time = new Date(at).toTimeString().slice(0, 8);
          set({ notice: `${table} changed outside fwtui at ${time}: ${diff.added} rule(s) added, ${diff.removed} removed` });
          // The change may be a commit applied from another shell: show its countdown (q then asks), as a new view
          // would.
          if (!get().pending) void pending.checkPendingAtStart();
          void boot.checkSaved();
          settleChain();
          if (selectedKey) keepSelection(selectedKey);
        }
      },

      async selectFamily(family) {
        const s = get();
        if (!s.families.includes(family)) {
          set({ notice: `${familyWithCommand(family)} is not available here` });
          return;
        }
        set({ family, jumps: [] });
        if (!s.views[family]) {
          try {
            await readFamily(family);
          } catch (e) {
            set({ error: message(e) });
            return;
          }
        }
        settleTable();
      },

      nextTable() {
        const names = tableNames(get());
        if (names.length === 0) return;
        const next = names[(names.indexOf(get().table) + 1) % names.length]!;
        set({ table: next as AppState['table'], jumps: [] });
        settleChain();
      },

      moveRule(delta) {
        const count = currentChain(get())?.rules.length ?? 0;
        if (count > 0) setCursor(Math.max(0, Math.min(count - 1, selectedIndex(get()) + delta)));
      },

      moveRuleTo(where) {
        const count = currentChain(get())?.rules.length ?? 0;
        setCursor(where === 'first' ? 0 : Math.max(0, count - 1));
      },

      moveChain(delta) {
        const chains = currentTable(get())?.chains ?? [];
        if (chains.length === 0) return;
        const i = chains.findIndex((c) => c.name === get().chain);
        const next = Math.max(0, Math.min(chains.length - 1, i + delta));
        set({ chain: chains[next]!.name });
      },

      setFocus: (focus) => set({ focus }),
      toggleFocus: () => set((s) => ({ focus: s.focus === 'chains' ? 'rules' : 'chains' })),

      followJump() {
        const s = get();
        const target = jumpTarget(currentTable(s), selectedRule(s));
        if (!target) return;
        set({ jumps: [...s.jumps, { chain: s.chain, rule: selectedIndex(s) }], chain: target, focus: 'rules' });
        setCursor(0);
      },

      goBack() {
        const s = get();
        const origin = s.jumps[s.jumps.length - 1];
        if (!origin) return;
        set({ jumps: s.jumps.slice(0, -1), chain: origin.chain });
        setCursor(origin.rule);
      },

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
        const hit = findRule(chain.rules, s.family, s.query, selectedIndex(s), direction);
        if (hit >= 0) {
          setCursor(hit);
          set({ focus: 'rules', notice: null });
          return;
        }
        // Not in this chain: look through the other chains of the table, in order.
        const chains = currentTable(s)?.chains ?? [];
        const from = chains.findIndex((c) => c.name === s.chain);
        for (let step = 1; step < chains.length; step++) {
          const other = chains[(((from + direction * step) % chains.length) + chains.length) % chains.length]!;
          const i = findRule(other.rules, s.family, s.query, direction === 1 ? -1 : other.rules.length, direction);
          if (i >= 0) {
            set({ chain: other.name, focus: 'rules', notice: null });
            setCursor(i);
            return;
          }
        }
        set({ notice: `no rule in ${s.table} matches "${s.query}"` });
      },

      toggleExact: () => set((s) => ({ exact: !s.exact })),
      toggleRowMode: () => set((s) => {
        if (s.rowModeShown.mode === 'compact' && !s.rowModeShown.wideFits) {
          const notice = 'rows: the iptables -L columns do not fit this terminal; compact rows stay';
          return { rowMode: 'compact', notice };
        }
        const rowMode = s.rowModeShown.mode === 'wide' ? 'compact' : 'wide';
        const notice = rowMode === 'wide'
          ? 'rows: wide, the iptables -L columns (v: compact)'
          : 'rows: compact, interfaces, protocol and addresses as -i -o -p -s -d before the matches (v: wide)';
        return { rowMode, notice };
      }),
      rowModeShown: (shown) => set((s) => {
        const same = s.rowModeShown.mode === shown.mode && s.rowModeShown.wideFits === shown.wideFits;
        return same ? s : { rowModeShown: shown };
      }),
      scrollMatches: (delta) => set((s) => ({ matchScroll: Math.min(4096, Math.max(0, s.matchScroll + delta)) })),
      toggleHelp: () => set((s) => ({ overlay: s.overlay === 'help' ? null : 'help', helpPage: 0 })),
      helpPage: (delta) => set((s) => ({ helpPage: Math.max(0, s.helpPage + delta) })),

      closeOverlay: () => set({ overlay: null, confirm: null, prompt: null, commit: null }),
      dismissNotice: () => set({ notice: null }),
    };

    function keyOfSelection(s: AppState): string | null {
      const chain = currentChain(s);
      if (!chain || chain.rules.length === 0) return null;
      return ruleKeys(chain)[selectedIndex(s)] ?? null;
    }

    function keepSelection(key: string): void {
      const chain = currentChain(get());
      if (!chain) return;
      const i = ruleKeys(chain).indexOf(key);
      if (i >= 0) setCursor(i);
    }

    return { ...initialState(source.live, source.label), actions };
  });
  recordMessages(store, now);
  return store;
}
