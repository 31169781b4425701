/** What the live view reads from: the live firewall (through the backend) or a saved file. */
import type { WatchPort } from './watch-port.js';
import type { LogPort } from './log-port.js';
import type { InterfaceAddress } from '../analysis/local-addresses.js';
import type { RulesetSets } from '../model/ruleset.js';
import type { RoutingFacts } from '../analysis/routing.js';
import type { Protect } from '../analysis/lockout.js';
import type { ApplyOutcome, PendingCommit, TablePlan } from '../commit/commit-plan.js';
import type { Family, Ruleset, TableName } from '../model/ruleset.js';
import type { DiffLine } from '../diff/unified-diff.js';
import type { ExposureReport } from '../exposure/exposure-entry.js';
import type { SetPlan } from '../sets/set-plan.js';
import type { RulesetGeneration } from '../text/monitor-events.js';
import type { ConnectionsPort } from './connections-port.js';

export interface SourceRead {
  readonly ruleset: Ruleset;
  /** nft, legacy, or file for an offline file. */
  readonly variant: 'nft' | 'legacy' | 'file';
  readonly durationMs: number;
}

export interface FirewallSource {
  /** Live firewall or offline file: decides what can refresh or be zeroed. */
  readonly live: boolean;
  /** Host name (live) or file path, for the header. */
  readonly label: string;
  /** Families this source can show (ip6tables may be missing). */
  families(): Promise<Family[]>;
  /** Every table of one family. */
  read(family: Family): Promise<SourceRead>;
  /** One table of one family: what polling reads. */
  readTable(family: Family, table: TableName): Promise<SourceRead>;
  /** Zeroes one chain's counters (live only). */
  zeroChain(family: Family, table: TableName, chain: string): Promise<void>;
  /**
   * Makes the staged tables real: the live firewall (drift check, per-table
   * restore, undo on failure, read back) or the file (written atomically).
   * `sets` are the staged IP set changes (live firewall only; a file source refuses them).
   */
  commit(plans: readonly TablePlan[], sets?: readonly SetPlan[]): Promise<ApplyOutcome>;
  /**
   * The kernel's own check of one rule (iptables-restore --test), with the
   * given user chains declared. Resolves to iptables' message, or null when
   * the rule passes or no check is available (`checks` says which).
   */
  checkRule(
    family: Family,
    table: TableName,
    chain: string,
    spec: string,
    declare: readonly string[],
  ): Promise<string | null>;
  /** Whether checkRule asks a real iptables. */
  readonly checks: boolean;
  /** The commit-or-revert safety net (live firewall only). */
  readonly safety?: SafetyPort;
  /** Saving for boot (live firewall only). */
  readonly boot?: BootPort;
  /** The network interfaces that exist now (live firewall only): the editor completes and checks -i/-o with them. */
  readonly interfaces?: () => Promise<readonly string[]>;
  /**
   * Whether the namespace forwards and its routes, for where a DNAT or REDIRECT sends a packet (live firewall
   * only; null: not known). Read when a nat rule rewrites destinations, never before the first frame.
   */
  readonly routing?: (family: Family) => Promise<RoutingFacts | null>;
  /** The namespace's IP sets, for deciding `-m set` in trace and the lockout check (never throws: says why not). */
  readonly sets?: () => Promise<RulesetSets>;
  /** This machine's (the namespace's) addresses, for trace's "is it for this machine?" (null: not known). */
  readonly localAddresses?: () => Promise<readonly InterfaceAddress[] | null>;
  /** The namespace's tracked connections: list them, drop one (live firewall only). */
  readonly connections?: ConnectionsPort;
  /**
   * What the internet can reach (the exposure view, `E`): the namespace's listeners, interfaces and routes read
   * once, classified over `ruleset` (live firewall only; rejects with why, in words, when the facts cannot be read).
   */
  readonly exposure?: (family: Family, ruleset: Ruleset) => Promise<ExposureAnswer>;
  /** Whom a commit must not cut off: the admin's SSH connection (live firewall only). */
  readonly protect?: () => Promise<Protect>;
  /**
   * Starts a feed of ruleset changes as the kernel makes them (nf_tables: xtables-monitor), so another program's
   * change shows at once rather than at the next poll. Resolves with `live: false` and why when there is none
   * (legacy iptables has no event feed). With `family`, only that family's changes (the family on screen: another
   * family's events cannot stop it). Live firewall only.
   */
  readonly events?: (listener: RulesetEventsListener, family?: Family) => Promise<RulesetEventFeed>;
  /** Watching real packets through the rules (W; nf_tables, live firewall only). */
  readonly watch?: WatchPort;
  /** The packets LOG and NFLOG rules report (l; live firewall only). */
  readonly logs?: LogPort;
}

