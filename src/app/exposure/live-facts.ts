/**
 * The facts of a live namespace (or this host) the exposure report is made from: the rules with their
 * sets and addresses, the interfaces that are up, the listening sockets with their processes, the
 * DNAT'd ports, and the nftables tables iptables does not show. Read-only.
 */
import { readSetsFor } from '../../backend/ipset.js';
import { listAddresses } from '../../backend/local-addresses.js';
import { listNft } from '../../backend/nft.js';
import { readNetnsFiles } from '../../backend/proc-files.js';
import { readRouting } from '../../backend/routing-facts.js';
import { readLinks } from '../../backend/routes.js';
import type { CommandRunner } from '../../backend/runner.js';
import { dnatPorts } from '../../domain/exposure/dnat-ports.js';
import type { ExposureFacts } from '../../domain/exposure/exposure-report.js';
import { listenersOf, parseListeners, type Listener, type SocketTable } from '../../domain/exposure/listeners.js';
import { hasIptablesNftTables, iptablesNftHoldsRules, otherNftTables } from '../../domain/exposure/nft-tables.js';
import type { Family } from '../../domain/model/ruleset.js';
import { usesSets } from '../../domain/sets/ip-set.js';
import { iptablesFor, loadLive, type FirewallScope } from '../sources/load-ruleset.js';
import { socketOwners } from './socket-owners.js';
import { rewritesDestinations } from '../trace/packet-trace.js';
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
  const V6ONLY = '/proc/sys/net/ipv6/bindv6only';
  const [files, owners] = await Promise.all([
    readNetnsFiles(runner, [...TABLES[family].map((t) => `/proc/net/${t}`), V6ONLY], netns),
    socketOwners(netns, proc),
  ]);
  TABLES[family].forEach((t) => {
    const text = files.get(`/proc/net/${t}`);
    if (text !== undefined) all.push(...parseListeners(text, t));
    // No tcp6/udp6 for IPv4 means IPv6 is off: no socket there takes IPv4 either.
    else if (family === 'ipv6' || !t.endsWith('6'))
      warnings.push(`/proc/net/${t} could not be read: its sockets are missing`);
  });
  const v6only = files.get(V6ONLY)?.trim();
  if (family === 'ipv4' && v6only !== '0' && v6only !== '1' && all.some((l) => l.address === '::'))
    warnings.push('bindv6only could not be read: sockets on :: are taken as IPv6 only');
  const owned = all.map((l) => ({ ...l, process: owners.get(l.inode) ?? null }));
  return { listeners: listenersOf(family, owned, v6only !== '0'), warnings };
}

/** The nftables tables iptables does not show (from their chains: fast at any size), a warning when unknown. */
async function readOtherTables(runner: CommandRunner, family: Family, netns: string | undefined) {
  const listing = await listNft(runner, 'chains', netns);
  if (listing.kind === 'missing') return { otherTables: [], warnings: [], iptablesNft: false };
  if (listing.kind === 'failed') {
    const why = `nft could not list its chains (${listing.why}): other tables are unknown`;
    return { otherTables: [], warnings: [why], iptablesNft: false };
  }
  const tables = otherNftTables(listing.json, family);
  const warnings =
    tables === null ? ['nft printed something other than its JSON chains: other tables are unknown'] : [];
  return { otherTables: tables ?? [], warnings, iptablesNft: hasIptablesNftTables(listing.json, family) };
}

/** Whether iptables-nft's tables hold rules: only asked when they exist while fwtui reads legacy. */
async function nftHoldsRules(runner: CommandRunner, family: Family, netns: string | undefined): Promise<boolean> {
  const listing = await listNft(runner, 'ruleset', netns);
  return listing.kind === 'ok' && iptablesNftHoldsRules(listing.json, family);
}

/** Read through legacy while iptables-nft's tables hold rules too: both filter, fwtui shows one. */
const BOTH = 'iptables-nft tables also hold rules -- packets must pass both rulesets; fwtui shows only the legacy one';

/** The links could not be read: no list of interfaces, so no report (an empty one would say nothing is exposed). */
export class LinksUnreadableError extends Error {}

/**
 * Everything the report needs from the live firewall of `scope`, for one family.
 * @throws LinksUnreadableError when `ip link` fails: the interfaces packets arrive on are not known.
 */
export async function liveFacts(
  scope: FirewallScope,
  family: Family,
  runner: CommandRunner,
  proc?: ProcView,
): Promise<ExposureFacts> {
  // The reads are independent: in parallel, the report waits for the slowest, not their sum.
  const [loaded, read, up, sockets, other, routing] = await Promise.all([
    loadLive(iptablesFor(scope, runner), family),
    listAddresses(runner, scope.netns),
    readLinks(runner, scope.netns),
    readListeners(runner, family, scope.netns, proc),
    readOtherTables(runner, family, scope.netns),
    // Where a DNAT sends the packet next (forwarding, routes): cheap, read alongside, used when a rule DNATs.
    readRouting(runner, family, scope.netns),
  ]);
  if (up.links === null)
    throw new LinksUnreadableError(
      'exposure: the interfaces could not be read (ip -o -d link show failed): no report, it would hide what is open',
    );
  let ruleset = loaded.ruleset;
  if (rewritesDestinations(ruleset)) ruleset = { ...ruleset, routing };
  if (usesSets(ruleset.tables)) ruleset = { ...ruleset, sets: await readSetsFor(runner, scope.netns) };
  if (loaded.backend === 'legacy' && other.iptablesNft && (await nftHoldsRules(runner, family, scope.netns)))
    other.warnings.push(BOTH);
  // Unknown addresses stay unknown (-m addrtype uncertain), never "none".
  if (read !== null) ruleset = { ...ruleset, localAddresses: read };
  const locals = read ?? [];
  const interfaces = up.up ?? [];
  return {
    ruleset,
    interfaces,
    locals,
    ...(read === null ? { localsUnknown: true } : {}),
    listeners: sockets.listeners,
    dnat: dnatPorts(ruleset, ruleset.family),
    otherTables: other.otherTables,
    // Which bridges are internal: only what was read (links or routes unknown: none is).
    ...(up.links === null ? {} : { links: up.links }),
    routing,
    warnings: [
      ...ruleset.warnings,
      ...(read === null ? ["the interfaces' addresses could not be read (ip -o addr show)"] : []),
      ...sockets.warnings,
      ...other.warnings,
    ],
  };
}
