/** The two FirewallSources the live view can show: the live firewall, or a saved file. */
import { fwtuiCommand } from '../../domain/hints/command-hint.js';
import { maybeRulesElsewhere, rulesElsewhere, rulesElsewhereError } from '../safety/rules-elsewhere.js';
import type { InterfaceAddress } from '../../domain/analysis/local-addresses.js';
import type { Protect } from '../../domain/analysis/lockout.js';
import { hostname } from 'node:os';
import { applyPlans, kernelCheckRule } from '../../backend/apply.js';
import type { Iptables, LiveRuleset } from '../../backend/iptables.js';
import type { TablePlan } from '../../domain/commit/commit-plan.js';
import { renderSave } from '../../domain/text/render-save.js';
import {
  stillUnloaded,
  withFilterTable,
  withTables,
  type Family,
  type Ruleset,
  type RulesetSets,
} from '../../domain/model/ruleset.js';
import type { BootPort, FirewallSource } from '../../domain/ports/firewall-source.js';
import type { SafetyNetDeps } from '../safety/safety-net.js';
import { writeFileAtomic } from '../../persist/atomic-write.js';
import { commitWithSafetyNet, safetyPort } from '../safety/safety-port.js';
import { changedSetPlans } from '../../domain/sets/set-restore.js';
import type { EventLedger } from './event-ledger.js';

/**
 * A read noted for the ruleset events: where their stream stood when it began, and, while it runs, open for a
 * commit to share (see EventLedger.reading).
 */
function noted<R extends { readonly ruleset: Ruleset }>(
  ledger: EventLedger | undefined,
  family: Family,
  read: () => Promise<R>,
  only?: string,
): Promise<R> {
  const mark = ledger?.mark() ?? null;
  const done = read().then((r) => {
    ledger?.rememberAll(r.ruleset.tables, mark, family);
    return r;
  });
  // Only a read the events vouch for is offered (and only then is the promise below made: a failed read must
  // reject to its caller alone, never as a rejection nobody handles).
  if (ledger && mark !== null) {
    const tables = done.then((r) => r.ruleset.tables);
    tables.catch(() => {});
    ledger.reading(family, mark, tables, only);
  }
  return done;
}

/**
 * The live firewall. With `safety`, every commit goes through the safety net
 * (a guard reverts it unless confirmed); without, it is applied directly
 * (tests of the apply step alone).
 */
export function liveSource(
  iptables: Iptables,
  safety?: { deps: SafetyNetDeps; timeoutSec: number },
  boot?: BootPort,
  protect?: () => Promise<Protect>,
  interfaces?: () => Promise<readonly string[]>,
  sets?: () => Promise<RulesetSets>,
  localAddresses?: () => Promise<readonly InterfaceAddress[] | null>,
  events?: FirewallSource['events'],
  routing?: FirewallSource['routing'],
  exposure?: FirewallSource['exposure'],
  ledger?: EventLedger,
): FirewallSource {
  // Families whose last full read had no filter table (nothing loaded it).
  const unloaded = new Set<Family>();
  // Families read from an empty nf_tables ruleset beside iptables-legacy tables (asked again at commit).
  const legacyOnly = new Map<Family, LiveRuleset>();
  return {
    live: true,
    label: iptables.netns ? `${hostname()} netns ${iptables.netns}` : hostname(),
    async families() {
      const [v4, v6] = await Promise.all([iptables.hasFamily('ipv4'), iptables.hasFamily('ipv6')]);
      return [...(v4 ? ['ipv4' as const] : []), ...(v6 ? ['ipv6' as const] : [])];
    },
    // A family whose filter table nothing loaded yet reads as iptables -L shows it (built-in chains, ACCEPT).
    read: async (family) => {
      const read = await noted(ledger, family, () => iptables.save(family));
      if (read.ruleset.tables.some((t) => t.name === 'filter')) unloaded.delete(family);
      else unloaded.add(family);
      if (maybeRulesElsewhere(read, iptables.chosenBackend)) legacyOnly.set(family, read);
      else legacyOnly.delete(family);
      return { ...read, ruleset: withFilterTable(read.ruleset) };
    },
    // iptables-nft-save -t filter prints an unloaded table's built-in chains: while empty, still nothing loaded it.
    readTable: async (family, table) => {
      const read = await noted(ledger, family, () => iptables.saveTable(family, table), table);
      if (table !== 'filter' || !unloaded.has(family)) return read;
      const ruleset = stillUnloaded(read.ruleset);
      if (ruleset === read.ruleset) unloaded.delete(family);
      return { ...read, ruleset };
    },
    zeroChain: (family, table, chain) => iptables.zeroChain(family, table, chain),
    commit: async (plans, sets = []) => {
      // Never into an empty nf_tables ruleset beside the legacy one that holds the rules (fwtui apply refuses too).
      for (const family of new Set(plans.map((p) => p.family))) {
        const read = legacyOnly.get(family);
        if (read && (await rulesElsewhere(read, iptables, family))) {
          const retry = fwtuiCommand({ netns: iptables.netns, backend: 'legacy' });
          throw rulesElsewhereError('commit', `quit and open ${retry}`);
        }
      }
      return safety
        ? commitWithSafetyNet(iptables, plans, safety.deps, safety.timeoutSec, sets, ledger)
        : applyPlans(iptables, plans, ledger ? { events: ledger } : {}, sets);
    },
    checkRule: (family, table, chain, spec, declare) => kernelCheckRule(iptables, family, table, chain, spec, declare),
    checks: true,
    ...(safety ? { safety: safetyPort(safety.deps, safety.timeoutSec) } : {}),
    ...(boot ? { boot } : {}),
    ...(protect ? { protect } : {}),
    ...(interfaces ? { interfaces } : {}),
    ...(sets ? { sets } : {}),
    ...(localAddresses ? { localAddresses } : {}),
    ...(events ? { events } : {}),
    ...(routing ? { routing } : {}),
    ...(exposure ? { exposure } : {}),
  };
}

/** The file's tables with the staged ones in their place (plans come in iptables-save's table order). */
function withStaged(ruleset: Ruleset, plans: readonly TablePlan[]): Ruleset {
  return withTables(ruleset, { ...ruleset, tables: plans.map((p) => p.staged) });
}

/**
 * A saved ruleset: one family, counters as in the file, nothing to refresh.
 * A commit writes the file back atomically; rule checks use `checker` (the
 * local iptables-restore --test) when there is one.
 */
export function fileSource(path: string, initial: Ruleset, checker?: Iptables): FirewallSource {
  let ruleset = initial;
  const read = async () => ({ ruleset, variant: 'file' as const, durationMs: 0 });
  return {
    live: false,
    label: path === '-' ? 'stdin' : path,
    families: async () => [ruleset.family],
    read,
    readTable: read,
    zeroChain: async () => {
      throw new Error('counters of a saved file cannot be zeroed');
    },
    async commit(plans, sets = []) {
      if (changedSetPlans(sets).length > 0) {
        const where = path === '-' ? 'a saved file' : path;
        throw new Error(`IP sets live in the kernel, not in ${where}: set changes need the live firewall`);
      }
      const next = withStaged(
        ruleset,
        plans.filter((p) => p.family === ruleset.family),
      );
      await writeFileAtomic(path, renderSave(next));
      ruleset = next;
      return { kind: 'applied', fresh: plans.map((p) => ({ family: p.family, table: p.staged })), problems: [] };
    },
    checkRule: async (family, table, chain, spec, declare) =>
      checker ? kernelCheckRule(checker, family, table, chain, spec, declare) : null,
    checks: checker !== undefined,
  };
}
