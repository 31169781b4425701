/**
 * The firewall slice: what was read from the firewall (families, tables,
 * counters and their rates, IP sets), the first load, the polling refresh,
 * and zeroing counters (asked first).
 */
import type { InterfaceAddress } from '../domain/analysis/local-addresses.js';
import { RATE_WINDOW_MS } from '../domain/diff/rate-history.js';
import { diffCounters, ruleKeys } from '../domain/diff/counter-diff.js';
import type { Family, Table, RulesetSets } from '../domain/model/ruleset.js';
import { usesSets } from '../domain/sets/ip-set.js';
import { commitsTo, outsideChangeNotice } from './live-updates-slice.js';
import { outsideChange } from '../domain/diff/outside-change.js';
import { cursorKey, type FamilyView } from './app-state.js';
import type { FirewallSource, SourceRead } from '../domain/ports/firewall-source.js';
import { currentChain, currentView, liveTable, selectedIndex, commitOf } from './selectors.js';
import type { GetState, SetState } from './slice.js';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'failed';

/** What fwtui read from the firewall, and whether reading works. */
export interface FirewallState {
  readonly live: boolean;
  readonly label: string;
  readonly families: readonly Family[];
  readonly views: Partial<Record<Family, FamilyView>>;
  readonly status: LoadStatus;
  /** Why the last read failed (the view keeps the data it had). */
  readonly error: string | null;
  /** The namespace's IP sets as last read (absent until a rule that uses one has been read). */
  readonly sets?: RulesetSets;
  /** The namespace's addresses as read with the rules (absent: not known, e.g. a saved file). */
  readonly localAddresses?: readonly InterfaceAddress[];
  /** Chains whose counters fwtui zeroed (`family/table/chain`): only there "never hit since zeroed" is true. */
  readonly zeroed?: readonly string[];
}

export interface FirewallActions {
  /**
   * Starts reading the family asked for before the view is drawn (iptables-save runs while the view loads);
   * load() takes that read, unless the rules changed meanwhile (a revert at start reads again).
   */
  readEarly(): void;
  /** First read: available families and every table of the first one. */
  load(): Promise<void>;
  /** Re-reads the current table of the current family (what polling calls). */
  /** Reads the table on screen again; false when no read got in (no live view, or the read failed). */
  refresh(): Promise<boolean>;
  /** Reads every table of a family (or takes a read already under way). */
  readFamily(family: Family, pending?: Promise<SourceRead>): Promise<void>;
  /** After a revert: reads again every family the view shows (the commit may have touched both). */
  readAllAgain(): Promise<void>;
  /** `z` asks before zeroing counters. */
  askZero(): void;
}

declare module './app-state.js' {
  interface AppState extends FirewallState {}
}
declare module './slice.js' {
  interface AppActions extends FirewallActions {}
}

