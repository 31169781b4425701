/**
 * The facts of a live namespace (or this host) the exposure report is made from: the rules with their
 * sets and addresses, the interfaces that are up, the listening sockets with their processes, the
 * DNAT'd ports, and the nftables tables iptables does not show. Read-only.
 */
import { readSetsFor } from '../../backend/ipset.js';
import { listAddresses } from '../../backend/local-addresses.js';
import { listNftRuleset } from '../../backend/nft.js';
import { readNetnsFile } from '../../backend/proc-files.js';
import { sshInterfaces } from '../../backend/routes.js';
import type { CommandRunner } from '../../backend/runner.js';
import { scanDnatPorts } from '../../domain/exposure/dnat-scan.js';
import type { ExposureFacts } from '../../domain/exposure/exposure-report.js';
import { listenersOf, parseListeners, type Listener, type SocketTable } from '../../domain/exposure/listeners.js';
import { iptablesNftHoldsRules, otherNftTables } from '../../domain/exposure/nft-tables.js';
import type { Family } from '../../domain/model/ruleset.js';
import { usesSets } from '../../domain/sets/ip-set.js';
import { iptablesFor, loadLive, type FirewallScope } from '../sources/load-ruleset.js';
import { socketOwners } from './socket-owners.js';
import type { ProcView } from '../admin-sessions.js';

const TABLES: Readonly<Record<Family, readonly SocketTable[]>> = {
  ipv4: ['tcp', 'udp', 'tcp6', 'udp6'],
  ipv6: ['tcp6', 'udp6'],
};

/** The family's listening sockets with their owners, and what could not be read. */
async function readListeners(
  runner: CommandRunner,
  family: Family,
  netns: string | undefined,
  proc: ProcView | undefined,
): Promise<{ listeners: Listener[]; warnings: string[] }> {
  const warnings: string[] = [];
  const all: Listener[] = [];
  const texts = await Promise.all(TABLES[family].map((t) => readNetnsFile(runner, `/proc/net/${t}`, netns)));
  TABLES[family].forEach((t, i) => {
    const text = texts[i];
    if (text != null) all.push(...parseListeners(text, t));
    // No tcp6/udp6 for IPv4 means IPv6 is off: no socket there takes IPv4 either.
    else if (family === 'ipv6' || !t.endsWith('6'))
      warnings.push(`/proc/net/${t} could not be read: its sockets are missing`);
  });
  const v6only = (await readNetnsFile(runner, '/proc/sys/net/ipv6/bindv6only', netns))?.trim();
  if (family === 'ipv4' && v6only !== '0' && v6only !== '1' && all.some((l) => l.address === '::'))
    warnings.push('bindv6only could not be read: sockets on :: are taken as IPv6 only');
  const owners = await socketOwners(netns, proc);
  const owned = all.map((l) => ({ ...l, process: owners.get(l.inode) ?? null }));
  return { listeners: listenersOf(family, owned, v6only !== '0'), warnings };
}

/** The nftables tables iptables does not show, and a warning when nft's view of them is unknown. */
async function readOtherTables(runner: CommandRunner, family: Family, scope: FirewallScope, variant: string) {
  const listing = await listNftRuleset(runner, scope.netns);
  if (listing.kind === 'missing') return { otherTables: [], warnings: [] };
  if (listing.kind === 'failed')
    return { otherTables: [], warnings: [`nft could not list the ruleset (${listing.why}): other tables are unknown`] };
  const tables = otherNftTables(listing.json, family);
  const warnings =
    tables === null ? ['nft printed something other than its JSON ruleset: other tables are unknown'] : [];
  if (variant === 'legacy' && iptablesNftHoldsRules(listing.json, family))
    warnings.push(
      'iptables-nft tables also hold rules -- packets must pass both rulesets; fwtui shows only the legacy one',
    );
  return { otherTables: tables ?? [], warnings };
}

/** Everything the report needs from the live firewall of `scope`, for one family. */
export async function liveFacts(
  scope: FirewallScope,
  family: Family,
  runner: CommandRunner,
  proc?: ProcView,
): Promise<ExposureFacts> {
  const loaded = await loadLive(iptablesFor(scope, runner), family);
  let ruleset = loaded.ruleset;
  if (usesSets(ruleset.tables)) ruleset = { ...ruleset, sets: await readSetsFor(runner, scope.netns) };
  const read = await listAddresses(runner, scope.netns);
  // Unknown addresses stay unknown (-m addrtype uncertain), never "none".
  if (read !== null) ruleset = { ...ruleset, localAddresses: read };
  const locals = read ?? [];
  const interfaces = (await sshInterfaces(runner, scope.netns)) ?? [];
  const sockets = await readListeners(runner, family, scope.netns, proc);
  const other = await readOtherTables(runner, family, scope, loaded.backend);
  return {
    ruleset,
    interfaces,
    locals,
    listeners: sockets.listeners,
    dnat: scanDnatPorts(ruleset),
    otherTables: other.otherTables,
    warnings: [
      ...ruleset.warnings,
      ...(read === null ? ["the interfaces' addresses could not be read (ip -o addr show)"] : []),
      ...sockets.warnings,
      ...other.warnings,
    ],
  };
}
