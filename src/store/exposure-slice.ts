/**
 * The exposure view (`E`): what the internet can reach on this host, one entry per port and interface, asked of
 * the source over the rules as read; the fix of the selected entry staged like any edit (then reviewed, checked for
 * lockout and applied under the safety net by the commit slice); and the same facts classified again over the
 * staged rules, so each entry says what it will be after the edits.
 */
import { exposureFix } from '../domain/exposure/exposure-fix.js';
import type { ExposureEntry, ExposureReport } from '../domain/exposure/exposure-entry.js';
import type { Family, Ruleset } from '../domain/model/ruleset.js';
import type { ExposureAnswer, FirewallSource } from '../domain/ports/firewall-source.js';
import type { AppState } from './app-state.js';
import { stagedFamily } from './lockout-slice.js';
import type { GetState, SetState } from './slice.js';
import { commitPlans } from './staging.js';

/** The view's place and what it shows. */
export interface ExposureView {
  readonly family: Family;
  /** The report is being made. */
  readonly reading: boolean;
  readonly answer: ExposureAnswer | null;
  /** Why there is no report, in words. */
  readonly error: string | null;
  /** The selected entry. */
  readonly selected: number;
}

export interface ExposureState {
  readonly exposure: ExposureView | null;
}

export interface ExposureActions {
  /** `E`: opens the view for the family on screen and asks the source for its report. */
  openExposure(): Promise<void>;
  closeExposure(): void;
  /** Moves the selection by `delta` entries (±1e9: first/last). */
  moveInExposure(delta: number): void;
  /** `f`: asks which network stays allowed, then stages the fix of the selected entry (or says why none). */
  askExposureFix(): void;
  /** Stages the fix of the selected entry keeping `allowed` (one network, or empty); false with a notice if not. */
  stageExposureFix(allowed: string): boolean;
}

declare module './app-state.js' {
  interface AppState extends ExposureState {}
}
declare module './slice.js' {
  interface AppActions extends ExposureActions {}
}

export const initialExposure = (): ExposureState => ({ exposure: null });

/** The entry the cursor is on, or null. */
export function selectedExposure(s: AppState): ExposureEntry | null {
  const v = s.exposure;
  return v?.answer?.report.entries[v.selected] ?? null;
}

/** The family's running rules as the view holds them, with the sets read (for `-m set`). */
const runningRules = (s: AppState, family: Family): Ruleset => ({
  family,
  tables: s.views[family]?.tables ?? [],
  warnings: [],
  ...(s.sets ? { sets: s.sets } : {}),
});

let lastAfter: { answer: ExposureAnswer; staging: AppState['staging']; report: ExposureReport | null } | null = null;

/**
 * The report over the staged rules of the view's family, from the same facts (pure, no process); null when nothing
 * is staged there. Kept for the same answer and staging, so a frame does not classify again.
 */
export function exposureAfterEdits(s: AppState): ExposureReport | null {
  const v = s.exposure;
  if (!v?.answer) return null;
  if (lastAfter?.answer === v.answer && lastAfter.staging === s.staging) return lastAfter.report;
  const plans = commitPlans(s.staging).filter((p) => p.family === v.family);
  const report =
    plans.length === 0
      ? null
      : v.answer.reevaluate(stagedFamily(v.family, s.views[v.family]?.tables ?? [], plans, s.sets).staged);
  lastAfter = { answer: v.answer, staging: s.staging, report };
  return report;
}

/** The same port on the same interface in another report (the one after the edits), or null. */
export function sameEntry(report: ExposureReport | null, e: ExposureEntry): ExposureEntry | null {
  return (
    report?.entries.find(
      (x) => x.proto === e.proto && x.port === e.port && x.interface === e.interface && x.via === e.via,
    ) ?? null
  );
}

/** The exposure slice's actions. */
export function createExposureActions(set: SetState, get: GetState, source: FirewallSource): ExposureActions {
  const patch = (p: Partial<ExposureView>): void =>
    set((s) => (s.exposure ? { exposure: { ...s.exposure, ...p } } : {}));

  // Each opening reads anew: an answer that arrives after the view was closed or opened again is dropped.
  let opening = 0;
  const actions: ExposureActions = {
    async openExposure() {
      const s = get();
      const family = s.family;
      const fresh: ExposureView = { family, reading: true, answer: null, error: null, selected: 0 };
      const mine = ++opening;
      const land = (p: Partial<ExposureView>): void => {
        if (mine === opening) patch(p);
      };
      set({ exposure: fresh, overlay: { kind: 'exposure' } });
      if (!source.exposure) {
        const why = source.live
          ? 'what listens here cannot be read through this source'
          : 'exposure needs the live firewall: a saved file has no listening sockets';
        return land({ reading: false, error: why });
      }
      try {
        const answer = await source.exposure(family, runningRules(s, family));
        land({ reading: false, answer });
      } catch (e) {
        land({ reading: false, error: e instanceof Error ? e.message : String(e) });
      }
    },

    closeExposure() {
      opening++;
      set({ exposure: null, overlay: null });
    },

    moveInExposure(delta) {
      const v = get().exposure;
      const count = v?.answer?.report.entries.length ?? 0;
      if (v) patch({ selected: Math.max(0, Math.min(v.selected + delta, count - 1)) });
    },

    askExposureFix() {
      const s = get();
      const entry = selectedExposure(s);
      const v = s.exposure;
      if (!entry || !v) return;
      const first = exposureFix(entry, filterOf(s, v.family), v.family);
      if (!first.ok) return set({ notice: first.why });
      const what = `${entry.proto}/${entry.port} on ${entry.interface}`;
      const label = `Close ${what}; keep allowed from (one network, Enter: none):`;
      s.actions.askFor('exposureAllow', label, (typed) => {
        const now = get();
        const chosen = selectedExposure(now);
        const fix =
          chosen && now.exposure
            ? exposureFix(chosen, filterOf(now, now.exposure.family), now.exposure.family, typed)
            : null;
        if (!fix?.ok) return fix?.why ?? 'the entry is gone';
        set({ overlay: { kind: 'exposure' } });
        actions.stageExposureFix(typed);
        return null;
      });
    },

    stageExposureFix(allowed) {
      const s = get();
      const entry = selectedExposure(s);
      const v = s.exposure;
      const filter = v ? filterOf(s, v.family) : undefined;
      if (!entry || !v || !filter) return false;
      const fix = exposureFix(entry, filter, v.family, allowed);
      if (!fix.ok) {
        set({ notice: fix.why });
        return false;
      }
      if (!s.actions.stageAll([{ family: v.family, live: filter, edit: fix.edit }])) return false;
      set({ notice: `staged: ${fix.words}; c reviews` });
      return true;
    },
  };
  return actions;
}

/** The live filter table of `family`, as read. */
const filterOf = (s: AppState, family: Family) => s.views[family]?.tables.find((t) => t.name === 'filter');
