/**
 * A stand-in for the exposure classification in view tests: the report's entries, each turned `filtered` over a
 * ruleset whose filter chain holds a DROP for its port the way the fix writes it (DOCKER-USER by the original port,
 * INPUT by --dport). The real classification is the domain's (h18expo); this only lets the view be tested alone.
 */
import type { ExposureEntry, ExposureReport } from '../../src/domain/exposure/exposure-entry.js';
import { findChain, findTable, type Ruleset } from '../../src/domain/model/ruleset.js';
import type { ExposureAnswer } from '../../src/domain/ports/firewall-source.js';

const dropsPort = (rules: Ruleset, chain: string, e: ExposureEntry): string | null => {
  const filter = findTable(rules, 'filter');
  const c = filter && findChain(filter, chain);
  const port = e.via === 'dnat' ? `--ctorigdstport ${e.port} ` : `--dport ${e.port} `;
  const i = c?.rules.findIndex((r) => r.spec.includes(port) && r.spec.endsWith('-j DROP')) ?? -1;
  return i < 0 ? null : `${i + 1} -A ${chain} ${c!.rules[i]!.spec}`;
};

/** Classifies `entries` over `rules`: a matching DROP makes the entry filtered, decided by that rule. */
export function fakeClassify(base: ExposureReport, rules: Ruleset): ExposureReport {
  const entries = base.entries.map((e): ExposureEntry => {
    const chain = e.via === 'dnat' ? 'DOCKER-USER' : 'INPUT';
    const hit = dropsPort(rules, chain, e);
    if (!hit) return e;
    const [num, ...rule] = hit.split(' ');
    return {
      ...e,
      verdict: 'filtered',
      from: [],
      decided_by: { table: 'filter', chain, num: Number(num), rule: rule.join(' ') },
    };
  });
  return { ...base, entries };
}

/** The answer the fake source gives: the report over the rules read, and the same classification for others. */
export const fakeExposure =
  (base: ExposureReport) =>
  async (_family: unknown, rules: Ruleset): Promise<ExposureAnswer> => ({
    report: fakeClassify(base, rules),
    reevaluate: (staged) => fakeClassify(base, staged),
  });
