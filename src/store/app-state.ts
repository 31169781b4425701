/** The live view's state: what is loaded, what is selected, what is open. */
import type { Family, Table, TableName } from '../domain/ruleset.js';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'failed';
export type Focus = 'chains' | 'rules';
export type Overlay = 'help' | 'zero' | null;

/** One family's tables as last read, with what moved since the read before. */
export interface FamilyView {
  readonly variant: 'nft' | 'legacy' | 'file';
  readonly tables: readonly Table[];
  /** When the current table was last read (ms since epoch). */
  readonly readAt: number;
  /** How long that read took. */
  readonly readMs: number;
  readonly moved: ReadonlySet<string>;
  readonly rates: ReadonlyMap<string, number>;
  readonly warnings: readonly string[];
}

/** A jump followed with Enter, to come back to with Backspace/Esc. */
export interface JumpOrigin {
  readonly chain: string;
  readonly rule: number;
}

export interface AppState {
  readonly live: boolean;
  readonly label: string;
  readonly families: readonly Family[];
  readonly family: Family;
  readonly views: Partial<Record<Family, FamilyView>>;
  readonly status: LoadStatus;
  /** Why the last read failed (the view keeps the data it had). */
  readonly error: string | null;
  readonly table: TableName;
  readonly chain: string;
  /** Selected rule per `family/table/chain`. */
  readonly cursor: Readonly<Record<string, number>>;
  readonly focus: Focus;
  readonly jumps: readonly JumpOrigin[];
  readonly query: string;
  readonly searchOpen: boolean;
  /** Exact counters (-x) rather than K/M/G. */
  readonly exact: boolean;
  readonly overlay: Overlay;
  /** A passing message: external change, zeroed counters, no search hit. */
  readonly notice: string | null;
}

export const initialState = (live: boolean, label: string): AppState => ({
  live, label, families: [], family: 'ipv4', views: {}, status: 'idle', error: null,
  table: 'filter', chain: 'INPUT', cursor: {}, focus: 'rules', jumps: [], query: '',
  searchOpen: false, exact: false, overlay: null, notice: null,
});

export const cursorKey = (s: Pick<AppState, 'family' | 'table' | 'chain'>): string => `${s.family}/${s.table}/${s.chain}`;
