/**
 * The edits Enter in the rule editor stages: one rule, or the rules iptables
 * makes from address lists (`-s a,b`), in the order the kernel will hold them.
 * Pure.
 */
import { expandAddressLists, hasAddressList } from '../domain/text/address-lists.js';
import type { Edit } from '../domain/edit/edits.js';
import { joinArgs, splitArgs } from '../domain/text/quoting.js';
import type { EditorState } from './app-state.js';

/** The rule texts the editor's rule becomes (more than one for address lists). */
export function editorRules(e: Pick<EditorState, 'purpose'>, spec: string): string[] {
  // A change is placed like an append: iptables -R refuses lists, so the rules follow in the order typed.
  const placement = e.purpose.kind === 'insert' && !e.purpose.append ? 'insert' : 'append';
  const args = splitArgs(spec);
  return hasAddressList(args) ? expandAddressLists(args, placement).map(joinArgs) : [spec];
}

/** The edits for what the editor holds: empty when a changed rule is as it was. */
export function editorEdits(e: Pick<EditorState, 'purpose' | 'chain'>, spec: string): Edit[] {
  const rules = editorRules(e, spec);
  const p = e.purpose;
  if (p.kind === 'insert') return rules.map((r, k) => ({ kind: 'insert', chain: e.chain, at: p.at + k, spec: r }));
  if (rules.length === 1 && rules[0] === p.spec) return [];
  const [first, ...rest] = rules;
  return [
    { kind: 'replace', chain: e.chain, at: p.at, spec: p.spec, with: first! },
    ...rest.map((r, k): Edit => ({ kind: 'insert', chain: e.chain, at: p.at + 1 + k, spec: r })),
  ];
}
