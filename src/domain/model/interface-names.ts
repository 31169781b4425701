/**
 * Interface names in rules (`-i eth0`, `-o br+`, `! -i lo`) against the
 * interfaces that exist now. A rule for an interface that does not exist is
 * allowed (a VPN or container interface may appear later) but named. Pure.
 */
import { parseRuleView } from './rule-view.js';

/** Whether an interface value (`eth0`, or `eth+` for every name starting `eth`) names an existing interface. */
export function interfaceExists(value: string, existing: readonly string[]): boolean {
  if (value.endsWith('+')) return existing.some((n) => n.startsWith(value.slice(0, -1)));
  return existing.includes(value);
}

/** Warnings for the rule's interfaces that do not exist now; empty when `existing` is unknown (null). */
export function missingInterfaceWarnings(args: readonly string[], existing: readonly string[] | null): string[] {
  if (!existing || existing.length === 0) return [];
  const view = parseRuleView(args);
  const warnings: string[] = [];
  for (const [flag, field] of [
    ['-i', view.inInterface],
    ['-o', view.outInterface],
  ] as const) {
    if (!field || interfaceExists(field.value, existing)) continue;
    const wildcard = field.value.endsWith('+');
    const what = wildcard ? `no interface starting with ${field.value.slice(0, -1)}` : `no interface ${field.value}`;
    const more = existing.length > 8 ? ` and ${existing.length - 8} more` : '';
    const there = `there are ${existing.slice(0, 8).join(', ')}${more}`;
    warnings.push(`${flag} ${field.value}: there is ${what} here now (allowed: it may appear later; ${there})`);
  }
  return warnings;
}
