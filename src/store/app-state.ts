/** The live view's state: what is loaded, what is selected, what is open. */
import type { RulesetSets } from '../domain/ruleset.js';
import type { Drift, FreshTable, PendingCommit } from '../domain/commit-plan.js';
import type { Edit } from '../domain/edits.js';
import type { RuleForm } from '../domain/rule-form.js';
import type { Family, Table, TableName } from '../domain/ruleset.js';
import type { DropAdvice } from '../domain/ssh-fix.js';
import type { SavedFamilyDiff } from './firewall-source.js';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'failed';
export type Focus = 'chains' | 'rules';
export type Overlay = 'help' | 'confirm' | 'prompt' | 'policy' | 'editor' | 'commit' | 'saved' | 'analysis' | 'history' | null;

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
export type ConfirmAction = 'zero' | 'delete' | 'flush' | 'discard' | 'deleteChain' | 'quit' | 'save' | 'saveHost';
/** What the typed answer of the prompt is for. */
export type PromptAction = 'moveTo' | 'newChain' | 'renameChain' | 'trace' | 'command';

export interface Prompt {
  readonly action: PromptAction;
  readonly label: string;
  readonly value: string;
  readonly error: string | null;
}

/** The rule editor: a form or raw arguments, with the checks of what is typed. */
export interface EditorState {
  /**
   * `append`: `a` (like `-A`); otherwise a new rule is inserted at `at` (like
   * `-I`): that decides the order of the rules an address list makes.
   */
  readonly purpose: { readonly kind: 'insert'; readonly at: number; readonly append?: boolean } | { readonly kind: 'replace'; readonly at: number; readonly spec: string };
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  readonly mode: 'form' | 'raw';
  readonly form: RuleForm;
  readonly raw: string;
  /** Index into the visible form fields. */
  readonly field: number;
  /** Our own checks of the current text. */
  readonly problems: readonly string[];
  /** The kernel's check (iptables-restore --test) of `spec`. */
  readonly kernel: { readonly spec: string; readonly state: 'checking' | 'ok' | 'refused' | 'unavailable'; readonly message: string | null };
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
  /** Rule rows: the -L columns (wide), one folded text column (compact), or wide where it fits (auto). */
  readonly rowMode: 'auto' | 'wide' | 'compact';
  /** The layout the rule view shows now (what `v` switches away from), and whether wide fits its width. */
  readonly rowModeShown: { readonly mode: 'wide' | 'compact'; readonly wideFits: boolean };
  /** Characters the matches text is scrolled left by (`<`/`>`). */
  readonly matchScroll: number;
  readonly overlay: Overlay;
  /** T: the last packet traced and the rules on its path (cleared with T). */
  readonly trace: TraceView | null;
  /** The words of the last trace, offered again. */
  readonly lastTrace: string;
  readonly analysisScroll: number;
  /** Page of the help overlay (it has more keys than an 80x24 screen shows). */
  readonly helpPage: number;
  /** A passing message: external change, zeroed counters, no search hit. */
  readonly notice: string | null;
  readonly staging: Staging;
  /** The question the confirm overlay asks, and what yes does. */
  readonly confirm: { readonly question: string; readonly action: ConfirmAction } | null;
  readonly prompt: Prompt | null;
  readonly editor: EditorState | null;
  readonly commit: CommitView | null;
  /** Another program changed a chain with staged edits (shown until the commit view re-bases). */
  readonly drifted: boolean;
  /** An applied commit waiting for Y (keep) or R (revert) before its deadline. */
  readonly pending: PendingView | null;
  /** Running vs saved for boot; null when this source cannot save (a file, the demo). */
  readonly boot: BootView | null;
  /** The namespace's IP sets as last read (absent until a rule that uses one has been read). */
  readonly sets?: RulesetSets;
  /** Every notice and error shown and every command run, oldest first (L shows it). */
  readonly history: readonly HistoryEntry[];
  /** How many lines the history view is scrolled up from its end (clamped by the view). */
  readonly historyScroll: number;
  /** `p` on filter INPUT: what DROP would do to new SSH, and the fix offered as one key (null: nothing to say). */
  readonly policyAdvice?: DropAdvice | null;
}

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

export const initialState = (live: boolean, label: string): AppState => ({
  live, label, families: [], family: 'ipv4', views: {}, status: 'idle', error: null,
  table: 'filter', chain: 'INPUT', cursor: {}, focus: 'rules', jumps: [], query: '', trace: null, lastTrace: '', analysisScroll: 0,
  searchOpen: false, exact: false,
  rowMode: 'auto', rowModeShown: { mode: 'wide', wideFits: true }, matchScroll: 0,
  overlay: null, helpPage: 0, notice: null,
  staging: NO_STAGING, confirm: null, prompt: null, editor: null, commit: null, drifted: false, pending: null, boot: null,
  history: [], historyScroll: 0,
});

export const cursorKey = (s: Pick<AppState, 'family' | 'table' | 'chain'>): string => `${s.family}/${s.table}/${s.chain}`;
