/** The sets panel's keys (`s`): the list of sets, a set's members, the rules that use a set. */
import type { AppState } from '../../store/app-state.js';
import { stagedEditCount } from '../../store/selectors.js';
import { openSet } from '../../store/set-selectors.js';
import type { Binding, KeyContext, ModeKeys } from '../keys/key-binding.js';

/** Cursor keys of the panel's lists: j/k, arrows, PgUp/PgDn, Home/End. */
const moves = (): Binding[] => [
  {
    command: 'down',
    keys: [{ input: 'j' }, { key: 'downArrow' }],
    description: 'next',
    handler: (c) => c.a.moveInSets(1),
  },
  {
    command: 'up',
    keys: [{ input: 'k' }, { key: 'upArrow' }],
    description: 'previous',
    handler: (c) => c.a.moveInSets(-1),
  },
  {
    command: 'pageDown',
    keys: [{ key: 'pageDown' }, { input: ' ' }],
    description: 'one page down',
    handler: (c) => c.a.moveInSets(c.page),
  },
  { command: 'pageUp', keys: [{ key: 'pageUp' }], description: 'one page up', handler: (c) => c.a.moveInSets(-c.page) },
  {
    command: 'top',
    keys: [{ key: 'home' }, { input: 'g' }],
    description: 'first',
    handler: (c) => c.a.moveInSets(-1e9),
  },
  {
    command: 'bottom',
    keys: [{ key: 'end' }, { input: 'G' }],
    description: 'last',
    handler: (c) => c.a.moveInSets(1e9),
  },
];

const selected = (s: AppState): string | null => s.setsPanel?.name ?? null;
const noSet = (s: AppState): string | null => (selected(s) ? null : 'no set selected');
const name = (c: KeyContext): string => selected(c.s) ?? '';

const users: Binding = {
  command: 'users',
  keys: [{ input: 'r' }],
  description: 'the rules that use it',
  disabledReason: noSet,
  handler: (c) => c.a.showSetUsers(),
};
const add: Binding = {
  command: 'add',
  keys: [{ input: 'a' }],
  description: 'add members (one, or paste a list)',
  disabledReason: noSet,
  handler: (c) => c.a.askAddMembers(name(c)),
};
/** c: the review of every staged edit, as from the rule list. */
const review: Binding = {
  command: 'commit',
  keys: [{ input: 'c' }],
  description: 'review the staged edits, then apply',
  disabledReason: (s) => (stagedEditCount(s) > 0 ? null : 'nothing is staged'),
  handler: (c) => c.a.openCommit(),
};
const undo: Binding = { command: 'undo', keys: [{ input: 'u' }], description: 'undo', handler: (c) => c.a.undo() };
/** Help over the panel; closing it comes back here. */
const help: Binding = {
  command: 'help',
  keys: [{ input: '?' }],
  description: 'help',
  handler: (c) => c.a.toggleHelp(),
};

/** The panel's keys for the status bar, each shown only while it applies (c with staged edits). */
const STATUS = [
  { command: 'commit', text: 'review' },
  { command: 'undo', text: 'undo' },
  { command: 'help', text: 'help' },
];
/** Any key in the panel: the notice of the moment (e.g. a search that found nothing) has been read. */
const dismiss = (c: KeyContext): void => {
  if (c.s.notice) c.a.dismissNotice();
};

/** s: the namespace's sets. */
export const SETS_KEYS: ModeKeys = {
  title: 'IP sets (s)',
  statusHints: STATUS,
  beforeKey: dismiss,
  bindings: [
    {
      command: 'close',
      keys: [{ key: 'escape' }, { input: 'q' }, { input: 's' }],
      description: 'back to the rules',
      handler: (c) => c.a.closeSets(),
    },
    {
      command: 'open',
      keys: [{ key: 'return' }],
      description: 'its members',
      disabledReason: noSet,
      handler: (c) => c.a.enterInSets(),
    },
    ...moves(),
    {
      command: 'search',
      keys: [{ input: '/' }],
      description: 'find a set by name (in its members, / finds members)',
      handler: (c) => c.a.askSetByName(),
    },
    users,
    { command: 'new', keys: [{ input: 'n' }], description: 'new set (staged)', handler: (c) => c.a.askNewSet() },
    add,
    {
      command: 'destroy',
      keys: [{ input: 'D' }],
      description: 'destroy the set (asks; not while a rule uses it)',
      disabledReason: noSet,
      handler: (c) => c.a.askDestroySet(name(c)),
    },
    review,
    undo,
    help,
  ],
};

/** Enter in the sets list: one set's members. */
export const SET_MEMBERS_KEYS: ModeKeys = {
  title: 'A set’s members (s, Enter)',
  statusHints: STATUS,
  beforeKey: dismiss,
  bindings: [
    {
      command: 'back',
      keys: [{ key: 'escape' }, { input: 'q' }],
      description: 'all members again after a find, else back to the sets',
      handler: (c) => c.a.backInSets(),
    },
    ...moves(),
    {
      command: 'search',
      keys: [{ input: '/' }],
      description: 'find members: an address finds the entries holding it, a network also those inside it',
      handler: (c) => c.a.askSetSearch(),
    },
    add,
    {
      command: 'remove',
      keys: [{ input: 'x' }],
      description: 'remove the member (staged)',
      disabledReason: (s) => (memberAt(s) ? null : 'no member selected'),
      handler: (c) => {
        const m = memberAt(c.s);
        if (m) c.a.removeMember(name(c), m);
      },
    },
    users,
    review,
    undo,
    help,
  ],
};

/** r in the sets panel: the rules that use the set. */
export const SET_USERS_KEYS: ModeKeys = {
  title: 'Rules using a set (s, r)',
  statusHints: [{ command: 'help', text: 'help' }],
  beforeKey: dismiss,
  bindings: [
    {
      command: 'back',
      keys: [{ key: 'escape' }, { input: 'q' }],
      description: 'back to the sets',
      handler: (c) => c.a.backInSets(),
    },
    { command: 'jump', keys: [{ key: 'return' }], description: 'go to the rule', handler: (c) => c.a.enterInSets() },
    ...moves(),
    help,
  ],
};

/** The element under the members cursor, or null. */
export function memberAt(s: AppState): string | null {
  const p = s.setsPanel;
  const set = openSet(s);
  if (!p || !set) return null;
  const index = p.hits ? p.hits[p.member] : p.member;
  return index === undefined ? null : (set.members[index]?.elem ?? null);
}

/** The sets panel's mode for its view. */
export function setsMode(s: AppState): ModeKeys {
  const view = s.setsPanel?.view;
  return view === 'members' ? SET_MEMBERS_KEYS : view === 'users' ? SET_USERS_KEYS : SETS_KEYS;
}
