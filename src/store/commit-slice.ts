/**
 * The commit slice: the review of live vs staged (c), the apply table by
 * table (y), and the re-base after drift (r). The review is the overlay's
 * payload; `applyCommit` is the one way from staged edits to the kernel.
 */
import type { FreshTable } from '../domain/commit/commit-plan.js';
import { NO_STAGING, type AppState, type CommitView } from './app-state.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { lockoutHold } from './lockout-slice.js';
import { commitOf, stagedEditCount } from './selectors.js';
import { setReadBackProblems } from '../domain/sets/set-readback.js';
import type { SetPlan } from '../domain/sets/set-plan.js';
import { NO_SET_STAGING, setPlans } from './set-staging.js';
import type { GetState, SetState } from './slice.js';
import { commitPlans, rebase } from './staging.js';

export interface CommitActions {
  openCommit(): void;
  scrollCommit(delta: number): void;
  /** `y` in the commit view: drift check, apply table by table, read back. */
  applyCommit(): Promise<void>;
  /** After drift: replay the staged edits on the new live rules. */
  rebaseCommit(): void;
}

declare module './slice.js' {
  interface AppActions extends CommitActions {}
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const REVIEW: CommitView = { state: 'review', scroll: 0, drift: [], fresh: [], error: null };

/** The review shown over the rule view. */
const review = (commit: CommitView): Pick<AppState, 'overlay'> => ({ overlay: { kind: 'commit', commit } });

/**
 * The views with fresh reads of some tables in place (a poll under way sees
 * the table replaced and drops its older read).
 */
function withFresh(s: AppState, fresh: readonly FreshTable[], at: number): AppState['views'] {
  const views = { ...s.views };
  for (const f of fresh) {
    const v = views[f.family];
    if (!v) continue;
    const tables = v.tables.some((t) => t.name === f.table.name)
      ? v.tables.map((t) => (t.name === f.table.name ? f.table : t))
      : [...v.tables, f.table];
    // The read-back is not a poll: the next poll measures no rate from it.
    views[f.family] = { ...v, tables, readAt: at, polled: undefined };
  }
  return views;
}

/** The commit slice's actions; `now` stamps the read-back. */
export function createCommitActions(
  set: SetState,
  get: GetState,
  source: FirewallSource,
  now: () => number,
): CommitActions {
  /** Reads the sets after a commit that changed some; what differs from the staged plans, in words. */
  async function readBackSets(plans: readonly SetPlan[]): Promise<string[]> {
    if (plans.length === 0 || !source.sets) return [];
    try {
      const read = await source.sets();
      set({ sets: read });
      return setReadBackProblems(plans, read.byName);
    } catch (e) {
      return [`the sets could not be read back: ${message(e)}`];
    }
  }

  return {
    openCommit() {
      const s = get();
      if (s.pending) {
        return set({ notice: 'a commit is pending: Y keeps it, R puts the old rules back; then the next one' });
      }
      if (commitPlans(s.staging).length === 0 && setPlans(s.setStaging).length === 0) {
        return set({
          notice:
            stagedEditCount(s) > 0
              ? 'the staged edits change nothing'
              : 'nothing is staged: edit first (i, a, e, d, K, J, p, …)',
        });
      }
      set(review({ ...REVIEW }));
      // The guards start while the admin reads the review: y then only hands them the commit.
      source.safety?.prepare?.();
      void s.actions.checkLockout();
    },

    scrollCommit: (delta) =>
      set((s) => {
        const c = commitOf(s);
        return c ? review({ ...c, scroll: Math.max(0, c.scroll + delta) }) : {};
      }),

    async applyCommit() {
      const s = get();
      const commit = commitOf(s);
      if (!commit || commit.state === 'applying') return;
      const hold = lockoutHold(s);
      if (hold) return set({ notice: hold });
      const plans = commitPlans(s.staging);
      const sets = setPlans(s.setStaging);
      const edits = stagedEditCount(s);
      set(review({ ...commit, state: 'applying' }));
      try {
        // Set changes go with the rule changes, in one commit under the same safety net (or alone).
        const outcome = sets.length > 0 ? await source.commit(plans, sets) : await source.commit(plans);
        if (outcome.kind === 'drift') {
          set({ ...review({ ...REVIEW, state: 'drift', drift: outcome.drift, fresh: outcome.fresh }), drifted: true });
          return;
        }
        // The kernel's read-back becomes the view; the staged copy is done.
        const what = s.live ? 'applied' : 'written to the file';
        // The sets as the kernel holds them now (the panel and trace read them), checked against what was staged.
        const problems = [...outcome.problems, ...(await readBackSets(sets))];
        const notice =
          problems.length > 0
            ? `${what}, but the kernel differs from what was staged: ${problems.join('; ')}`
            : `${edits} edit(s) ${what}`;
        // With the safety net the countdown says it all; problems still get the notice.
        const pending = outcome.pending ? { ...outcome.pending, reconnected: false, busy: null } : null;
        set((st) => ({
          views: withFresh(st, outcome.fresh, now()),
          staging: NO_STAGING,
          setStaging: NO_SET_STAGING,
          overlay: null,
          // Opened from the exposure view, the commit ends it: the countdown is answered on the rules (E reads anew).
          exposure: null,
          drifted: false,
          pending,
          notice: pending && problems.length === 0 ? null : notice,
        }));
      } catch (e) {
        // Said in full in the commit view (the status line cuts long messages), and in the status line after Esc.
        set({ ...review({ ...commit, state: 'review', error: message(e) }), notice: message(e) });
        await get().actions.refresh();
      }
    },

    rebaseCommit() {
      const s = get();
      const commit = commitOf(s);
      if (commit?.state !== 'drift') return;
      const { staging, dropped } = rebase(s.staging, commit.fresh);
      const fresh = commit.fresh;
      set((st) => ({
        views: withFresh(st, fresh, now()),
        staging,
        drifted: false,
        ...review({ ...REVIEW }),
        notice:
          dropped.length > 0
            ? `re-based; these edits no longer apply and were dropped: ${dropped.join('; ')}`
            : 're-based on the new live rules: review again',
      }));
      if (commitPlans(get().staging).length === 0) set({ overlay: null });
      else void get().actions.checkLockout();
    },
  };
}
