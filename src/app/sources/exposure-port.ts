/**
 * The view's exposure (`FirewallSource.exposure`) over the exposure report's two halves: reading the namespace's
 * facts (listeners with their processes, interfaces and addresses, other nftables tables: the only part that
 * reads the system, through the backend) and classifying them over a ruleset (pure domain). The facts are read once
 * per opening of the view; the staged rules are classified over the same facts, so "after your edits" costs no read.
 */
import type { ExposureReport } from '../../domain/exposure/exposure-entry.js';
import type { Family, Ruleset } from '../../domain/model/ruleset.js';
import type { ExposureAnswer, FirewallSource } from '../../domain/ports/firewall-source.js';

/** The two halves of the exposure report, as `fwtui exposure` has them (app/exposure, domain/exposure). */
export interface ExposureReader<Facts> {
  /** The namespace's facts for `family`. @throws with why, in words, when they cannot be read */
  readFacts(family: Family): Promise<Facts>;
  /** The report of `facts` over `ruleset` (DNAT'd ports found again in it): pure, no process, no file. */
  classify(facts: Facts, ruleset: Ruleset): ExposureReport;
}

/** `FirewallSource.exposure` from a reader: one read of the facts, the report over the rules the view holds. */
export function exposurePort<Facts>(reader: ExposureReader<Facts>): NonNullable<FirewallSource['exposure']> {
  return async (family: Family, ruleset: Ruleset): Promise<ExposureAnswer> => {
    const facts = await reader.readFacts(family);
    return { report: reader.classify(facts, ruleset), reevaluate: (staged) => reader.classify(facts, staged) };
  };
}
