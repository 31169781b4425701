/**
 * `-s a,b,c` and `-d x,y` are not one rule: iptables makes one rule per
 * address (per pair with both), and the order depends on the command
 * (measured with iptables 1.8.9, nft and legacy, and their -restore):
 * `-A` appends them in the order typed, sources outer, destinations inner;
 * `-I` inserts each at the same place, so they end up in the reverse order.
 * `-R` refuses a list, and `!` with a list is refused. Staging expands the
 * list here so what is staged is what the kernel will hold. Pure.
 */

import { joinArgs } from './quoting.js';
import type { Rule } from '../model/ruleset.js';

const SOURCE = new Set(['-s', '--source', '--src']);
const DESTINATION = new Set(['-d', '--destination', '--dst']);

/** How the rules are placed: appended (`-A`, `a`) or inserted at one place (`-I`, `i`, `o`). */
export type Placement = 'append' | 'insert';

/** Where the address lists of a rule are: the index of each list's value, or -1. */
function listsOf(args: readonly string[]): { s: number; d: number } {
  let s = -1;
  let d = -1;
  for (let i = 0; i < args.length - 1; i++) {
    if (SOURCE.has(args[i]!)) s = i + 1;
    else if (DESTINATION.has(args[i]!)) d = i + 1;
  }
  return { s, d };
}

const items = (value: string | undefined): string[] => (value === undefined ? [''] : value.split(','));

/** Why iptables would refuse the lists of this rule (`!` with a list), or null. */
export function addressListProblem(args: readonly string[]): string | null {
  const { s, d } = listsOf(args);
  for (const at of [s, d]) {
    if (at >= 0 && args[at]!.includes(',') && args[at - 2] === '!') {
      return '! cannot negate a list of addresses (iptables refuses it): one rule per address';
    }
  }
  return null;
}

/** Whether the rule has a comma list of sources or destinations (so iptables makes several rules). */
export function hasAddressList(args: readonly string[]): boolean {
  const { s, d } = listsOf(args);
  return (s >= 0 && args[s]!.includes(',')) || (d >= 0 && args[d]!.includes(','));
}

/**
 * The rules iptables makes from one rule with address lists, in the order
 * they end up in the chain; a rule without lists comes back alone.
 */
export function expandAddressLists(args: readonly string[], placement: Placement): string[][] {
  if (!hasAddressList(args)) return [[...args]];
  const { s, d } = listsOf(args);
  const rules: string[][] = [];
  for (const source of items(s >= 0 ? args[s] : undefined)) {
    for (const destination of items(d >= 0 ? args[d] : undefined)) {
      const rule = [...args];
      if (s >= 0) rule[s] = source;
      if (d >= 0) rule[d] = destination;
      rules.push(rule);
    }
  }
  return placement === 'insert' ? rules.reverse() : rules;
}

/** A cheap look at a rule's text: could it hold an address list? (Most rules have no `,` at all.) */
export function mayHaveAddressList(text: string): boolean {
  return text.includes(',') && /(?:^|\s)(?:-s|-d|--source|--destination|--src|--dst)\s+[^\s,]*,/.test(text);
}

/** A rule read from restore input, as the rules iptables-restore makes of it (same counters on each). */
export function expandRule(rule: Rule, placement: Placement): Rule[] {
  if (!hasAddressList(rule.args)) return [rule];
  return expandAddressLists(rule.args, placement).map((args) => ({
    spec: joinArgs(args),
    args,
    counters: rule.counters,
  }));
}