/** One family's exposure report, and the same facts classified again over other rules. */
export interface ExposureAnswer {
  readonly report: ExposureReport;
  /**
   * The report for `ruleset` (the staged rules) from the same listeners, interfaces and routes: pure (the domain's
   * classification, no process, no file), so the view answers "after your edits" at once.
   */
  readonly reevaluate: (ruleset: Ruleset) => ExposureReport;
}

/** Who hears the ruleset events. */
export interface RulesetEventsListener {
  /** One kernel commit of the ruleset, whoever made it (fwtui's own writes too). */
  changed(generation: RulesetGeneration): void;
  /**
   * The feed ended by itself (the monitor died): why, in words; `lasting` when starting it again cannot help (a
   * program is not installed, a monitor known to stop on this family's rules). Not called after `stop()`.
   */
  ended(why: string, lasting?: boolean): void;
}

/** A running feed of ruleset events, or why there is none. */
export type RulesetEventFeed =
  | {
      readonly live: true;
      /** Ends the feed (stops the monitor). */
      stop(): void;
      /**
       * Resolves true once every commit from then on reaches the feed (the monitor joined the kernel's event
       * group), false when that could not be seen; a commit before it is missed. Absent: at once.
       */
      listening?(): Promise<boolean>;
    }
  | { readonly live: false; readonly why: string };

/** One family's running rules vs its boot file, without counters. */
export interface SavedFamilyDiff {
  /** The rules of one family, or the IP sets (restored before the rules). */
  readonly family: Family | 'sets';
  readonly path: string;
  readonly lines: readonly DiffLine[];
  /** The saved file would not load at boot (checked as boot loads it: the rule and why); null when it loads. */
  readonly problem: string | null;
  /** Nothing is saved at `path` yet (then `lines` is empty). */
  readonly missing?: boolean;
  /** Why fwtui did not read the saved file (a symbolic link in its place); then `lines` is empty. */
  readonly refused?: string;
}

/** Where the running rules are saved for boot, and how they differ from what is saved there. */
export interface BootPort {
  /** "/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)". */
  readonly target: string;
  /** What the admin should know about the loader (not enabled, SAVE_ON_STOP, nothing installed). */
  readonly warnings: readonly string[];
  /** The namespace whose rules a save would put into this host's own boot files (--netns without --root), else null. */
  readonly hostFilesFromNetns?: string | null;
  /**
   * Compares the running rules with the boot files; only families that
   * differ. Families in `known` (what the view already read) are not read again.
   */
  diff(known?: readonly Ruleset[]): Promise<SavedFamilyDiff[]>;
  /** Saves the running rules; resolves with what was written, in words. @throws when refused or failed */
  save(): Promise<string>;
}

/** Where a pending commit stands now. */
export type CommitFate =
  | { readonly state: 'pending'; readonly guardAlive: boolean }
  | { readonly state: 'confirmed' | 'gone' }
  /** Being reverted; `trouble` says loudly why it has not worked yet (the guard keeps trying), else null. */
  | { readonly state: 'reverting'; readonly trouble: string | null }
  | {
      readonly state: 'reverted' | 'revert-failed';
      readonly messages: readonly string[];
      /** Who reverted it, as recorded with the commit; null when nothing says (fwtui cannot tell). */
      readonly reverter: Reverter | null;
    };

/** Who reverted a commit: its guard at the deadline, or a command (`fwtui revert`, R in another view). */
export interface Reverter {
  /** The words recorded: `the guard at the deadline`, `fwtui revert`, `R in fwtui`, ... */
  readonly by: string;
  /** The guard (or its watcher) reverted it because the deadline came. */
  readonly atDeadline: boolean;
}

/** Confirm, revert and watch commits applied with the safety net. */
export interface SafetyPort {
  /** Seconds the admin has to confirm. */
  readonly timeoutSec: number;
  /** An fwtui command line for a hint, in this view's scope (`fwtui status --netns N`). */
  commandHint(...words: string[]): string;
  /**
   * At start: a commit still waiting for confirmation (applied before the
   * connection dropped, say). One whose guard is gone is reverted first, and
   * `notice` says so.
   */
  check(): Promise<{ pending: PendingCommit | null; notice: string | null }>;
  confirm(id: string): Promise<'confirmed' | 'too-late' | 'nothing-pending'>;
  revert(id: string): Promise<{ ok: boolean; messages: readonly string[] }>;
  fate(id: string): Promise<CommitFate>;
  /** The review opened: start the guards now (they wait for the commit), so that the apply need not wait for them. */
  prepare?(): void;
}
