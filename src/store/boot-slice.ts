/**
 * Saving for boot from the view: the header knows whether the running rules
 * differ from the boot files, D shows how, S saves (asks first; refused while
 * a commit is pending: unconfirmed rules never reach a boot file).
 */
import type { Family } from '../domain/model/ruleset.js';
import type { BootView, FamilyView } from './app-state.js';
import type { GetState, SetState } from './slice.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { savedDiffersWords } from '../domain/boot/saved-differs.js';

/** Running vs saved for boot. */
export interface BootState {
  /** Null when this source cannot save (a file, the demo). */
  readonly boot: BootView | null;
}

/** Not compared yet. */
export const initialBoot = (): BootState => ({ boot: null });

export interface BootActions {
  /** Compares the running rules with the boot files (at start, after commits, reverts and outside changes). */
  checkSaved(): Promise<void>;
  /** S: asks to save (or says why not). */
  askSave(): void;
  /** Saves (S asks first). */
  saveToBoot(): Promise<void>;
  /** D: shows running vs saved. */
  openSaved(): void;
  scrollSaved(delta: number): void;
}

declare module './app-state.js' {
  interface AppState extends BootState {}
}
declare module './slice.js' {
  interface AppActions extends BootActions {}
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The boot slice's actions. */
export function createBootActions(
  set: SetState,
  get: GetState,
  source: FirewallSource,
  idle: (work: () => void) => void = (work) => setImmediate(work),
): BootActions {
  const boot = source.boot;
  const update = (patch: Partial<BootView>): void => set((s) => (s.boot ? { boot: { ...s.boot, ...patch } } : {}));
  let checking: Promise<void> | null = null;
  const actions: BootActions = {
    async checkSaved() {
      if (!boot) return;
      if (!get().boot) {
        const hostFilesFromNetns = boot.hostFilesFromNetns ?? null;
        const { target, warnings } = boot;
        set({ boot: { target, hostFilesFromNetns, warnings, diffs: null, scroll: 0, saving: false } });
      }
      // One comparison at a time: it reads both families in full.
      if (checking) return checking;
      checking = (async () => {
        try {
          // Reading and comparing every rule waits for idle time: at start, until the first full frame is out.
          await new Promise<void>((resolve) => idle(resolve));
          // What the view shows is compared; only a family it has not read yet is read.
          // (A table shown only as iptables -L shows an unloaded one is not running: nothing to save.)
          const known = (Object.entries(get().views) as [Family, FamilyView][]).map(([family, v]) => ({
            family,
            tables: v.tables.filter((t) => !t.unloaded),
            warnings: v.warnings,
          }));
          update({ diffs: await boot.diff(known) });
        } catch (e) {
          set({ notice: `cannot compare with the saved rules: ${message(e)}` });
        } finally {
          checking = null;
        }
      })();
      return checking;
    },
    askSave() {
      const s = get();
      if (!boot || !s.boot)
        return set({
          notice: s.live ? 'saving for boot is not available here' : 'a saved file is written with c/w, not S',
        });
      if (s.pending)
        return set({
          notice: 'a commit is pending: confirm it (Y) before saving, so unconfirmed rules never reach the boot files',
        });
      if (s.staging.edits.length > 0) set({ notice: 'note: staged edits are not applied, so they are not saved' });
      const differs = savedDiffersWords(s.boot.diffs);
      const ns = s.boot.hostFilesFromNetns;
      // A namespace's rules into the host's own boot files: they would load into the host's firewall at boot.
      const question = ns
        ? `Save the rules of network namespace ${ns} to THIS HOST's boot files ${s.boot.target}${differs}?` +
          " At boot they load into the host's own firewall."
        : `Save the running rules to ${s.boot.target}${differs}?`;
      s.actions.ask(question, ns ? 'saveHost' : 'save', () => actions.saveToBoot());
    },
    async saveToBoot() {
      if (!boot || get().boot?.saving) return;
      update({ saving: true });
      set({
        notice:
          `saving for boot: reading both families, checking with ` +
          `iptables-restore --test, writing ${get().boot?.target ?? ''}…`,
      });
      try {
        const said = await boot.save();
        set({ notice: said.trim().split('\n').join(' ') });
      } catch (e) {
        set({ notice: `not saved: ${message(e)}` });
      } finally {
        update({ saving: false });
      }
      await actions.checkSaved();
    },
    openSaved() {
      const s = get();
      if (!s.boot) return set({ notice: 'saving for boot is not available here' });
      set({ overlay: { kind: 'saved' }, boot: { ...s.boot, scroll: 0 } });
      void actions.checkSaved();
    },
    scrollSaved: (delta) => update({ scroll: Math.max(0, (get().boot?.scroll ?? 0) + delta) }),
  };
  return actions;
}
