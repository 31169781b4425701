/**
 * The lockout check in the commit review: when it opens, the staged rules of
 * each changed family are asked what they do with the admin's SSH session.
 * Warnings show at the top; applying then needs LOCKOUT typed.
 */
import type { TablePlan } from '../domain/commit/commit-plan.js';
import { LOCKOUT_WORD, lockoutCheck, protectedLine, statusText } from '../domain/analysis/lockout.js';
import { withTables, type Family, type Ruleset, type RulesetSets, type Table } from '../domain/model/ruleset.js';
import type { AppState, LockoutCheck } from './app-state.js';
import { setPlans } from './set-staging.js';
import type { AppStore, GetState, SetState } from './slice.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { commitPlans } from './staging.js';
import { patchCommit } from './overlay-slice.js';
import { commitOf, policyAdviceOf } from './selectors.js';
import type { Edit } from '../domain/edit/edits.js';
import { inputDropAdvice, type DropAdvice } from '../domain/analysis/ssh-fix.js';
import { familyLabel } from '../domain/model/family-label.js';

export interface LockoutActions {
  /** Runs the check for the commit under review (called when the review opens). */
  checkLockout(): Promise<void>;
  /** A letter typed towards LOCKOUT, or null to erase one. */
  typeLockout(input: string | null): void;
  /** `p` on filter INPUT: works out what DROP would do to new SSH connections (shown in the policy prompt). */
  advisePolicy(): void;
  /** The prompt's fix as one key: accept ESTABLISHED and SSH, then the DROP policy. */
  dropWithSshAccept(): void;
}

declare module './slice.js' {
  interface AppActions extends LockoutActions {}
}

const CHECKING = 'checking whether these rules cut off SSH…';

/** Why `y` may not apply yet, or null when it may. */
export function lockoutHold(s: AppState): string | null {
  const check = commitOf(s)?.lockout;
  if (!check) return null;
  if (check.state === 'checking') return CHECKING;
  if (check.warnings.length > 0 && check.typed !== LOCKOUT_WORD)
    return `these rules may lock you out: type ${LOCKOUT_WORD}, then y, to apply anyway (Esc goes back)`;
  return null;
}

/** One family's running rules and the same with the plans' staged tables in place. */
export function stagedFamily(
  family: Family,
  live: readonly Table[],
  plans: readonly TablePlan[],
  sets?: RulesetSets,
  stagedSets: RulesetSets | undefined = sets,
): { live: Ruleset; staged: Ruleset } {
  const running: Ruleset = { family, tables: live, warnings: [], sets };
  const tables = plans.filter((p) => p.family === family).map((p) => p.staged);
  return { live: running, staged: withTables({ ...running, sets: stagedSets }, { ...running, tables }) };
}

/** The namespace's addresses and, when `tables` rewrite destinations, its routing (read if not yet); none: unknown. */
async function namespaceFacts(s: AppStore, family: Family, tables: readonly Table[]): Promise<Partial<Ruleset>> {
  const routing = await s.actions.routingFor(family, tables);
  return { ...(s.localAddresses ? { localAddresses: s.localAddresses } : {}), ...(routing ? { routing } : {}) };
}

/** The sshd ports and interfaces the policy advice uses: 22 and "unknown" until the source has said. */
interface Reach {
  ports: readonly number[];
  interfaces: readonly string[] | null;
}