/** Nothing read yet. */
export const initialFirewall = (live: boolean, label: string): FirewallState => ({
  live,
  label,
  families: [],
  views: {},
  status: 'idle',
  error: null,
});

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The firewall slice's actions; `now` is the clock rates are measured with. */
export function createFirewallActions(
  set: SetState,
  get: GetState,
  source: FirewallSource,
  now: () => number,
): FirewallActions {
  async function zero(): Promise<void> {
    const s = get();
    try {
      await source.zeroChain(s.family, s.table, s.chain);
      set({ zeroed: [...(get().zeroed ?? []), cursorKey(s)], notice: `counters of ${s.table} ${s.chain} zeroed` });
      await actions.refresh();
    } catch (e) {
      set({ error: message(e) });
    }
  }

  /** The selected rule's key, to find it again after rules were added or removed above it. */
  function keyOfSelection(s: ReturnType<GetState>): string | null {
    const chain = currentChain(s);
    if (!chain || chain.rules.length === 0) return null;
    return ruleKeys(chain)[selectedIndex(s)] ?? null;
  }

  function keepSelection(key: string): void {
    const chain = currentChain(get());
    if (!chain) return;
    const i = ruleKeys(chain).indexOf(key);
    if (i >= 0) get().actions.selectRule(i);
  }

  /** The read readEarly() started, until load() takes it (null once the rules may have changed since). */
  let early: { family: Family; read: Promise<SourceRead>; families: Promise<Family[]> } | null = null;

  const actions: FirewallActions = {
    readEarly() {
      const family = get().family;
      const read = source.read(family);
      const families = source.families();
      // load() reports a failure, or reads again.
      read.catch(() => {});
      families.catch(() => {});
      early = { family, read, families };
    },

    async readFamily(family, pending) {
      const read = await (pending ?? source.read(family));
      const at = now();
      const view: FamilyView = {
        variant: read.variant,
        tables: read.ruleset.tables,
        readAt: at,
        // Every table was read now; the one on screen is the next poll's: it measures rates since this read.
        polled: { table: get().table, at },
        readMs: read.durationMs,
        moved: new Set(),
        rates: new Map(),
        warnings: read.ruleset.warnings,
      };
      set((s) => ({ views: { ...s.views, [family]: view } }));
      // -m set rules are decided (T, the lockout check) from the namespace's sets: read them with the rules.
      if (source.sets && usesSets(view.tables))
        void source.sets().then(
          (sets) => set({ sets }),
          () => {},
        );
      // addrtype LOCAL and "is it for this machine?" are decided (T) from the namespace's addresses.
      if (source.localAddresses) {
        void source.localAddresses().then(
          (locals) => set(locals ? { localAddresses: locals } : {}),
          () => {},
        );
      }
    },

    async readAllAgain() {
      // The rules changed (a revert): a read started before is not what runs now.
      early = null;
      for (const family of Object.keys(get().views) as Family[]) await actions.readFamily(family);
    },

    async load() {
      set({ status: 'loading', error: null });
      try {
        // Read the family asked for while finding out which families work: a first screen sooner.
        const wanted = get().family;
        const taken = early?.family === wanted ? early : null;
        early = null;
        const first = taken?.read ?? source.read(wanted);
        first.catch(() => {}); // reported below, or not needed
        const families = await (taken?.families ?? source.families());
        if (families.length === 0) throw new Error('neither iptables nor ip6tables works here');
        const family = families.includes(wanted) ? wanted : families[0]!;
        set({ families, family });
        await actions.readFamily(family, family === wanted ? first : undefined);
        get().actions.settleTable();
        set({ status: 'loaded' });
        void get().actions.checkSaved();
      } catch (e) {
        set({ status: 'failed', error: message(e) });
      }
    },

    async refresh() {
      const s = get();
      const view = currentView(s);
      const before = liveTable(s);
      // While a commit applies, it reads the tables itself (and its read-back becomes the view).
      if (!view || !before || !source.live) return false;
      if (commitOf(s)?.state === 'applying') return true;
      const { family, table } = s;
      // The kernel commits to this table seen before the read: what it shows, they wrote.
      const writers = commitsTo(s.changedBy, family, table);
      let read: SourceRead;
      try {
        read = await source.readTable(family, table);
      } catch (e) {
        set({ error: message(e) });
        return false;
      }
      const latest = get();
      // The admin moved on meanwhile, or a commit put a newer read in place: this one is stale.
      if (latest.family !== family || latest.table !== table || liveTable(latest) !== before) return true;
      const after: Table = read.ruleset.tables.find((t) => t.name === table) ?? { name: table, chains: [] };
      const at = now();
      // A rate needs this table's read before to be the previous poll's (or the family's read), within the window:
      // never the counters a table gathered before fwtui measured (the first poll after switching to it).
      const since = view.polled?.table === table ? view.polled.at : null;
      const spanMs = since === null || at - since > RATE_WINDOW_MS ? 0 : at - since;
      const diff = diffCounters(before, after, spanMs / 1000);
      const selectedKey = keyOfSelection(latest);
      const tables = view.tables.map((t) => (t.name === table ? after : t));
      set({
        views: {
          ...latest.views,
          [family]: {
            ...view,
            tables,
            readAt: at,
            polled: { table, at },
            readMs: read.durationMs,
            moved: diff.moved,
            rates: diff.rates,
            byteRates: diff.byteRates,
          },
        },
        changedBy: latest.changedBy.filter((g) => !writers.includes(g)),
        error: null,
      });
      const a = get().actions;
      if (spanMs > 0) a.recordRates(family, table, diff.rates, diff.byteRates, at, spanMs, diff.counts);
      a.onRead(family, after);
      // Rules added or removed, or chains created or deleted (an empty new chain moves no rule count).
      const chainsChanged =
        before.chains.length !== after.chains.length || before.chains.some((c, i) => c.name !== after.chains[i]?.name);
      if (diff.added > 0 || diff.removed > 0 || chainsChanged) {
        const notice = outsideChangeNotice(table, outsideChange(before, after), writers, at);
        set({ notice });
        // The change may be a commit applied from another shell: show its countdown (q then asks), as a new view
        // would.
        if (!get().pending) void a.checkPendingAtStart();
        void a.checkSaved();
        a.settleChain();
        if (selectedKey) keepSelection(selectedKey);
      }
      return true;
    },

    askZero() {
      const s = get();
      if (!s.live) set({ notice: 'counters of a saved file cannot be zeroed' });
      else if (currentChain(s)) s.actions.ask(`Zero the counters of ${s.table} ${s.chain} now?`, 'zero', zero);
    },
  };
  return actions;
}
