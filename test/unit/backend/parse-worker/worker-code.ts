/** The parsing worker as the bundle carries it (built once per test file by scripts/bundle.mjs). */
// @ts-expect-error: a build script in plain JavaScript
import { parseWorkerCode } from '../../../../scripts/bundle.mjs';
import { SavedRule } from '../../../../src/domain/model/saved-rule.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';

/** The worker's source text. */
export const workerCode = (): Promise<string> => parseWorkerCode() as Promise<string>;

/** A ruleset as plain data, every rule's text, counters and printed line (to compare two reads). */
export function plain(r: Ruleset): unknown {
  return {
    family: r.family,
    warnings: r.warnings,
    tables: r.tables.map((t) => ({
      name: t.name,
      unloaded: t.unloaded,
      chains: t.chains.map((c) => ({
        name: c.name,
        policy: c.policy,
        counters: c.counters,
        rules: c.rules.map((rule) => ({
          spec: rule.spec,
          args: rule.args,
          counters: rule.counters,
          line: rule instanceof SavedRule ? rule.lineIn(c.name) : null,
        })),
      })),
    })),
  };
}
