/**
 * The sets panel (`s`): the namespace's IP sets, one set's members (paged, searched), and the rules that use a
 * set (Enter jumps to one). The panel's place is kept here while its prompts and questions cover it.
 */
import { prepareSearch, searchMembers } from '../domain/sets/set-search.js';
import { setsNamed } from '../domain/sets/set-users.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { openSet, setNames, usersOf } from './set-selectors.js';
import { selectedRule } from './selectors.js';
import type { GetState, SetState } from './slice.js';

/** Where the panel is: the list of sets, a set's members, or the rules using a set. */
export interface SetsPanel {
  readonly view: 'list' | 'members' | 'users';
  /** The set selected in the list (by name: staging one adds rows above it). */
  readonly name: string | null;
  /** Cursor in the members shown (all, or the search hits). */
  readonly member: number;
  readonly query: string;
  /** Indices of the members the search found; null: every member is shown. */
  readonly hits: readonly number[] | null;
  readonly user: number;
  /** The sets are being read. */
  readonly reading: boolean;
}

export interface SetsPanelState {
  readonly setsPanel: SetsPanel | null;
}

export interface SetsPanelActions {
  /** `s`: opens the panel (on the selected rule's set, if it uses one) and reads the sets. */
  openSets(): Promise<void>;
  /** Opens the members of set `name` (Enter on a rule with `--match-set name`). */
  openSetOf(name: string): Promise<void>;
  closeSets(): void;
  selectSet(name: string): void;
  /** Moves the cursor of the panel's current view by `delta` rows (±1e9: first/last). */
  moveInSets(delta: number): void;
  /** Enter in the list: the set's members; in the users view: jump to the rule. */
  enterInSets(): void;
  /** Esc: a member list found by `/` back to all members; members or users back to the list; the list out. */
  backInSets(): void;
  /** `/` in the list: asks for (part of) a set's name and selects the first set it names. */
  askSetByName(): void;
  /** `/` in the members: asks for an address or text to find. */
  askSetSearch(): void;
  /** Shows the members `query` finds (an empty query shows them all); `closePrompt`: back to the panel with them. */
  searchSet(query: string, closePrompt?: boolean): void;
  /** `r`: the rules that use the selected set. */
  showSetUsers(): void;
  /** After a staged set change: the search found again in the set as staged, the cursor kept in range. */
  refreshSetsPanel(): void;
}

declare module './app-state.js' {
  interface AppState extends SetsPanelState {}
}
declare module './slice.js' {
  interface AppActions extends SetsPanelActions {}
}

export const initialSetsPanel = (): SetsPanelState => ({ setsPanel: null });

const FRESH: SetsPanel = { view: 'list', name: null, member: 0, query: '', hits: null, user: 0, reading: false };

const clamp = (i: number, count: number): number => Math.max(0, Math.min(i, count - 1));

