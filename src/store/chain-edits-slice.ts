/**
 * The chain edits: a built-in chain's policy (p), new, renamed, deleted and
 * flushed chains, each asked first and then staged through the staging slice.
 * No state of its own.
 */
import { withOwnerWarning } from '../domain/model/chain-owners.js';
import { chainInUse, chainNameProblem, EditError, type Edit } from '../domain/edit/edits.js';
import type { Policy } from '../domain/model/ruleset.js';
import { currentChain, currentTable, liveTable } from './selectors.js';
import type { AppStore, GetState, SetState } from './slice.js';
import { stageEdit } from './staging.js';

export interface ChainEditActions {
  /** `p`: asks for the policy of the selected built-in chain. */
  askPolicy(): void;
  setPolicy(policy: Policy): void;
  askNewChain(): void;
  askRenameChain(): void;
  askDeleteChain(): void;
  askFlush(): void;
}

declare module './slice.js' {
  interface AppActions extends ChainEditActions {}
}

const userChain = (s: AppStore): boolean => currentChain(s)?.policy === null;

/** The chain edits' actions. */
export function createChainEditActions(set: SetState, get: GetState): ChainEditActions {
  /**
   * The typed name of a new or renamed chain staged, or the problem with it
   * (a refused name keeps the prompt open).
   */
  function nameChain(action: 'newChain' | 'renameChain', typed: string): string | null {
    const s = get();
    const value = typed.trim();
    const problem = chainNameProblem(value);
    if (problem) return problem;
    const edit: Edit =
      action === 'newChain' ? { kind: 'newChain', chain: value } : { kind: 'renameChain', chain: s.chain, to: value };
    if (action === 'renameChain' && value === s.chain) {
      set({ overlay: null });
      return null;
    }
    const live = liveTable(s);
    try {
      if (live) stageEdit(s.staging, live, s.family, edit); // check first
    } catch (e) {
      if (e instanceof EditError) return e.message;
      throw e;
    }
    set({ overlay: null });
    if (get().actions.stage(edit)) set({ chain: value, focus: 'rules' });
    return null;
  }

  return {
    askPolicy() {
      const s = get();
      if (!currentChain(s)) return;
      if (userChain(s)) {
        const why = 'it has no policy; packets that reach its end go back to the rule after the jump';
        return set({ notice: `${s.chain} is a user chain: ${why}` });
      }
      set({ overlay: { kind: 'policy', advice: null } });
      s.actions.advisePolicy();
    },

    setPolicy(policy) {
      const s = get();
      set({ overlay: null });
      if (currentChain(s)?.policy !== policy) get().actions.stage({ kind: 'policy', chain: s.chain, policy });
    },

    askNewChain: () =>
      get().actions.askFor('newChain', `New chain in ${get().table}:`, (typed) => nameChain('newChain', typed)),

    askRenameChain() {
      const s = get();
      if (!currentChain(s)) return;
      if (!userChain(s)) return set({ notice: `${s.chain} is a built-in chain: it cannot be renamed` });
      const label = `Rename ${s.chain} to (every jump to it follows):`;
      s.actions.askFor('renameChain', label, (typed) => nameChain('renameChain', typed), s.chain);
    },

    askDeleteChain() {
      const s = get();
      const table = currentTable(s);
      const chain = currentChain(s);
      if (!table || !chain) return;
      if (!userChain(s)) return set({ notice: `${s.chain} is a built-in chain: it cannot be deleted (F flushes it)` });
      const inUse = chainInUse(table, s.chain);
      if (inUse) return set({ notice: inUse });
      const rules = chain.rules.length > 0 ? ` and its ${chain.rules.length} rules` : '';
      s.actions.ask(withOwnerWarning(s.chain, `Delete chain ${s.chain}${rules}?`), 'deleteChain', () => {
        const name = get().chain;
        if (!get().actions.stage({ kind: 'deleteChain', chain: name })) return;
        set({ chain: currentTable(get())?.chains[0]?.name ?? '' });
      });
    },

    askFlush() {
      const s = get();
      const chain = currentChain(s);
      if (!chain) return;
      if (chain.rules.length === 0) return set({ notice: `${s.chain} has no rules` });
      s.actions.ask(withOwnerWarning(s.chain, `Remove all ${chain.rules.length} rules of ${s.chain}?`), 'flush', () => {
        get().actions.stage({ kind: 'flushChain', chain: get().chain }, 0);
      });
    },
  };
}
