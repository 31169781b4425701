/**
 * A write without --backend goes to the ruleset of the system's `iptables` (nf_tables on Debian 12). Where that one
 * is empty and iptables-legacy holds the rules, such a write would start a second ruleset beside them (packets must
 * pass both) and leave empty nf_tables tables behind after a revert: refused, naming --backend legacy.
 */
import type { Iptables, LiveRuleset, Variant } from '../../backend/iptables.js';
import { holdsNoRules, type Family } from '../../domain/model/ruleset.js';

/** A write refused: the rules are in the other backend (README: exit 12, apply refused). */
export class RulesElsewhereError extends Error {}

/**
 * Whether `live` was read without a chosen backend from an empty nf_tables ruleset beside iptables-legacy tables
 * (the cheap test, on every read; `rulesElsewhere` then asks whether the legacy tables hold anything).
 */
export function maybeRulesElsewhere(live: LiveRuleset, chosen: Variant | undefined): boolean {
  return (
    chosen === undefined && live.variant === 'nft' && live.legacyTablesPresent === true && holdsNoRules(live.ruleset)
  );
}

/** Whether `live` (of `family`) is an empty nf_tables ruleset while iptables-legacy holds the rules. */
export async function rulesElsewhere(live: LiveRuleset, iptables: Iptables, family: Family): Promise<boolean> {
  return maybeRulesElsewhere(live, iptables.chosenBackend) && (await iptables.legacyHoldsRules(family));
}

/** The refusal's words: what is refused, why, and the command line that works on the legacy rules. */
export function rulesElsewhereError(what: string, retry: string): RulesElsewhereError {
  return new RulesElsewhereError(
    `${what} refused: the rules here are in iptables-legacy and the nf_tables ruleset (what \`iptables\` uses) ` +
      'holds none; written there, the change would be a second ruleset beside them (packets must pass both). ' +
      `Nothing was written. To change the legacy rules: ${retry} (or --backend nft to start an nf_tables ruleset)`,
  );
}

/**
 * Throws when `live` was read without a chosen backend from an nf_tables ruleset that holds nothing while
 * iptables-legacy tables are present.
 * @param iptables the one `live` was read with (its --backend: undefined means the system's `iptables`)
 * @param what what is refused, e.g. `apply`
 * @param retry the same command line with `--backend legacy`, printed as the way out
 */
export async function assertRulesHere(
  live: LiveRuleset,
  iptables: Iptables,
  family: Family,
  what: string,
  retry: string,
): Promise<void> {
  if (await rulesElsewhere(live, iptables, family)) throw rulesElsewhereError(what, retry);
}
