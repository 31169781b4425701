/**
 * The rule editor's logic without the store: the arguments the editor
 * holds, its checks, Tab completion, and typing into fields. Pure.
 */
import { joinArgs, QuotingError, splitArgs } from '../domain/text/quoting.js';
import { checkRule, KNOWN_TARGETS, LOG_LEVELS, REJECT_TYPES } from '../domain/edit/rule-check.js';
import { missingInterfaceWarnings } from '../domain/model/interface-names.js';
import { argsToForm, formToArgs, visibleFields, type FieldId } from '../domain/edit/rule-form.js';
import type { Family, Table } from '../domain/model/ruleset.js';
import { parseRuleView } from '../domain/model/rule-view.js';
import { everyPacketVerb } from '../domain/analysis/staged-shadows.js';
import type { EditorState } from './app-state.js';

const PROTOCOLS = ['tcp', 'udp', 'icmp', 'ipv6-icmp', 'sctp', 'dccp', 'udplite', 'esp', 'ah', 'gre', 'all'];
const STATES = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT'];
const ICMP_TYPES: Readonly<Record<Family, readonly string[]>> = {
  ipv4: [
    'echo-request',
    'echo-reply',
    'destination-unreachable',
    'time-exceeded',
    'parameter-problem',
    'fragmentation-needed',
    'any',
  ],
  ipv6: [
    'echo-request',
    'echo-reply',
    'destination-unreachable',
    'packet-too-big',
    'time-exceeded',
    'parameter-problem',
    'neighbour-solicitation',
    'neighbour-advertisement',
    'router-solicitation',
    'router-advertisement',
  ],
};

/** The arguments the editor holds now, or the reason they cannot be read. */
export function editorArgs(
  e: Pick<EditorState, 'mode' | 'form' | 'raw' | 'family'>,
): { args: string[] } | { error: string } {
  if (e.mode === 'form') return { args: formToArgs(e.form, e.family) };
  try {
    return { args: splitArgs(e.raw) };
  } catch (err) {
    if (err instanceof QuotingError) return { error: err.message };
    throw err;
  }
}

/** The rule text the editor would stage ('' for a rule without matches or target). */
export function editorSpec(e: EditorState): string | null {
  const read = editorArgs(e);
  return 'args' in read ? joinArgs(read.args) : null;
}

/** Our own checks of what is typed. */
export function editorProblems(e: EditorState, table: Table): string[] {
  const read = editorArgs(e);
  if ('error' in read) return [read.error];
  return checkRule(read.args, { family: e.family, table, chain: e.chain });
}

/**
 * A warning for a rule that matches every packet (`-j ACCEPT` with no match,
 * what a bare Enter in a new rule's form gives): Enter must not stage it
 * without the admin seeing this first. Null for an unchanged rule.
 */
export function editorCaution(e: EditorState, table: Table): string | null {
  const read = editorArgs(e);
  if ('error' in read || (e.purpose.kind === 'replace' && joinArgs(read.args) === e.purpose.spec)) return null;
  const verb = everyPacketVerb(parseRuleView(read.args));
  if (!verb) return null;
  const rules = table.chains.find((c) => c.name === e.chain)?.rules.length ?? 0;
  const below = rules - e.purpose.at - (e.purpose.kind === 'replace' ? 1 : 0);
  const first = e.purpose.at + 2;
  // The rules below are consecutive: one range (at 100k rules, no list of numbers on every keystroke).
  const which = below === 1 ? `rule ${first} below` : `rules ${first}-${first + below - 1} below`;
  return `this rule ${verb}${below > 0 ? `: ${which} would never be reached` : ''}`;
}

/** What is allowed but worth saying: interfaces that do not exist now. */
export function editorWarnings(e: EditorState): string[] {
  const read = editorArgs(e);
  return 'args' in read ? missingInterfaceWarnings(read.args, e.interfaces ?? null) : [];
}

/** The field the cursor is on (form mode). */
export function currentField(e: EditorState): FieldId {
  const fields = visibleFields(e.form);
  return fields[Math.min(e.field, fields.length - 1)]!;
}

