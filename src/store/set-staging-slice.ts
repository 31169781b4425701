/**
 * The set staging slice: IP set edits staged over the sets as read (create, add members, remove one, destroy),
 * with the prompts and questions that stage them. Sets of other programs are read-only until the admin says to
 * edit one anyway; a set still used by a rule (read or staged) is not destroyed. The commit slice applies them.
 */
import type { IpSet } from '../domain/sets/ip-set.js';
import { parseMemberList } from '../domain/sets/member-list.js';
import { parseCreate } from '../domain/sets/set-create.js';
import { EDITABLE_TYPES, isEditableType } from '../domain/sets/set-elements.js';
import { describeSetEdit, setEditName, SetEditError, type SetEdit } from '../domain/sets/set-edits.js';
import { setOwner } from '../domain/sets/set-owner.js';
import { userText } from '../domain/sets/set-users.js';
import { liveSets, shownSets, usersOf } from './set-selectors.js';
import { NO_SET_STAGING, redoSetEdit, stageSetEdit, undoSetEdit, type SetStaging } from './set-staging.js';
import type { GetState, SetState } from './slice.js';

export interface SetStagingState {
  readonly setStaging: SetStaging;
}

export interface SetStagingActions {
  /** Stages a set edit; false (with a notice) when it cannot be made. Asks first for another program's set. */
  stageSet(edit: SetEdit): boolean;
  /** `n` in the sets panel: asks for the new set's name, type and options. */
  askNewSet(): void;
  /** `a`: asks for members to add to set `name` (one, or a pasted list). */
  askAddMembers(name: string): void;
  /** `x` on a member: stages its removal. */
  removeMember(name: string, elem: string): void;
  /** `D`: asks, then stages destroying set `name`; refused while a rule uses it. */
  askDestroySet(name: string): void;
  undoSet(): void;
  redoSet(): void;
}

declare module './app-state.js' {
  interface AppState extends SetStagingState {}
}
declare module './slice.js' {
  interface AppActions extends SetStagingActions {}
}

export const initialSetStaging = (): SetStagingState => ({ setStaging: NO_SET_STAGING });

/** The set staging slice's actions. */
export function createSetStagingActions(set: SetState, get: GetState): SetStagingActions {
  /** Back to the sets panel after its prompt or question (the panel stays open under them). */
  const backToPanel = (): void => set((s) => ({ overlay: s.setsPanel ? { kind: 'sets' } : null }));

  function stageNow(edit: SetEdit): boolean {
    const s = get();
    try {
      const e = { edit, afterRules: s.staging.edits.length };
      set({
        setStaging: stageSetEdit(s.setStaging, liveSets(s), e, s.sets?.readAt),
        notice: `staged: ${describeSetEdit(edit)}`,
      });
      get().actions.refreshSetsPanel();
      return true;
    } catch (e) {
      if (!(e instanceof SetEditError)) throw e;
      set({ notice: e.message });
      return false;
    }
  }

  /** A set that can take members here: exists, and of a type the view edits. */
  function editable(name: string): IpSet | string {
    const target = shownSets(get()).get(name);
    if (!target) return `there is no set ${name}`;
    if (!isEditableType(target.type) || target.family === null)
      return `set ${name} is ${target.type}: the view edits ${EDITABLE_TYPES.join(', ')} sets`;
    return target;
  }

  const actions: SetStagingActions = {
    stageSet(edit) {
      const s = get();
      const name = setEditName(edit);
      const owner = edit.kind === 'create' ? null : setOwner(name);
      if (!owner || s.setStaging.forced.includes(name)) return stageNow(edit);
      const question =
        `Set ${name} belongs to ${owner}, which adds and removes its members itself and recreates it when it ` +
        `restarts; your change may not last. Edit it anyway?`;
      s.actions.ask(question, 'editForeignSet', () => {
        set((st) => ({ setStaging: { ...st.setStaging, forced: [...st.setStaging.forced, name] } }));
        backToPanel();
        stageNow(edit);
      });
      return false;
    },

    askNewSet() {
      const s = get();
      const fam = s.family === 'ipv4' ? 'IPv4' : 'IPv6';
      s.actions.askFor('newSet', `New ${fam} set (NAME TYPE [timeout S] [counters] [comment] [maxelem N]):`, (t) => {
        const made = parseCreate(t, get().family);
        if (typeof made === 'string') return made;
        backToPanel();
        if (actions.stageSet({ kind: 'create', set: made })) get().actions.selectSet(made.name);
        return null;
      });
    },

    askAddMembers(name) {
      const target = editable(name);
      if (typeof target === 'string') return set({ notice: target });
      get().actions.askFor('addMembers', `Add to ${name}:`, (text) => {
        const now = editable(name);
        if (typeof now === 'string') return now;
        const list = parseMemberList(text, now.type as Parameters<typeof parseMemberList>[1], familyOf(now));
        if (list.problems.length > 0) return list.problems.join('; ');
        const have = new Set(now.members.map((m) => m.elem));
        const fresh = list.elements.filter((e) => !have.has(e));
        backToPanel();
        if (fresh.length === 0) {
          set({ notice: `nothing added: ${list.elements.length === 1 ? 'it is' : 'they are all'} in ${name} already` });
          return null;
        }
        const staged = actions.stageSet({ kind: 'add', name, elements: fresh });
        const already = list.elements.length - fresh.length;
        if (staged && already > 0)
          set({ notice: `staged: ${fresh.length} added to ${name} (${already} already in it)` });
        return null;
      });
    },

    removeMember(name, elem) {
      const target = editable(name);
      if (typeof target === 'string') return set({ notice: target });
      actions.stageSet({ kind: 'remove', name, elem });
    },

    askDestroySet(name) {
      const s = get();
      if (!shownSets(s).has(name)) return set({ notice: `there is no set ${name}` });
      const users = usersOf(s, name);
      if (users.length > 0) {
        const named = users.map((u) => `${u.family === 'ipv4' ? 'IPv4' : 'IPv6'} ${userText(u)}`).join(', ');
        return set({ notice: `set ${name} is used by ${named}: delete those rules first` });
      }
      s.actions.ask(
        `Destroy set ${name} with its ${shownSets(s).get(name)!.members.length} member(s)?`,
        'destroySet',
        () => {
          backToPanel();
          actions.stageSet({ kind: 'destroy', name });
        },
      );
    },

    undoSet() {
      const r = undoSetEdit(get().setStaging);
      if (!r) return set({ notice: 'nothing to undo' });
      set({ setStaging: r.staging, notice: `undone: ${describeSetEdit(r.edit.edit)}` });
      get().actions.refreshSetsPanel();
    },

    redoSet() {
      const s = get();
      try {
        const r = redoSetEdit(s.setStaging, liveSets(s), s.sets?.readAt);
        if (!r) return set({ notice: 'nothing to redo' });
        set({ setStaging: r.staging, notice: `redone: ${describeSetEdit(r.edit.edit)}` });
        get().actions.refreshSetsPanel();
      } catch (e) {
        if (!(e instanceof SetEditError)) throw e;
        set({ notice: `cannot redo: ${e.message}` });
      }
    },
  };
  return actions;
}

const familyOf = (set: IpSet): 'ipv4' | 'ipv6' => (set.family === 'inet6' ? 'ipv6' : 'ipv4');
