/**
 * Rule views parsed once per rule for the report's scans of a big ruleset (sources, port classes): the
 * same cache the chain walk reads, so a 10k-rule ruleset is parsed once for both. Pure.
 */
export { viewOf as ruleView } from '../analysis/chain-walk.js';
