/**
 * The live view's state: what is loaded, what is selected, what is open. Each
 * slice of the store owns its part (its state type lives with its actions in
 * `*-slice.ts`); this file holds the values the slices share and AppState, the
 * sum of the slices' parts.
 */
import type { Drift, FreshTable, PendingCommit } from '../domain/commit/commit-plan.js';
import type { Edit } from '../domain/edit/edits.js';
import type { RuleForm } from '../domain/edit/rule-form.js';
import type { Family, Table, TableName } from '../domain/model/ruleset.js';
import type { DropAdvice } from '../domain/analysis/ssh-fix.js';
import type { SavedFamilyDiff } from '../domain/ports/firewall-source.js';

/** One line of the message history: a notice or error shown, or a command run. */
export interface HistoryEntry {
  readonly at: number;
  readonly kind: 'notice' | 'error' | 'command';
  readonly text: string;
  /** Commands: the exit code (127: not found) and how long it took. */
  readonly exitCode?: number;
  readonly durationMs?: number;
  /** Commands that failed: the first line of their stderr. */
  readonly detail?: string;
  /** Commands started and left running in the background (the guard). */
  readonly detached?: boolean;
  /** The same command run again and again (polling): how many times, since when. */
  readonly repeats?: { readonly count: number; readonly since: number };
}

/** One staged edit and the table it belongs to. */
export interface StagedEdit {
  readonly family: Family;
  readonly table: TableName;
  readonly edit: Edit;
  /** Edits staged together (one rule iptables splits, one paste) share this: undo and redo take them together. */
  readonly batch?: number;
}

/** `family/table` */
export type TableKey = `${Family}/${TableName}`;
export const tableKey = (family: Family, table: TableName): TableKey => `${family}/${table}`;

/** Edits not yet applied: the live tables they were made on, the edits, what undo took back. */
export interface Staging {
  readonly basis: Readonly<Partial<Record<TableKey, Table>>>;
  /** The staged tables (basis + edits), kept in step with `edits`. */
  readonly staged: Readonly<Partial<Record<TableKey, Table>>>;
  readonly edits: readonly StagedEdit[];
  readonly redo: readonly StagedEdit[];
}

export const NO_STAGING: Staging = { basis: {}, staged: {}, edits: [], redo: [] };

/** What a yes to the confirm question does. */
/** `saveHost`: a namespace's rules into this host's own boot files (needs a typed y, never Enter). */
export type ConfirmAction =
  | 'zero'
  | 'delete'
  | 'flush'
  | 'discard'
  | 'deleteChain'
  | 'quit'
  | 'save'
  | 'saveHost'
  | 'destroySet'
  | 'editForeignSet'
  | 'dropConnection';
/** What the typed answer of the prompt is for. */
export type PromptAction =
  | 'moveTo'
  | 'newChain'
  | 'renameChain'
  | 'trace'
  | 'watch'
  | 'command'
  | 'newSet'
  | 'addMembers'
  | 'setSearch'
  | 'exposureAllow';

/** The typed-answer prompt: what it asks, what is typed, and what Enter does with it. */
export interface Prompt {
  readonly action: PromptAction;
  readonly label: string;
  readonly value: string;
  readonly error: string | null;
  /**
   * Enter: carries out the typed text (the slice that asked closes the prompt when it is done);
   * returns, or resolves to, the problem to show in the prompt, or null.
   */
  readonly submit: (value: string) => string | null | Promise<string | null>;
  /** The value was prefilled and is still selected: the first typed key replaces it (Backspace/End keep it). */
  readonly selected?: boolean;
}

/** The confirm question: what it asks, what a yes does. */
export interface Confirm {
  readonly question: string;
  readonly action: ConfirmAction;
  /** What the slice that asked does on yes (the overlay is closed first). */
  readonly yes: () => void | Promise<void>;
}

/**
 * What covers the rule view, with what it shows: one at a time, so opening one
 * replaces the other and no payload outlives its overlay.
 */
export type Overlay =
  | { readonly kind: 'help' }
  | ({ readonly kind: 'confirm' } & Confirm)
  | ({ readonly kind: 'prompt' } & Prompt)
  /** `p`: the policy question, with what DROP would do to new SSH (null: nothing to say). */
  | { readonly kind: 'policy'; readonly advice: DropAdvice | null }
  | { readonly kind: 'editor'; readonly editor: EditorState }
  | { readonly kind: 'commit'; readonly commit: CommitView }
  | { readonly kind: 'saved' }
  | { readonly kind: 'analysis' }
  | { readonly kind: 'history' }
  /** `s`: the IP sets panel (where it is: `setsPanel`, kept while its prompts cover it). */
  | { readonly kind: 'sets' }
  /** `C`: the connections through the selected rule (where it is: `connectionsPanel`, kept under its question). */
  | { readonly kind: 'connections' }
  /** `H`: the table's hottest rules (where the cursor is: `hotPanel`). */
  | { readonly kind: 'hottest' }
  /** `E`: what the internet can reach (where it is: `exposure`, kept while its prompt covers it). */
  | { readonly kind: 'exposure' };

