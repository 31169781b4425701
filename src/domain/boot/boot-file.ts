/**
 * The ruleset as it goes into a boot file, and how the running rules differ
 * from the saved ones. Chains that their owners rebuild at start (Docker,
 * kube-proxy, fail2ban, CNI plugins, ufw) are left out by default, with the
 * rules that jump to them: frozen into the boot file they would load stale
 * state, or fail to load once the owner renames them. Pure.
 */
import { renderSave } from '../text/render-save.js';
import type { Chain, Ruleset } from '../model/ruleset.js';
import { unifiedDiff, type DiffLine } from '../diff/unified-diff.js';
import { parseRuleView } from '../model/rule-view.js';

import { chainOwner } from '../model/chain-owner.js';

export { chainOwner };

export interface BootRuleset {
  readonly ruleset: Ruleset;
  /** "DOCKER, DOCKER-USER (Docker)" per owner: what was left out. */
  readonly leftOut: readonly string[];
}

/** The ruleset for the boot file: without other programs' chains (and jumps to them) unless `includeOwned`. */
export function bootRuleset(ruleset: Ruleset, includeOwned: boolean): BootRuleset {
  if (includeOwned) return { ruleset, leftOut: [] };
  const dropped = new Map<string, Set<string>>();
  const tables = ruleset.tables.map((table) => {
    const owned = new Set(table.chains.filter((c) => c.policy === null && chainOwner(c.name)).map((c) => c.name));
    for (const name of owned) {
      const owner = chainOwner(name)!;
      dropped.set(owner, (dropped.get(owner) ?? new Set()).add(name));
    }
    if (owned.size === 0) return table;
    const chains = table.chains
      .filter((c) => !owned.has(c.name))
      .map(
        (c): Chain => ({ ...c, rules: c.rules.filter((r) => !owned.has(parseRuleView(r.args).target?.name ?? '')) }),
      );
    return { ...table, chains };
  });
  const leftOut = [...dropped].map(([owner, names]) => `${[...names].join(', ')} (${owner})`);
  return { ruleset: { ...ruleset, tables }, leftOut };
}

/** The boot file's text: iptables-save format, counters only when the loader keeps them. */
export function bootFileText(ruleset: Ruleset, counters: boolean, stamp: string): string {
  const plain = counters
    ? ruleset
    : {
        ...ruleset,
        tables: ruleset.tables.map((t) => ({
          ...t,
          chains: t.chains.map((c) => ({ ...c, counters: { packets: 0n, bytes: 0n } })),
        })),
      };
  return renderSave(plain, { counters, header: `# Saved by fwtui on ${stamp}`, footer: '# Completed' });
}

/** Running (as it would be saved) vs the saved file, without counters; empty when they agree. */
export function savedDiff(running: Ruleset, saved: Ruleset | null): DiffLine[] {
  const text = (r: Ruleset): string =>
    renderSave(
      { ...r, tables: [...r.tables].sort((a, b) => a.name.localeCompare(b.name)) },
      { counters: false },
    ).replace(/ \[\d+:\d+\]$/gm, '');
  return unifiedDiff(saved ? text(saved) : '', text(running));
}
