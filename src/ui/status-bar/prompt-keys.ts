/** The keys of the one-line prompts: a question with a typed answer (or `:` commands), search, policy. */
import { policyAdviceOf, promptOf } from '../../store/selectors.js';
import type { ModeKeys } from '../keys/key-binding.js';

/** Prompts that take many lines in one paste: `:` commands, members for a set. */
const PASTES_LINES: ReadonlySet<string> = new Set(['command', 'addMembers']);

const erase = {
  command: 'erase',
  keys: [{ key: 'backspace' }, { key: 'delete' }],
  description: 'erase a character',
} as const;

/** A typed answer: chain names, a position, a packet to trace, `:` iptables commands. */
export const PROMPT_KEYS: ModeKeys = {
  title: 'Prompts and the : command line',
  bindings: [
    { command: 'cancel', keys: [{ key: 'escape' }], description: 'cancel', handler: (c) => c.a.closeOverlay() },
    {
      // A line break in a paste of commands is not Enter: it starts the next command line.
      command: 'newline',
      keys: [{ key: 'return' }],
      description: 'in a paste of : commands or set members: next line',
      handler: (c) => c.a.promptType('\n'),
      disabledReason: (s, how) =>
        how?.pasted && PASTES_LINES.has(promptOf(s)?.action ?? '') ? null : 'not a pasted list of lines',
    },
    { command: 'ok', keys: [{ key: 'return' }], description: 'ok', handler: (c) => c.a.submitPrompt() },
    { ...erase, handler: (c) => c.a.promptErase() },
    { command: 'clear', keys: [{ ctrl: 'u' }], description: 'clear the answer', handler: (c) => c.a.promptErase(true) },
    {
      command: 'keep',
      keys: [{ key: 'end' }, { key: 'rightArrow' }],
      description: 'edit the prefilled answer (a typed key first replaces it)',
      handler: (c) => c.a.promptKeep(),
    },
  ],
  typing: { description: 'typed text goes into the answer', handler: (c) => c.a.promptType(c.input) },
};

/** /: the search line. */
export const SEARCH_KEYS: ModeKeys = {
  title: 'Search line (/)',
  bindings: [
    { command: 'find', keys: [{ key: 'return' }], description: 'find', handler: (c) => c.a.closeSearch(true) },
    { command: 'cancel', keys: [{ key: 'escape' }], description: 'cancel', handler: (c) => c.a.closeSearch(false) },
    { ...erase, handler: (c) => c.a.setQuery(c.s.query.slice(0, -1)) },
    { command: 'clear', keys: [{ ctrl: 'u' }], description: 'clear the search', handler: (c) => c.a.setQuery('') },
  ],
  typing: { description: 'typed text goes into the search', handler: (c) => c.a.setQuery(c.s.query + c.input) },
};

/** p: the chain's policy (staged until the commit). */
export const POLICY_KEYS: ModeKeys = {
  title: 'Policy question (p)',
  bindings: [
    {
      command: 'fix',
      keys: [{ input: 's' }, { input: 'S' }],
      description: 'accept established and SSH, then DROP',
      handler: (c) => c.a.dropWithSshAccept(),
      disabledReason: (s) => (policyAdviceOf(s)?.inserts.length ? null : 'DROP does not cut off SSH here'),
    },
    {
      command: 'drop',
      keys: [{ input: 'd' }, { input: 'D' }],
      description: 'DROP',
      handler: (c) => c.a.setPolicy('DROP'),
    },
    {
      command: 'accept',
      keys: [{ input: 'a' }, { input: 'A' }],
      description: 'ACCEPT',
      handler: (c) => c.a.setPolicy('ACCEPT'),
    },
    {
      command: 'cancel',
      keys: [{ key: 'escape' }, { input: 'q' }],
      description: 'cancel',
      handler: (c) => c.a.closeOverlay(),
    },
  ],
};