/** The kinds of overlay. */
export type OverlayKind = Overlay['kind'];

/** The rule editor: a form or raw arguments, with the checks of what is typed. */
export interface EditorState {
  /**
   * `append`: `a` (like `-A`); otherwise a new rule is inserted at `at` (like
   * `-I`): that decides the order of the rules an address list makes.
   */
  readonly purpose:
    | { readonly kind: 'insert'; readonly at: number; readonly append?: boolean }
    | { readonly kind: 'replace'; readonly at: number; readonly spec: string };
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  readonly mode: 'form' | 'raw';
  readonly form: RuleForm;
  readonly raw: string;
  /** The raw line is still as the form made it, selected: the first typed key replaces it. */
  readonly rawSelected?: boolean;
  /** Index into the visible form fields. */
  readonly field: number;
  /** Our own checks of the current text. */
  readonly problems: readonly string[];
  /** The kernel's check (iptables-restore --test) of `spec`. */
  readonly kernel: {
    readonly spec: string;
    readonly state: 'checking' | 'ok' | 'refused' | 'unavailable';
    readonly message: string | null;
  };
  /** Names Tab offered last (several matches). */
  readonly completions: readonly string[];
  /** The rule matches every packet ("this rule accepts every packet: …"): Enter asks once before staging it. */
  readonly caution?: string | null;
  /** The spec whose caution was shown on Enter: the next Enter stages it. */
  readonly cautionSeen?: string | null;
  /** The interfaces that exist now (null: not known, e.g. a saved file): Tab completes -i/-o with them. */
  readonly interfaces?: readonly string[] | null;
}

/** The commit review: live vs staged, then applying, then drift if someone else changed things. */
export interface CommitView {
  readonly state: 'review' | 'applying' | 'drift';
  readonly scroll: number;
  readonly drift: readonly Drift[];
  readonly fresh: readonly FreshTable[];
  /** Why the last apply failed (iptables' words, and what was put back). */
  readonly error: string | null;
  /** The lockout check of the admin's SSH session (live firewall only). */
  readonly lockout?: LockoutCheck;
}

/** A traced packet: its verdict line and the rules it passed (0-based index per chain). */
export interface TraceView {
  readonly family: Family;
  readonly packet: string;
  readonly line: string;
  readonly path: readonly { readonly table: TableName; readonly chain: string; readonly index: number }[];
}

/** Would the staged rules cut off SSH? Applying anyway needs LOCKOUT typed. */
export interface LockoutCheck {
  readonly state: 'checking' | 'done';
  readonly warnings: readonly string[];
  /** Whom fwtui checked ("checked your SSH connection …"). */
  readonly who: string;
  /**
   * What was established when there is no warning, per family ("SSH stays open.",
   * "SSH is already blocked by …", "uncertain: …").
   */
  readonly summary?: readonly string[];
  /** What the admin has typed towards LOCKOUT. */
  readonly typed: string;
}

/** One family's tables as last read, with what moved since the read before. */
export interface FamilyView {
  readonly variant: 'nft' | 'legacy' | 'file';
  readonly tables: readonly Table[];
  /** When the current table was last read (ms since epoch). */
  readonly readAt: number;
  /** The table the last counter poll read, and when: the next poll of it measures rates since then. */
  readonly polled?: { readonly table: TableName; readonly at: number };
  /** How long that read took. */
  readonly readMs: number;
  readonly moved: ReadonlySet<string>;
  readonly rates: ReadonlyMap<string, number>;
  /** Bytes per second by rule key (absent before the second read). */
  readonly byteRates?: ReadonlyMap<string, number>;
  readonly warnings: readonly string[];
}

/** A jump followed with Enter, to come back to with Backspace/Esc. */
export interface JumpOrigin {
  readonly chain: string;
  readonly rule: number;
}

/**
 * The whole state: every slice's part. Each slice adds its state type here
 * (declaration merging in its file: firewall, navigation, search, staging,
 * pending, boot, analysis, overlay, messages), so this file imports no slice
 * and the slices import it without a cycle.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the slices (declaration merging)
export interface AppState {}

export interface BootView {
  readonly target: string;
  /** The namespace whose rules S would put into this host's own boot files (--netns without --root). */
  readonly hostFilesFromNetns?: string | null;
  /** The loader's problems (not enabled, SAVE_ON_STOP, nothing installed). */
  readonly warnings: readonly string[];
  /** Families whose running rules differ from the boot file; null until first compared. */
  readonly diffs: readonly SavedFamilyDiff[] | null;
  readonly scroll: number;
  readonly saving: boolean;
}

export interface PendingView extends PendingCommit {
  /** Found at start (applied before a reconnect) rather than applied in this session. */
  readonly reconnected: boolean;
  /** Y or R was pressed and is being carried out. */
  readonly busy: 'keeping' | 'reverting' | null;
}

export const cursorKey = (s: Pick<AppState, 'family' | 'table' | 'chain'>): string =>
  `${s.family}/${s.table}/${s.chain}`;
