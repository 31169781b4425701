/** Derived views of the state, for components and actions. */
import type { Chain, Rule, Table } from '../domain/model/ruleset.js';
import type { ChainDiff, TableDiff } from '../domain/diff/table-diff.js';
import { planFor } from './staging.js';
import type { DropAdvice } from '../domain/analysis/ssh-fix.js';
import {
  cursorKey,
  tableKey,
  type AppState,
  type CommitView,
  type Confirm,
  type EditorState,
  type FamilyView,
  type OverlayKind,
  type Prompt,
} from './app-state.js';

/** Staged edits of rules and of IP sets: what a commit would apply, discard would drop, quitting would lose. */
export const stagedEditCount = (s: Pick<AppState, 'staging' | 'setStaging'>): number =>
  s.staging.edits.length + s.setStaging.edits.length;

export const currentView = (s: AppState): FamilyView | undefined => s.views[s.family];

/** The current table as last read from the firewall (without staged edits). */
export function liveTable(s: AppState): Table | undefined {
  return currentView(s)?.tables.find((t) => t.name === s.table);
}

/** The current chain as last read from the firewall (undefined for a chain that exists only staged). */
export function liveChain(s: AppState): Chain | undefined {
  return liveTable(s)?.chains.find((c) => c.name === s.chain);
}

/** The current table as the admin sees it: staged when it has staged edits, else live. */
export function currentTable(s: AppState): Table | undefined {
  return s.staging.staged[tableKey(s.family, s.table)] ?? liveTable(s);
}

/** Live vs staged for the current table, or null when nothing is staged there. */
export function currentDiff(s: AppState): TableDiff | null {
  return planFor(s.staging, s.family, s.table)?.diff ?? null;
}

/** Live vs staged for the current chain, or null when it has no staged change. */
export function currentChainDiff(s: AppState): ChainDiff | null {
  return currentDiff(s)?.chains.find((c) => c.name === s.chain) ?? null;
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

/** What is open over the rule view, by kind (null: the rule view). */
export const overlayKind = (s: AppState): OverlayKind | null => s.overlay?.kind ?? null;

/** The confirm question, when it is the overlay open. */
export const confirmOf = (s: AppState): Confirm | null => (s.overlay?.kind === 'confirm' ? s.overlay : null);

/** The prompt, when it is the overlay open. */
export const promptOf = (s: AppState): Prompt | null => (s.overlay?.kind === 'prompt' ? s.overlay : null);

/** The rule editor, when it is the overlay open. */
export const editorOf = (s: AppState): EditorState | null => (s.overlay?.kind === 'editor' ? s.overlay.editor : null);

/** The commit review, when it is the overlay open. */
export const commitOf = (s: AppState): CommitView | null => (s.overlay?.kind === 'commit' ? s.overlay.commit : null);

/** What the policy question says about SSH, when it is the overlay open. */
export const policyAdviceOf = (s: AppState): DropAdvice | null =>
  s.overlay?.kind === 'policy' ? s.overlay.advice : null;