/** The sets panel's actions. */
export function createSetsPanelActions(set: SetState, get: GetState, source: FirewallSource): SetsPanelActions {
  const patch = (p: Partial<SetsPanel>): void =>
    set((s) => (s.setsPanel ? { setsPanel: { ...s.setsPanel, ...p } } : {}));

  async function readSets(): Promise<void> {
    if (!source.sets) return;
    patch({ reading: true });
    try {
      const sets = await source.sets();
      set({ sets });
    } finally {
      patch({ reading: false });
    }
    // The hits are places in the set as it was: find them again in the set as read now.
    const p = get().setsPanel;
    const target = openSet(get());
    if (p?.hits && target) patch({ hits: searchMembers(target, p.query) });
  }

  const actions: SetsPanelActions = {
    async openSets() {
      const s = get();
      const used = setsNamed(selectedRule(s)?.spec ?? '')[0] ?? null;
      set({ setsPanel: { ...FRESH, name: used ?? setNames(s)[0] ?? null }, overlay: { kind: 'sets' } });
      await readSets();
      if (!get().setsPanel?.name) patch({ name: setNames(get())[0] ?? null });
    },

    async openSetOf(name) {
      set({ setsPanel: { ...FRESH, name }, overlay: { kind: 'sets' } });
      await readSets();
      if (openSet(get())) patch({ view: 'members' });
      else set({ notice: `there is no set ${name}${get().sets?.byName ? '' : ' (the sets could not be read)'}` });
    },

    closeSets: () => set({ setsPanel: null, overlay: null }),

    selectSet: (name) => patch({ name, view: 'list' }),

    moveInSets(delta) {
      const s = get();
      const p = s.setsPanel;
      if (!p) return;
      if (p.view === 'list') {
        const names = setNames(s);
        const at = p.name === null ? 0 : Math.max(0, names.indexOf(p.name));
        patch({ name: names[clamp(at + delta, names.length)] ?? null });
      } else if (p.view === 'members') {
        const count = p.hits?.length ?? openSet(s)?.members.length ?? 0;
        patch({ member: clamp(p.member + delta, count) });
      } else patch({ user: clamp(p.user + delta, usersOf(s, p.name ?? '').length) });
    },

    enterInSets() {
      const s = get();
      const p = s.setsPanel;
      if (!p?.name) return;
      if (p.view === 'list') {
        patch({ view: 'members', member: 0, query: '', hits: null });
        // Ready for `/` once the first page is on screen: the first search of a big set is then as quick as the next.
        setTimeout(() => {
          const target = openSet(get());
          if (target) prepareSearch(target);
          // After Ink has written the frame (it writes at most every 16 ms).
        }, 50);
        return;
      }
      if (p.view !== 'users') return;
      const user = usersOf(s, p.name)[p.user];
      if (!user) return;
      actions.closeSets();
      const a = get().actions;
      void a.selectFamily(user.family).then(() => {
        set({ table: user.table, chain: user.chain, focus: 'rules', jumps: [] });
        get().actions.selectRule(user.index);
      });
    },

    backInSets() {
      const p = get().setsPanel;
      if (!p || p.view === 'list') return actions.closeSets();
      if (p.view === 'members' && p.hits) return patch({ query: '', hits: null, member: 0 });
      patch({ view: 'list', query: '', hits: null, member: 0, user: 0 });
    },

    askSetByName() {
      get().actions.askFor('setSearch', 'Find a set by name:', (typed) => {
        const q = typed.trim().toLowerCase();
        const name = setNames(get()).find((n) => n.toLowerCase().includes(q));
        if (!q || !name) return `no set's name contains ${typed.trim() || 'that'}`;
        set({ setsPanel: { ...(get().setsPanel ?? FRESH), name, view: 'list' }, overlay: { kind: 'sets' } });
        return null;
      });
    },

    askSetSearch() {
      const p = get().setsPanel;
      if (!p?.name) return;
      get().actions.askFor('setSearch', `Find in ${p.name} (address, network or text):`, (q) => {
        // One change of state, so one frame: the prompt closes on the hits (a 100,000-member set within 50 ms).
        actions.searchSet(q, true);
        return null;
      });
    },

    searchSet(query, closePrompt = false) {
      const s = get();
      const target = openSet(s);
      if (!target || !s.setsPanel) return;
      const q = query.trim();
      const hits = q === '' ? null : searchMembers(target, q);
      set({
        setsPanel: { ...s.setsPanel, view: 'members', query: q, hits, member: 0 },
        ...(closePrompt ? { overlay: { kind: 'sets' } } : {}),
        ...(hits && hits.length === 0 ? { notice: `nothing in ${target.name} matches ${q}` } : {}),
      });
    },

    refreshSetsPanel() {
      const s = get();
      const p = s.setsPanel;
      const target = openSet(s);
      if (p?.view !== 'members') return;
      const hits = p.hits && target ? searchMembers(target, p.query) : p.hits;
      const count = hits?.length ?? target?.members.length ?? 0;
      patch({ hits, member: clamp(p.member, Math.max(1, count)) });
    },

    showSetUsers() {
      const p = get().setsPanel;
      if (p?.name) patch({ view: 'users', user: 0 });
    },
  };
  return actions;
}