/** The lockout slice's actions (its check lives in the commit review, its advice in the policy question). */
export function createLockoutActions(set: SetState, get: GetState, source: FirewallSource): LockoutActions {
  const stage = (edit: Edit): boolean => get().actions.stage(edit);
  let reach: Reach = { ports: [22], interfaces: null };
  let asked = false;
  /** The advice for the current family's staged rules; null off filter INPUT. */
  const advice = (s: AppState): DropAdvice | null => {
    if (s.table !== 'filter' || s.chain !== 'INPUT') return null;
    const { staged } = stagedFamily(s.family, s.views[s.family]?.tables ?? [], commitPlans(s.staging), s.sets);
    // Where a DNAT sends SSH (the namespace's routing): advised without it now, again once it is read.
    const routing = get().actions.routingFor(s.family, staged.tables);
    if (routing instanceof Promise) void routing.then((facts) => (facts ? showAdvice() : undefined));
    const locals = s.localAddresses ? { localAddresses: s.localAddresses } : {};
    const known = routing && !(routing instanceof Promise) ? { routing } : {};
    return inputDropAdvice({ ...staged, ...locals, ...known }, reach.ports, reach.interfaces);
  };
  const showAdvice = (): void => {
    const s = get();
    if (s.overlay?.kind !== 'policy') return;
    const a = advice(s);
    set({ overlay: { kind: 'policy', advice: a }, notice: a?.warning ?? null });
  };
  const update = (patch: Partial<LockoutCheck>): void =>
    set((s) => patchCommit(s, (c) => (c.lockout ? { lockout: { ...c.lockout, ...patch } } : {})));
  /** A `y` pressed during the check left "checking…" in the status line: say what holds now. */
  const settled = (): void =>
    set((s) => (s.notice === CHECKING ? { notice: lockoutHold(s) ?? 'lockout check done: y applies' } : {}));
  return {
    async checkLockout() {
      const s = get();
      if (!commitOf(s) || !source.protect) return;
      set(patchCommit(s, () => ({ lockout: { state: 'checking', warnings: [], who: '', typed: '' } })));
      const plans = commitPlans(s.staging);
      // Staged set members decide the staged rules' -m set matches ("my own address is in the blacklist"), in
      // every family whose rules may use them, even in a commit that changes no rule.
      const setsChange = setPlans(s.setStaging).length > 0;
      try {
        const protect = await source.protect();
        const families = [...new Set([...plans.map((p) => p.family), ...(setsChange ? s.families : [])])];
        const reports: { f: Family; report: ReturnType<typeof lockoutCheck> }[] = [];
        for (const f of families) {
          // A set member that expires before the admin can confirm makes an answer that needs it uncertain.
          const sets = s.sets && { ...s.sets, horizonSec: source.safety?.timeoutSec ?? 0 };
          const withStaged = sets && s.setStaging.staged ? { ...sets, byName: s.setStaging.staged } : sets;
          const { live, staged } = stagedFamily(f, get().views[f]?.tables ?? [], plans, sets, withStaged);
          // Where a DNAT or REDIRECT sends SSH: the namespace's addresses and routing, as T and trace know them.
          const facts = await namespaceFacts(get(), f, [...live.tables, ...staged.tables]);
          reports.push({ f, report: lockoutCheck({ ...staged, ...facts }, { ...live, ...facts }, protect) });
        }
        const warnings = reports.flatMap(({ f, report }) =>
          report.warnings.map((w) => `${familyLabel(f)}: ${w.message}`),
        );
        // Said only for what was established: "SSH stays open" when every checked packet is accepted.
        const prefix = (f: Family): string => (families.length > 1 ? `${familyLabel(f)}: ` : '');
        const summary = reports.map(({ f, report }) => `${prefix(f)}${statusText(report.status)}`);
        update({ state: 'done', warnings, who: protectedLine(protect), summary });
      } catch (e) {
        // A check that cannot run must not look like a pass.
        update({
          state: 'done',
          warnings: [`the lockout check failed: ${e instanceof Error ? e.message : String(e)}`],
          who: '',
        });
      }
      settled();
    },
    advisePolicy() {
      showAdvice();
      // sshd's real ports and the namespace's interfaces, once known, may change the answer (asked once per run).
      if (!source.protect || asked) return;
      asked = true;
      source.protect().then(
        (p) => {
          reach = { ports: p.sshPorts, interfaces: p.interfaces ?? null };
          showAdvice();
        },
        () => {},
      );
    },
    dropWithSshAccept() {
      const s = get();
      const a = policyAdviceOf(s);
      set({ overlay: null });
      if (!a || a.inserts.length === 0) return;
      for (const i of a.inserts) if (!stage({ kind: 'insert', chain: 'INPUT', at: i.at, spec: i.spec })) return;
      if (stage({ kind: 'policy', chain: 'INPUT', policy: 'DROP' })) {
        const accepts = a.inserts.length > 1 ? 'ESTABLISHED and SSH' : 'SSH';
        const where = a.inserts.map((i) => `rule ${i.at + 1}`).join(' and ');
        set({ notice: `staged: ${where} accepting ${accepts}, then policy DROP` });
      }
    },
    typeLockout(input) {
      const check = commitOf(get())?.lockout;
      if (!check) return;
      update({ typed: input === null ? check.typed.slice(0, -1) : (check.typed + input).slice(0, 16) });
    },
  };
}
