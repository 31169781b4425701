/**
 * A write without --backend goes to the ruleset of the system's `iptables` (nf_tables on Debian 12). Where that one
 * is empty and iptables-legacy holds the rules, such a write would start a second ruleset beside them (packets must
 * pass both) and leave empty nf_tables tables behind after a revert: refused, naming --backend legacy.
 */
import type { LiveRuleset, Variant } from '../../backend/iptables.js';
import type { Ruleset } from '../../domain/model/ruleset.js';

/** A write refused: the rules are in the other backend (README: exit 12, apply refused). */
export class RulesElsewhereError extends Error {}

/** Whether a ruleset filters nothing: no rule, no chain of its own, every policy ACCEPT (as nothing loaded reads). */
export function holdsNoRules(ruleset: Ruleset): boolean {
  return ruleset.tables.every((t) => t.chains.every((c) => c.rules.length === 0 && c.policy === 'ACCEPT'));
}

/** Whether `live` was read without a chosen backend from an empty nf_tables ruleset beside iptables-legacy's. */
export function rulesElsewhere(live: LiveRuleset, chosen: Variant | undefined): boolean {
  return (
    chosen === undefined && live.variant === 'nft' && live.legacyTablesPresent === true && holdsNoRules(live.ruleset)
  );
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
 * @param chosen --backend (undefined: the system's `iptables`)
 * @param what what is refused, e.g. `apply`
 * @param retry the same command line with `--backend legacy`, printed as the way out
 */
export function assertRulesHere(live: LiveRuleset, chosen: Variant | undefined, what: string, retry: string): void {
  if (rulesElsewhere(live, chosen)) throw rulesElsewhereError(what, retry);
}