/** Switches form <-> raw, carrying every word across. */
export function toggledMode(
  e: EditorState,
): Pick<EditorState, 'mode' | 'form' | 'raw' | 'field' | 'rawSelected'> | { error: string } {
  if (e.mode === 'form') {
    const raw = joinArgs(formToArgs(e.form, e.family));
    return { mode: 'raw', form: e.form, raw, field: e.field, rawSelected: raw !== '' };
  }
  const read = editorArgs(e);
  if ('error' in read) return read;
  return { mode: 'form', form: argsToForm(read.args), raw: e.raw, field: 0, rawSelected: false };
}

/** Types text at the end of the current field (or the raw line; a selected raw line is replaced). */
export function typed(e: EditorState, text: string): Pick<EditorState, 'form' | 'raw' | 'rawSelected'> {
  if (e.mode === 'raw') return { form: e.form, raw: (e.rawSelected ? '' : e.raw) + text, rawSelected: false };
  const field = currentField(e);
  return { form: { ...e.form, [field]: e.form[field] + text }, raw: e.raw };
}

/** Removes the last character (or the whole field / line with `all`). */
export function erased(e: EditorState, all = false): Pick<EditorState, 'form' | 'raw' | 'rawSelected'> {
  const cut = (v: string): string => (all ? '' : [...v].slice(0, -1).join(''));
  if (e.mode === 'raw') return { form: e.form, raw: cut(e.raw), rawSelected: false };
  const field = currentField(e);
  return { form: { ...e.form, [field]: cut(e.form[field]) }, raw: e.raw };
}

function targetNames(table: Table, chain: string): string[] {
  const users = table.chains.filter((c) => c.policy === null && c.name !== chain).map((c) => c.name);
  return [...new Set(['ACCEPT', 'DROP', 'REJECT', 'LOG', 'RETURN', ...users, ...KNOWN_TARGETS])];
}

/** Candidates for a word, given what it follows (a field id or the option before it in raw mode). */
function candidates(
  kind: string,
  family: Family,
  table: Table,
  chain: string,
  interfaces: readonly string[],
): readonly string[] {
  switch (kind) {
    case 'inInterface':
    case 'outInterface':
    case '-i':
    case '-o':
    case '--in-interface':
    case '--out-interface':
      return interfaces;
    case 'target':
    case '-j':
    case '--jump':
      return targetNames(table, chain);
    case '-g':
    case '--goto':
      return table.chains.filter((c) => c.policy === null && c.name !== chain).map((c) => c.name);
    case 'protocol':
    case '-p':
    case '--protocol':
      return PROTOCOLS;
    case 'state':
    case '--ctstate':
    case '--state':
      return STATES;
    case 'rejectWith':
    case '--reject-with':
      return REJECT_TYPES[family];
    case 'logLevel':
    case '--log-level':
      return LOG_LEVELS;
    case 'icmpType':
    case '--icmp-type':
    case '--icmpv6-type':
      return ICMP_TYPES[family];
    default:
      return [];
  }
}

const commonPrefix = (words: readonly string[]): string =>
  words.reduce((p, w) => {
    let i = 0;
    while (i < p.length && i < w.length && p[i]!.toLowerCase() === w[i]!.toLowerCase()) i++;
    return p.slice(0, i);
  });

/**
 * Tab: completes the word being typed (target, chain, protocol, state, reject
 * type, log level). One match fills it in; several fill their common start and
 * are listed.
 */
export function completed(e: EditorState, table: Table): Pick<EditorState, 'form' | 'raw' | 'completions'> {
  let word: string;
  let kind: string;
  if (e.mode === 'raw') {
    const parts = e.raw.split(' ');
    word = parts[parts.length - 1] ?? '';
    kind = parts[parts.length - 2] ?? '';
  } else {
    kind = currentField(e);
    const value = e.form[currentField(e)];
    // State lists complete their last item.
    word = kind === 'state' ? (value.split(',').pop() ?? '') : value;
  }
  const all = candidates(kind, e.family, table, e.chain, e.interfaces ?? []);
  const hits = all.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()));
  if (hits.length === 0) return { form: e.form, raw: e.raw, completions: [] };
  const fill = hits.length === 1 ? hits[0]! : commonPrefix(hits);
  const replace = (value: string): string =>
    value.slice(0, value.length - word.length) + (fill.length >= word.length ? fill : word);
  if (e.mode === 'raw') return { form: e.form, raw: replace(e.raw), completions: hits.length > 1 ? hits : [] };
  const field = currentField(e);
  return { form: { ...e.form, [field]: replace(e.form[field]) }, raw: e.raw, completions: hits.length > 1 ? hits : [] };
}
